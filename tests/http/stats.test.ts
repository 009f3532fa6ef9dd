// The figures a dashboard shows: for any filter they equal a recount of the enterprise list,
// and a saved change moves them by exactly that change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enterprise } from "../../contract/enterprise.ts";
import type { Filter } from "../../contract/filter.ts";
import type { Figures } from "../../contract/stats.ts";
import { keyedStats, naiveFigures, naiveStats } from "../support/naive-stats.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const districtRow = (s: { byDistrict: (Figures & { districtId: number })[] }, id: number) =>
  s.byDistrict.find((r) => r.districtId === id);

describe("figures for a filter equal a recount of the enterprises it selects", () => {
  const cases: [string, (all: Enterprise[]) => [string, Filter]][] = [
    ["the whole province", () => ["", {}]],
    ["one district", (all) => [`district=${all[0]!.districtId}`, { district: [all[0]!.districtId] }]],
    ["non-state enterprises", () => ["nonState=true", { nonState: true }]],
    [
      "manufacturing and trade with 25 to 499 workers",
      () => ["sector=C,G&size=25-99,100-499", { sector: ["C", "G"], size: ["25-99", "100-499"] }],
    ],
    [
      "FDI enterprises with no union and no Party cell",
      () => ["ownership=FDI&missing=union,party", { ownership: ["FDI"], missing: ["union", "party"] }],
    ],
    ["a text search", () => ["q=cong%20ty", { q: "cong ty" }]],
  ];

  for (const [story, make] of cases) {
    it(story, async () => {
      const all = await server.enterprises();
      const [query, filter] = make(all);
      const stats = await server.stats(query);
      const expected = naiveStats(all, filter);
      expect(expected.totals.enterprises).toBeGreaterThan(0);
      expect(keyedStats(stats)).toEqual(expected);
      // A ceased enterprise is listed (it can be reopened) but counts in no figure.
      const listed = await server.enterprises(query);
      expect(stats.totals.enterprises).toBe(listed.filter((e) => e.status !== "CEASED").length);
      expect(stats.seq).toBe(await server.db.changeLog.count());
    });
  }

  it("density is members ÷ workers over the enterprises with workers, never an average of percentages", async () => {
    const all = (await server.enterprises()).filter((e) => e.status !== "CEASED");
    const withWorkers = all.filter((e) => e.headcount > 0);
    expect(withWorkers.length).toBeLessThan(all.length); // the demo province has enterprises without workers
    const { totals } = await server.stats();
    const members = withWorkers.reduce((s, e) => s + e.unionMembers, 0);
    const workers = withWorkers.reduce((s, e) => s + e.headcount, 0);
    expect(totals.density).toBe(members / workers);
    expect(totals.enterprises).toBe(all.length);
  });

  it("a filter that selects nothing has zero counts and no density", async () => {
    const { totals, byDistrict } = await server.stats("district=999999");
    expect(totals).toEqual(naiveFigures([]));
    expect(totals.density).toBeNull();
    expect(byDistrict).toEqual([]);
  });
});

describe("a saved change moves the figures by exactly that change", () => {
  it("more union members: the province and the district gain them, everything else stays", async () => {
    const all = await server.enterprises();
    const e = all.find((x) => x.status === "ACTIVE" && x.hasUnion && x.headcount - x.unionMembers >= 4)!;
    const before = await server.stats();
    expect((await server.patch(e.id, { version: e.version, unionMembers: e.unionMembers + 4 })).status).toBe(200);
    const after = await server.stats();

    expect(after.seq).toBe(before.seq + 1);
    expect(after.totals).toEqual({
      ...before.totals,
      unionMembers: before.totals.unionMembers + 4,
      density: (before.totals.unionMembers + 4) / before.totals.headcount,
    });
    const d0 = districtRow(before, e.districtId)!,
      d1 = districtRow(after, e.districtId)!;
    expect(d1).toEqual({ ...d0, unionMembers: d0.unionMembers + 4, density: (d0.unionMembers + 4) / d0.headcount });
    for (const row of after.byDistrict)
      if (row.districtId !== e.districtId) expect(row).toEqual(districtRow(before, row.districtId));
    expect(keyedStats(after)).toEqual(naiveStats(await server.enterprises(), {}));
  });

  it("moving an enterprise to another district moves its figures and leaves the province's totals alone", async () => {
    const all = await server.enterprises();
    const districts = await server.districts();
    const e = all.find((x) => x.status === "ACTIVE" && x.headcount > 0 && x.districtId !== districts.at(-1)!.id)!;
    const to = districts.at(-1)!.id;
    const before = await server.stats();
    expect((await server.patch(e.id, { version: e.version, districtId: to })).status).toBe(200);
    const after = await server.stats();

    expect(after.totals).toEqual(before.totals);
    expect(districtRow(after, e.districtId)?.enterprises ?? 0).toBe(districtRow(before, e.districtId)!.enterprises - 1);
    expect(districtRow(after, to)!.enterprises).toBe((districtRow(before, to)?.enterprises ?? 0) + 1);
    expect(districtRow(after, to)!.headcount).toBe((districtRow(before, to)?.headcount ?? 0) + e.headcount);
    expect(keyedStats(after)).toEqual(naiveStats(await server.enterprises(), {}));
  });

  it("founding a union in a 25+ enterprise takes it off the federation's target list", async () => {
    const all = await server.enterprises();
    const e = all.find((x) => x.headcount >= 25 && !x.hasUnion)!;
    const before = await server.stats();
    expect((await server.patch(e.id, { version: e.version, hasUnion: true, unionMembers: 25 })).status).toBe(200);
    const after = await server.stats();
    expect(after.totals.over25NoUnion).toBe(before.totals.over25NoUnion - 1);
    expect(after.totals.withUnion).toBe(before.totals.withUnion + 1);
    expect(after.totals.missing.union).toBe(before.totals.missing.union - 1);
    expect(after.totals.over25).toBe(before.totals.over25);
  });
});

describe("bad statistics queries", () => {
  it("are refused with 400 naming the parameter", async () => {
    for (const [query, field] of [
      ["district=abc", "district"],
      ["sector=Z", "sector"],
      ["ownership=PRIVATE", "ownership"],
      ["nonState=yes", "nonState"],
      ["size=huge", "size"],
      ["missing=church", "missing"],
      ["page=2", "page"],
    ] as const) {
      const r = await server.api(`/api/stats?${query}`);
      expect(r.status, query).toBe(400);
      const names = Object.keys(errorOf(r).fields ?? {});
      expect(
        names.some((n) => n === field || n.startsWith(`${field}.`)),
        `${query} → ${names.join(", ")}`,
      ).toBe(true);
    }
  });
});
