// The rules of a changing unit structure, and figures across a reorganisation: "as then" keeps each
// enterprise under the unit of the time, "as now" maps its past onto today's units; a merge changes
// no province total; a ceased enterprise leaves the figures from then and keeps its history.
import { describe, expect, it } from "vitest";
import type { District } from "../../contract/units.ts";
import { replayAt, type LogEntry } from "../../server/domain/history.ts";
import { statusChange } from "../../server/domain/lifecycle.ts";
import { mergeProblems, retireProblems, splitProblems, successorMap } from "../../server/domain/units.ts";

const unit = (id: number, code: string, over: Partial<District> = {}): District => ({
  id,
  code,
  name: `Đơn vị ${code}`,
  kind: "COMMUNE",
  active: true,
  validFrom: null,
  validTo: null,
  provinceId: 1,
  ...over,
});
const units = [
  unit(1, "A"),
  unit(2, "B"),
  unit(3, "C", { validFrom: "2026-03-01" }),
  unit(4, "OLD", { active: false, validTo: "2025-07-01", kind: "DISTRICT" }),
];
const TODAY = "2026-11-30";

describe("merging units", () => {
  it("accepts active sources into an active unit or a new one with a free code", () => {
    expect(mergeProblems({ sourceIds: [1, 2], into: 3, effectiveDate: "2026-06-01" }, units, TODAY)).toEqual({});
    expect(
      mergeProblems(
        { sourceIds: [1], into: { code: "NEW", name: "Mới", kind: "WARD" }, effectiveDate: TODAY },
        units,
        TODAY,
      ),
    ).toEqual({});
  });
  it("refuses a unit merged into itself, into a retired unit, unknown or repeated ids, a taken code", () => {
    const p = (sourceIds: number[], into: number | { code: string; name: string; kind: "WARD" }) =>
      mergeProblems({ sourceIds, into, effectiveDate: "2026-06-01" }, units, TODAY);
    expect(p([1], 1).into?.code).toBe("into_itself");
    expect(p([1], 4).into?.reason).toMatch(/retired/);
    expect(p([4], 2)["sourceIds.0"]?.reason).toMatch(/retired/);
    expect(p([9], 2)["sourceIds.0"]?.reason).toMatch(/not a known unit/);
    expect(p([1, 1], 2)["sourceIds.1"]?.reason).toMatch(/twice/);
    expect(p([1], 9).into?.reason).toMatch(/not a known unit/);
    expect(p([1], { code: "OLD", name: "x", kind: "WARD" })["into.code"]?.reason).toMatch(/already used/);
  });
  it("refuses an effective date in the future or before a unit began", () => {
    expect(
      mergeProblems({ sourceIds: [1], into: 2, effectiveDate: "2026-12-01" }, units, TODAY).effectiveDate?.reason,
    ).toMatch(/future/);
    expect(
      mergeProblems({ sourceIds: [1], into: 3, effectiveDate: "2026-02-28" }, units, TODAY).effectiveDate?.reason,
    ).toMatch(/before unit C began/);
  });
});

describe("splitting and retiring", () => {
  const part = (code: string, enterpriseIds: number[]) => ({ code, name: code, kind: "WARD" as const, enterpriseIds });
  it("needs every enterprise placed exactly once, and nothing from elsewhere", () => {
    expect(splitProblems(units[0]!, [part("S1", [10]), part("S2", [11])], TODAY, [10, 11], units, TODAY)).toEqual({});
    expect(splitProblems(units[0]!, [part("S1", [10])], TODAY, [10, 11], units, TODAY).into?.reason).toMatch(
      /unplaced: 11/,
    );
    expect(
      splitProblems(units[0]!, [part("S1", [10, 11]), part("S2", [11])], TODAY, [10, 11], units, TODAY)[
        "into.1.enterpriseIds"
      ]?.reason,
    ).toMatch(/twice/);
    expect(
      splitProblems(units[0]!, [part("S1", [10, 11, 99])], TODAY, [10, 11], units, TODAY)["into.0.enterpriseIds"]
        ?.reason,
    ).toMatch(/99/);
    expect(
      splitProblems(units[0]!, [part("S1", [10]), part("S1", [11])], TODAY, [10, 11], units, TODAY),
    ).toHaveProperty("into.1.code");
    expect(splitProblems(units[3]!, [part("S1", [])], TODAY, [], units, TODAY).id?.reason).toMatch(/retired/);
  });
  it("retires only an empty active unit", () => {
    expect(retireProblems(units[0]!, 0, TODAY, TODAY)).toEqual({ problems: {} });
    expect(retireProblems(units[0]!, 3, TODAY, TODAY).conflict!.id).toMatchObject({
      code: "unit_has_enterprises",
      params: { unit: units[0]!.code, n: 3 },
      reason: expect.stringMatching(/still has 3/),
    });
    expect(retireProblems(units[3]!, 0, TODAY, TODAY).conflict!.id?.reason).toMatch(/retired already/);
  });
  it("follows merges forward to today's unit", () => {
    const next = successorMap([
      { from: 1, into: 2 },
      { from: 2, into: 5 },
    ]);
    expect([next(1), next(2), next(5), next(7)]).toEqual([5, 5, 5, 7]);
  });
});

describe("an enterprise's lifecycle", () => {
  const active = { status: "ACTIVE" as const, statusDate: null };
  it("ceases from a date (today by default), never in the future, never twice; reopens", () => {
    expect(statusChange(active, { status: "CEASED" }, TODAY)).toEqual({
      next: { status: "CEASED", statusDate: TODAY },
    });
    expect(statusChange(active, { status: "CEASED", statusDate: "2026-05-01" }, TODAY)).toEqual({
      next: { status: "CEASED", statusDate: "2026-05-01" },
    });
    expect(statusChange(active, { status: "CEASED", statusDate: "2027-01-01" }, TODAY)).toHaveProperty(
      "problems.statusDate",
    );
    const ceased = { status: "CEASED" as const, statusDate: "2026-05-01" };
    expect(statusChange(ceased, { status: "CEASED" }, TODAY)).toEqual({
      problems: {
        status: {
          code: "ceased_already",
          params: { day: "2026-05-01" },
          reason: "is CEASED already (since 2026-05-01)",
        },
      },
    });
    expect(statusChange(ceased, { status: "ACTIVE" }, TODAY)).toEqual({
      next: { status: "ACTIVE", statusDate: TODAY },
    });
  });
});

describe("figures across a reorganisation", () => {
  const fields = (districtId: number, headcount: number) => ({
    name: "E",
    taxCode: "0000000000",
    districtId,
    sector: "C",
    ownership: "FDI",
    headcount,
    unionMembers: headcount / 2,
    hasUnion: true,
    hasParty: false,
    hasYouthUnion: false,
    hasWomenUnion: false,
    hasVeterans: false,
    partyRecommended: 0,
    partyAdmitted: 0,
    initiatives: 0,
  });
  const create = (seq: number, id: number, at: string, districtId: number, headcount: number): LogEntry => ({
    seq,
    enterpriseId: id,
    at: new Date(at),
    action: "create",
    diff: Object.fromEntries(Object.entries(fields(districtId, headcount)).map(([k, v]) => [k, [null, v]])),
  });
  const update = (seq: number, id: number, at: string, diff: Record<string, [unknown, unknown]>): LogEntry => ({
    seq,
    enterpriseId: id,
    at: new Date(at),
    action: "update",
    diff,
  });
  // Units 1 and 2 (former districts) merged into 3 on 2025-07-01; enterprise 12 ceased in 2025-09;
  // enterprise 13 was erased later (it was in unit 2, so "as now" counts its past under 3).
  const log: LogEntry[] = [
    create(1, 11, "2025-01-10T00:00:00Z", 1, 100),
    create(2, 12, "2025-02-10T00:00:00Z", 2, 40),
    create(3, 13, "2025-03-10T00:00:00Z", 2, 10),
    update(4, 11, "2025-07-01T00:00:00Z", { districtId: [1, 3] }),
    update(5, 12, "2025-07-01T00:00:00Z", { districtId: [2, 3] }),
    update(6, 13, "2025-07-01T00:00:00Z", { districtId: [2, 3] }),
    update(7, 12, "2025-09-15T00:00:00Z", { status: ["ACTIVE", "CEASED"], statusDate: [null, "2025-09-15"] }),
    { ...update(8, 13, "2026-01-05T00:00:00Z", {}), action: "erase" },
  ];
  async function* batches() {
    yield log;
  }
  const at = (iso: string) => ({ before: new Date(iso) });
  const today = new Map([
    [11, 3],
    [12, 3],
  ]);
  const asNow = (id: number, then: number) =>
    today.get(id) ??
    successorMap([
      { from: 1, into: 3 },
      { from: 2, into: 3 },
    ])(then);
  const byUnit = (stats: { byDistrict: { districtId: number; headcount: number }[] }) =>
    Object.fromEntries(stats.byDistrict.map((d) => [d.districtId, d.headcount]));

  it("as then: the units of the time; as now: the same totals under today's units", async () => {
    const points = [
      at("2025-06-30T00:00:00Z"),
      at("2025-08-01T00:00:00Z"),
      at("2025-10-01T00:00:00Z"),
      at("2026-02-01T00:00:00Z"),
    ];
    const then = await replayAt(batches(), points, undefined, (r) => r.stats({}));
    const now = await replayAt(batches(), points, undefined, (r) => r.stats({}), asNow);
    expect(then.map(byUnit)).toEqual([{ 1: 100, 2: 50 }, { 3: 150 }, { 3: 110 }, { 3: 100 }]);
    expect(now.map(byUnit)).toEqual([{ 3: 150 }, { 3: 150 }, { 3: 110 }, { 3: 100 }]);
    // The merge changes no province total; the ceased and the erased enterprise leave it from their day.
    expect(then.map((s) => s.totals.headcount)).toEqual([150, 150, 110, 100]);
    expect(now.map((s) => s.totals)).toEqual(then.map((s) => s.totals));
  });
});
