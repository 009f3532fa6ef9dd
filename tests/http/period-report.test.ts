// The survey briefing's period report as a leader asks for it: the demo province's example period
// (01/01/2021–30/09/2022, non-state) rebuilt from the change log gives the briefing's figures; a
// figure entered late with the day it happened lands in its period; bad periods and fact dates are
// refused with field messages and change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../contract/enterprise.ts";
import type { PeriodReport } from "../../contract/report.ts";
import type { Stats } from "../../contract/stats.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let leader: string;

beforeAll(async () => {
  server = await startTestServer({ enterprises: 300 });
  leader = await server.cookieOf("Leader", { role: "LEADER" });
});
afterAll(async () => {
  await server?.close();
});

const get = (p: string) => server.api(p, { headers: { cookie: leader } });
async function report(query: string): Promise<PeriodReport> {
  const r = await get(`/api/reports/period?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as PeriodReport;
}
const EXAMPLE = "from=2021-01-01&to=2022-09-30";

describe("the period report", () => {
  it("rebuilds the seed's example period: 2.099 recommended, 841 admitted (40,1 %), 4.016 initiatives", async () => {
    const r = await report(EXAMPLE);
    expect([r.partyRecommended, r.partyAdmitted, r.initiatives]).toEqual([2099, 841, 4016]);
    expect(
      new Intl.NumberFormat("vi-VN", { style: "percent", minimumFractionDigits: 1 }).format(r.partyAdmissionRate!),
    ).toBe("40,1%");
    expect(r.current.partyRecommended).toBe(2099);
    expect(r.scope.nonState).toBe(true);
    expect([r.previous.from, r.previous.to]).toEqual(["2019-04-04", "2020-12-31"]);
    expect([r.yearEarlier.from, r.yearEarlier.to]).toEqual(["2020-01-01", "2021-09-30"]);
    // The table by unit adds up to the whole.
    const sum = (k: "partyRecommended" | "partyAdmitted" | "initiatives" | "enterprises") =>
      r.byUnit.reduce((s, u) => s + u.figures[k], 0);
    expect([sum("partyRecommended"), sum("partyAdmitted"), sum("initiatives"), sum("enterprises")]).toEqual([
      2099,
      841,
      4016,
      r.current.enterprises,
    ]);
    // Stock at the end equals the figures as of that day.
    const asOf = (await get("/api/stats?asOf=2022-09-30&nonState=true")).body as Stats;
    expect(r.current.enterprises).toBe(asOf.totals.enterprises);
    expect(r.current.unionMembersEnd).toBe(asOf.totals.unionMembers);
    expect(r.current.over25NoUnion).toBe(asOf.totals.over25NoUnion);
    expect(r.current.enterprises).toBeGreaterThan(0);
    // The previous period saw some of 2020's work; the state sector has none of the example's.
    expect(r.previous.partyRecommended).toBeGreaterThan(0);
    expect((await report(`${EXAMPLE}&nonState=false&ownership=STATE`)).partyRecommended).toBe(0);
  });

  it("counts a figure entered today on the day it happened", async () => {
    const list = (await get("/api/enterprises?nonState=true&pageSize=1&sort=-partyRecommended")).body as {
      items: Enterprise[];
    };
    const e = list.items[0]!;
    const r = await server.patch(e.id, {
      version: e.version,
      partyRecommended: e.partyRecommended + 5,
      partyAdmitted: e.partyAdmitted + 2,
      factDate: "2022-03-15",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await report(EXAMPLE);
    expect([after.partyRecommended, after.partyAdmitted]).toEqual([2104, 843]);
    // This year's report does not see it.
    const thisYear = await report("");
    expect(thisYear.partyRecommended).toBe(0);
    const history = (await get(`/api/enterprises/${e.id}/history`)).body as { items: { seq: number }[] };
    const row = await server.db.changeLog.findUnique({ where: { seq: history.items[0]!.seq } });
    expect(row!.factDate).toBe("2022-03-15");
    expect(Date.now() - row!.at.getTime()).toBeLessThan(60_000);
  });

  it("refuses bad periods and fact dates with field messages, changing nothing", async () => {
    const bad = async (query: string, fields: Record<string, string>) => {
      const r = await get(`/api/reports/period?${query}`);
      expect(r.status).toBe(400);
      expect(errorOf(r).fields).toEqual(fields);
    };
    await bad("from=2022-09-30&to=2021-01-01", { to: "must not be before `from`" });
    await bad("from=2022-02-30&to=2022-03-01", { from: "must be a real calendar day" });
    await bad("from=yesterday", { from: "must be a date written YYYY-MM-DD" });
    await bad("from=2000-01-01&to=2012-01-01", { to: "must be at most 10 years after `from`" });
    await bad("from=2021-01-01&units=sometimes", { units: "must be now or then" });

    const e = ((await get("/api/enterprises?pageSize=1")).body as { items: Enterprise[] }).items[0]!;
    const before = await server.db.changeLog.count();
    for (const [factDate, reason] of [
      ["2999-01-01", /^must not be in the future/],
      ["1999-12-31", /^must not be before 2000-01-01/],
      ["2022-13-01", /must be a real calendar day/],
    ] as const) {
      const r = await server.patch(e.id, { version: e.version, headcount: e.headcount + 1, factDate });
      expect(r.status).toBe(400);
      expect(errorOf(r).fields?.factDate).toMatch(reason);
    }
    expect(await server.db.changeLog.count()).toBe(before);
    expect(((await get(`/api/enterprises/${e.id}`)).body as Enterprise).version).toBe(e.version);
  });

  it("clamps an end after today to today", async () => {
    const r = await report("from=2026-01-01&to=2999-12-31");
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    expect(r.to).toBe(today);
  });
});
