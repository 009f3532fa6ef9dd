// The past as an analyst asks for it: figures as of a day and a monthly trend, rebuilt from the
// change log. The test writes its own timeline (enterprises created and changed through the API,
// then their log entries moved back to 2020, before the seeded province existed) and checks every
// value against figures worked out by hand. Days and months are Viet Nam's (UTC+7).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../contract/enterprise.ts";
import type { TrendPoint } from "../../contract/history.ts";
import type { Stats } from "../../contract/stats.ts";
import { dayOf } from "../../server/domain/calendar.ts";
import { keyedStats } from "../support/naive-stats.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let analyst: string;
let alpha: Enterprise;
let beta: Enterprise;

const base = {
  hasParty: false,
  hasYouthUnion: false,
  hasWomenUnion: false,
  hasVeterans: false,
  partyRecommended: 0,
  partyAdmitted: 0,
  initiatives: 0,
};

async function create(body: Record<string, unknown>): Promise<Enterprise> {
  const r = await server.api("/api/enterprises", { method: "POST", json: { ...base, ...body } });
  expect(r.status).toBe(201);
  return r.body as Enterprise;
}
async function change(e: Enterprise, patch: Record<string, unknown>): Promise<Enterprise> {
  const r = await server.patch(e.id, { version: e.version, ...patch });
  expect(r.status).toBe(200);
  return r.body as Enterprise;
}
/** Moves an enterprise's log entries (oldest first) to the given instants. */
async function backdate(e: Enterprise, instants: string[]) {
  const entries = await server.db.changeLog.findMany({ where: { enterpriseId: e.id }, orderBy: { seq: "asc" } });
  expect(entries.length).toBe(instants.length);
  for (const [i, entry] of entries.entries())
    await server.db.changeLog.update({
      where: { seq: entry.seq },
      data: { at: new Date(instants[i]!), factDate: dayOf(new Date(instants[i]!)) },
    });
  await server.db.enterprise.update({
    where: { id: e.id },
    data: { createdAt: new Date(instants[0]!), updatedAt: new Date(instants[instants.length - 1]!) },
  });
}

beforeAll(async () => {
  server = await startTestServer({ enterprises: 120 });
  analyst = await server.cookieOf("Analyst", { role: "ANALYST" });
  const [d1, d2] = await server.districts();
  // Alpha: FDI manufacturer, 120 workers, 10 members, no union (Jan 2020); a union and 60 members
  // at 23:30 on 31 March in Ha Noi (still March); down to 90 workers at 00:30 on 1 April.
  alpha = await create({
    taxCode: "0109990001",
    name: "Công ty Trend Alpha",
    districtId: d1!.id,
    sector: "C",
    ownership: "FDI",
    headcount: 120,
    unionMembers: 10,
    hasUnion: false,
  });
  alpha = await change(alpha, { unionMembers: 60, hasUnion: true });
  alpha = await change(alpha, { headcount: 90 });
  // Beta: a domestic builder (F) with 30 workers from February, reclassified as manufacturing in May.
  beta = await create({
    taxCode: "0109990002",
    name: "Công ty Trend Beta",
    districtId: d2!.id,
    sector: "F",
    ownership: "DOMESTIC",
    headcount: 30,
    unionMembers: 0,
    hasUnion: false,
  });
  beta = await change(beta, { sector: "C" });
  await backdate(alpha, ["2020-01-15T03:00:00Z", "2020-03-31T16:30:00Z", "2020-03-31T17:30:00Z"]);
  await backdate(beta, ["2020-02-10T03:00:00Z", "2020-05-05T03:00:00Z"]);
});
afterAll(async () => {
  await server?.close();
});

const get = (p: string) => server.api(p, { headers: { cookie: analyst } });
async function trend(query: string): Promise<TrendPoint[]> {
  const r = await get(`/api/trends?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as TrendPoint[];
}
async function asOf(query: string): Promise<Stats> {
  const r = await get(`/api/stats?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as Stats;
}

describe("a monthly trend is the value at the end of each month", () => {
  it("manufacturing, December 2019 to June 2020", async () => {
    const points = await trend("sector=C&from=2019-12&to=2020-06");
    expect(points.map((p) => p.month)).toEqual([
      "2019-12",
      "2020-01",
      "2020-02",
      "2020-03",
      "2020-04",
      "2020-05",
      "2020-06",
    ]);
    expect(
      points.map((p) => [p.totals.enterprises, p.totals.headcount, p.totals.unionMembers, p.totals.missing.union]),
    ).toEqual([
      [0, 0, 0, 0],
      [1, 120, 10, 1],
      [1, 120, 10, 1], // Beta is still a builder
      [1, 120, 60, 0],
      [1, 90, 60, 0],
      [2, 120, 60, 1], // Beta counted as manufacturing from May
      [2, 120, 60, 1],
    ]);
    expect(points.map((p) => p.totals.density)).toEqual([null, 10 / 120, 10 / 120, 0.5, 60 / 90, 0.5, 0.5]);
    // The last millisecond of March in Viet Nam.
    expect(points[3]!.asOf).toBe("2020-03-31T16:59:59.999Z");
  });

  it("filters by the values as they were: 100–499 workers loses Alpha in April", async () => {
    const points = await trend("size=100-499&from=2020-02&to=2020-04");
    expect(points.map((p) => p.totals.enterprises)).toEqual([1, 1, 0]);
  });

  it("by district, ownership, union and missing organisations", async () => {
    expect(
      (await trend(`district=${alpha.districtId}&ownership=FDI&from=2020-01&to=2020-04`)).map(
        (p) => p.totals.unionMembers,
      ),
    ).toEqual([10, 10, 60, 60]);
    expect((await trend("union=false&from=2020-01&to=2020-04")).map((p) => p.totals.enterprises)).toEqual([1, 2, 1, 1]);
    expect(
      (await trend("nonState=true&missing=youth,party&from=2020-01&to=2020-02")).map((p) => p.totals.headcount),
    ).toEqual([120, 150]);
    expect((await trend("q=trend%20beta&from=2020-01&to=2020-03")).map((p) => p.totals.enterprises)).toEqual([0, 1, 1]);
  });

  it("defaults to the twelve months up to this one", async () => {
    const points = await trend("");
    expect(points).toHaveLength(12);
    const now = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
    expect(points[11]!.month).toBe(now);
  });
});

describe("figures as of a day", () => {
  it("count every change up to midnight that day in Viet Nam", async () => {
    const march30 = await asOf("sector=C&asOf=2020-03-30");
    expect([march30.totals.headcount, march30.totals.unionMembers]).toEqual([120, 10]);
    const march31 = await asOf("sector=C&asOf=2020-03-31");
    expect([march31.totals.headcount, march31.totals.unionMembers]).toEqual([120, 60]);
    const april1 = await asOf("sector=C&asOf=2020-04-01");
    expect([april1.totals.headcount, april1.totals.unionMembers]).toEqual([90, 60]);
    expect(april1.byDistrict).toEqual([expect.objectContaining({ districtId: alpha.districtId, headcount: 90 })]);
  });

  it("before anything was registered, the province is empty", async () => {
    expect((await asOf("asOf=2019-06-30")).totals.enterprises).toBe(0);
  });

  it("as of a day in the future, they are today's figures: the log replays to the present", async () => {
    for (const query of ["", "nonState=true", "union=false&size=25-99"]) {
      const { seq: _now, ...live } = await asOf(query);
      const { seq: _then, ...replayed } = await asOf(`${query}${query ? "&" : ""}asOf=2099-12-31`);
      expect(keyedStats(replayed)).toEqual(keyedStats(live));
    }
  });
});

describe("bad ranges are refused in the error shape", () => {
  const cases: [string, Record<string, string>][] = [
    ["from=2020-05&to=2020-01", { from: "must not be after `to`" }],
    ["from=2000-01&to=2010-01", { to: "must be at most 120 months after `from`" }],
    ["from=2020-13", { from: "must be a month written YYYY-MM" }],
    ["from=2000-01", { to: "must be at most 120 months after `from`" }], // up to this month by default
    ["from=2999-01", { from: "must not be after `to`" }],
  ];
  for (const [query, fields] of cases) {
    it(query, async () => {
      const r = await get(`/api/trends?${query}`);
      expect(r.status).toBe(400);
      expect(errorOf(r).fields).toEqual(fields);
    });
  }
  it("asOf=2020-02-30", async () => {
    const r = await get("/api/stats?asOf=2020-02-30");
    expect(r.status).toBe(400);
    expect(errorOf(r).fields).toEqual({ asOf: "must be a real calendar day" });
  });
  it("exactly 120 months is allowed", async () => {
    expect(await trend("from=2011-01&to=2020-12")).toHaveLength(120);
  });
});
