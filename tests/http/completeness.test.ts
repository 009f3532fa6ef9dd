// A leader sees which units have not reported lately: per unit, how many of its active enterprises
// were updated in the last 30 and 90 days (by the time a change was entered) and when last, on a
// real SQLite file where the test sets the entered times of the log rows it made; a reorganisation
// is no report, a ceased enterprise is not counted; the CSV is for those who may export. The same
// story on PostgreSQL (the machine's server), where the grouped query runs as at scale.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Completeness } from "../../contract/completeness.ts";
import type { District, Enterprise } from "../../contract/enterprise.ts";
import { createTestDatabase, type TestDatabase } from "../scale/support/postgres.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

const DAY = 86_400_000;
const LONG_AGO = new Date("2024-01-01T00:00:00.000Z");

describe.each(["sqlite", "postgres"] as const)("on %s", (provider) => {
  let pgDb: TestDatabase | null = null;
  let server: TestServer;
  let units: District[];
  let now: number;
  /** Unit a: one enterprise updated 5 days ago (and 60), one 45 days ago, one 100 days ago. */
  let a: District;
  /** Unit b: every active enterprise updated just now, one ceased. */
  let b: District;
  /** Unit c: took over unit d by a merge just now (no report), nothing else since LONG_AGO. */
  let c: District;
  let d: District;
  let recent: Date;
  let bActive: Enterprise[];

  const completeness = async (query = "") => {
    const r = await server.api(`/api/completeness${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return Completeness.parse(r.body);
  };
  const bump = async (e: Enterprise) => {
    const r = await server.patch(e.id, { version: e.version, initiatives: e.initiatives + 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Enterprise;
  };
  /** The entered time of the latest log row of an enterprise, as if it had been entered then. */
  const enteredAt = async (enterpriseId: number, at: Date) => {
    const last = await server.db.changeLog.findFirst({ where: { enterpriseId }, orderBy: { seq: "desc" } });
    await server.db.changeLog.update({ where: { seq: last!.seq }, data: { at } });
  };

  beforeAll(async () => {
    pgDb = provider === "postgres" ? await createTestDatabase() : null;
    server = await startTestServer({ enterprises: 300, ...(pgDb ? { env: { DATABASE_URL: pgDb.url } } : {}) });
    // Everything the seed wrote was entered long ago: only the test's own changes are recent.
    await server.db.changeLog.updateMany({ data: { at: LONG_AGO } });
    units = await server.districts();
    [a, b, c, d] = units as [District, District, District, District];
    now = Date.now();

    const inA = await server.enterprises(`district=${a.id}`);
    const [e1, e2, e3] = inA.filter((e) => e.status === "ACTIVE") as [Enterprise, Enterprise, Enterprise];
    const e1b = await bump(e1);
    await enteredAt(e1.id, new Date(now - 60 * DAY));
    await bump(e1b);
    recent = new Date(now - 5 * DAY);
    await enteredAt(e1.id, recent);
    await bump(e2);
    await enteredAt(e2.id, new Date(now - 45 * DAY));
    await bump(e3);
    await enteredAt(e3.id, new Date(now - 100 * DAY));

    const inB = (await server.enterprises(`district=${b.id}`)).filter((e) => e.status === "ACTIVE");
    const ceased = inB[0]!;
    const r = await server.patch(ceased.id, { version: ceased.version, status: "CEASED" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    bActive = [];
    for (const e of inB.slice(1)) bActive.push(await bump(e));

    const merged = await server.api("/api/districts/merge", {
      method: "POST",
      json: { sourceIds: [d.id], into: c.id, effectiveDate: "2026-01-01" },
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await pgDb?.drop();
  });

  const activeIn = (districtId: number) =>
    server.db.enterprise.count({ where: { districtId, status: "ACTIVE", erasedAt: null } });

  describe(`reporting completeness (${provider})`, () => {
    it("counts each unit's enterprises updated in 30 and 90 days, once each, and its last update", async () => {
      const got = await completeness();
      const row = (u: District) => got.units.find((x) => x.districtId === u.id)!;
      const nA = await activeIn(a.id);
      expect(row(a)).toMatchObject({
        code: a.code,
        name: a.name,
        enterprises: nA,
        updated30: 1,
        updated90: 2,
        lastUpdate: recent.toISOString(),
      });
      expect(row(a).share30).toBeCloseTo(1 / nA);
      // One in thirty-odd enterprises is under the 10 % share: quiet although it reported this month.
      expect(nA).toBeGreaterThan(10);
      expect(row(a).quiet).toBe(true);

      expect(row(b)).toMatchObject({
        enterprises: bActive.length,
        updated30: bActive.length,
        share30: 1,
        quiet: false,
      });
      expect(await activeIn(b.id)).toBe(bActive.length); // the ceased one is not counted
      expect(Date.parse(row(b).lastUpdate!)).toBeGreaterThan(now - 60_000);
    });

    it("does not take a merge for a report, and says when a silent unit last reported", async () => {
      const got = await completeness();
      const rowC = got.units.find((x) => x.districtId === c.id)!;
      expect(rowC.enterprises).toBe(await activeIn(c.id));
      expect(
        await server.db.changeLog.count({ where: { source: "reorganisation", at: { gt: new Date(now - DAY) } } }),
      ).toBeGreaterThan(0);
      expect(rowC).toMatchObject({ updated30: 0, updated90: 0, lastUpdate: LONG_AGO.toISOString(), quiet: true });
      // The merged-away unit is retired and empty: no row of its own.
      expect(got.units.map((x) => x.districtId)).not.toContain(d.id);
      expect(got.units.map((x) => x.code)).toEqual([...got.units.map((x) => x.code)].sort());
    });

    it("the province total is the sum of its units", async () => {
      const got = await completeness();
      const all = await server.db.enterprise.count({ where: { status: "ACTIVE", erasedAt: null } });
      expect(got.total).toMatchObject({
        enterprises: all,
        updated30: 1 + bActive.length,
        updated90: 2 + bActive.length,
      });
      expect(got.total.enterprises).toBe(got.units.reduce((s, u) => s + u.enterprises, 0));
      expect(Date.parse(got.total.lastUpdate!)).toBe(
        Date.parse(got.units.find((x) => x.districtId === b.id)!.lastUpdate!),
      );
    });

    it("follows the dashboard's filters", async () => {
      const one = await completeness(`?district=${a.id}`);
      expect(one.units.map((u) => u.districtId)).toEqual([a.id]);
      expect(one.total).toEqual(
        Object.fromEntries(Object.keys(one.total).map((k) => [k, one.units[0]![k as "quiet"]])),
      );
      const fdi = await completeness(`?ownership=FDI&district=${b.id}`);
      const fdiActive = bActive.filter((e) => e.ownership === "FDI").length;
      expect(fdi.units[0]).toMatchObject({ enterprises: fdiActive, updated30: fdiActive });
    });

    it("refuses a bad filter naming the field, for JSON and CSV alike", async () => {
      for (const path of ["/api/completeness?district=abc", "/api/completeness.csv?ownership=NOPE"]) {
        const r = await server.api(path);
        expect(r.status).toBe(400);
        const field = path.includes("district") ? "district" : "ownership";
        expect(Object.keys(errorOf(r).fields ?? {}).every((k) => k.split(".")[0] === field)).toBe(true);
        expect(Object.keys(errorOf(r).fields ?? {})).not.toHaveLength(0);
      }
    });

    it("exports the table as CSV with Vietnamese headers for an analyst, not for a leader", async () => {
      const hostile = '=HYPERLINK("http://evil.example","bấm")';
      const renamed = await server.api(`/api/districts/${a.id}`, { method: "PATCH", json: { name: hostile } });
      expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
      const analyst = await server.cookieOf("Phân tích", { role: "ANALYST" });
      const r = await fetch(`${server.url}/api/completeness.csv`, { headers: { cookie: analyst } });
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(r.headers.get("content-disposition")).toMatch(
        /attachment; filename="cap-nhat-so-lieu-\d{4}-\d{2}-\d{2}\.csv"/,
      );
      const bytes = Buffer.from(await r.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM, so Excel reads Vietnamese
      const lines = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
      expect(lines[0]).toBe(
        "Mã đơn vị,Tên đơn vị,Số doanh nghiệp đang hoạt động,Cập nhật trong 30 ngày,Tỷ lệ cập nhật 30 ngày," +
          "Cập nhật trong 90 ngày,Tỷ lệ cập nhật 90 ngày,Lần cập nhật gần nhất,Tình trạng",
      );
      const nA = await activeIn(a.id);
      expect(lines).toContain(
        `${a.code},"'=HYPERLINK(""http://evil.example"",""bấm"")",${nA},1,${1 / nA},2,${2 / nA},${recent.toISOString()},Lâu không cập nhật`,
      );
      expect(lines.at(-1)).toMatch(/^,Toàn tỉnh,\d+,/);
      expect(lines).toHaveLength(1 + units.length - 1 + 1); // header, the active units (d merged away), the total

      const leader = await server.cookieOf("Lãnh đạo", { role: "LEADER" });
      const refused = await server.api("/api/completeness.csv", { headers: { cookie: leader } });
      expect(refused.status).toBe(403);
      expect((await server.api("/api/completeness", { headers: { cookie: leader } })).status).toBe(200);
    });
  });
});
