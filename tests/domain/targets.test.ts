// Targets' rules without a server: progress toward a target from the year's figures, the year so far,
// what a write changes, which inputs are refused, and the targets sheet read row by row.
import { describe, expect, it } from "vitest";
import type { PeriodFigures } from "../../contract/report.ts";
import { planTargetsSheet } from "../../server/domain/targets-sheet.ts";
import { STALE_MS, isServable } from "../../server/services/progress-cache.ts";
import {
  achievedOf,
  progressOf,
  targetDeltas,
  targetProblems,
  targetsOfScope,
  yearSoFar,
} from "../../server/domain/targets.ts";

const figures = (f: Partial<PeriodFigures>): PeriodFigures => ({
  enterprises: 10,
  headcount: 1000,
  unionMembersStart: 500,
  unionMembersEnd: 620,
  unionMembersChange: 120,
  unionsFounded: 3,
  over25NoUnion: 2,
  partyRecommended: 31,
  partyAdmitted: 12,
  partyAdmissionRate: 12 / 31,
  initiatives: 62,
  founded: { party: 0, youth: 0, women: 0, veterans: 0 },
  density: 0.62,
  ...f,
});

describe("progress toward the targets", () => {
  it("is the year's figure over the target: 62 initiatives of 100 is 62 %", () => {
    const p = progressOf({ initiatives: 100, density: 80, newMembers: 200 }, achievedOf(figures({})));
    const by = Object.fromEntries(p.map((i) => [i.measure, i]));
    expect(by.initiatives).toEqual({ measure: "initiatives", target: 100, achieved: 62, progress: 0.62 });
    // Density is judged in percent at the day reached: 62 % of workers against 80 %.
    expect(by.density!.achieved).toBeCloseTo(62, 9);
    expect(by.density!.progress).toBeCloseTo(62 / 80, 9);
    expect(by.newMembers!.progress).toBe(0.6);
    // No target: nothing to judge.
    expect(by.unionsFounded).toEqual({ measure: "unionsFounded", target: null, achieved: 3, progress: null });
  });

  it("goes past 100 % when the target is beaten, never below 0 when members fell, and a target of 0 is met", () => {
    const p = progressOf(
      { initiatives: 50, newMembers: 100, unionsFounded: 0 },
      achievedOf(figures({ unionMembersChange: -40 })),
    );
    const by = Object.fromEntries(p.map((i) => [i.measure, i]));
    expect(by.initiatives!.progress).toBe(62 / 50);
    expect(by.newMembers).toMatchObject({ achieved: -40, progress: 0 });
    expect(by.unionsFounded!.progress).toBe(1);
  });

  it("has no figure for a year not begun, nor density without workers", () => {
    expect(progressOf({ initiatives: 10 }, null)[4]).toEqual({
      measure: "initiatives",
      target: 10,
      achieved: null,
      progress: null,
    });
    expect(achievedOf(figures({ density: null })).density).toBeNull();
  });

  it("counts the year from 1 January to today, or to 31 December once the year is over", () => {
    expect(yearSoFar(2026, "2026-11-30")).toEqual({ from: "2026-01-01", to: "2026-11-30" });
    expect(yearSoFar(2025, "2026-11-30")).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(yearSoFar(2027, "2026-11-30")).toBeNull();
  });

  it("uses a unit's own targets, or the province's for the whole province", () => {
    const rows = [
      { year: 2026, districtId: null, measure: "initiatives" as const, value: 100 },
      { year: 2026, districtId: 3, measure: "initiatives" as const, value: 20 },
      { year: 2025, districtId: 3, measure: "density" as const, value: 50 },
    ];
    expect(targetsOfScope(rows, 2026, 3)).toEqual({ initiatives: 20 });
    expect(targetsOfScope(rows, 2026, null)).toEqual({ initiatives: 100 });
    expect(targetsOfScope(rows, 2026, 7)).toEqual({});
  });
});

describe("writing targets", () => {
  const units = new Map([
    [1, { active: true, code: "AP01" }],
    [2, { active: false, code: "H01" }],
  ]);
  it("refuses unknown and retired units and the same target twice, naming the item", () => {
    const p = targetProblems(
      [
        { year: 2026, districtId: 9, measure: "density", value: 50 },
        { year: 2026, districtId: 2, measure: "density", value: 50 },
        { year: 2026, districtId: 1, measure: "density", value: 50 },
        { year: 2026, districtId: 1, measure: "density", value: 60 },
      ],
      units,
      (i) => `${i}.`,
    );
    expect(Object.keys(p).sort()).toEqual(["0.districtId", "1.districtId", "3.measure"]);
  });

  it("changes only what differs: new, changed and removed targets, each with its old value", () => {
    const current = [
      { year: 2026, districtId: null, measure: "initiatives" as const, value: 100 },
      { year: 2026, districtId: 1, measure: "density" as const, value: 60 },
    ];
    const d = targetDeltas(current, [
      { year: 2026, districtId: null, measure: "initiatives", value: 100 },
      { year: 2026, districtId: 1, measure: "density", value: null },
      { year: 2026, districtId: 1, measure: "newMembers", value: 30 },
    ]);
    expect(d.map((x) => [x.measure, x.oldValue, x.newValue])).toEqual([
      ["density", 60, null],
      ["newMembers", null, 30],
    ]);
  });
});

describe("the targets sheet", () => {
  const header = [
    "Năm",
    "Mã đơn vị",
    "Tên đơn vị",
    "Kết nạp đoàn viên mới",
    "Thành lập CĐCS mới",
    "Tỷ lệ đoàn viên (%)",
    "Giới thiệu đoàn viên ưu tú cho Đảng",
    "Sáng kiến",
  ];
  const units = [
    { id: 1, code: "AP01", active: true },
    { id: 2, code: "H01", active: false },
  ];
  it("reads Vietnamese numbers, leaves blank cells alone and takes a blank code as the province", () => {
    const plan = planTargetsSheet(
      [
        { row: 1, cells: header },
        { row: 2, cells: [2026, "", "Toàn tỉnh", "1.200", null, "62,5", null, 40] },
        { row: 3, cells: [2026, "ap01", "Xã A", 100, 2, null, null, null] },
      ],
      units,
      [{ year: 2026, districtId: 1, measure: "newMembers", value: 100 }],
    );
    expect(plan.rows.map((r) => r.action)).toEqual(["set", "set"]);
    expect(plan.inputs.map((i) => [i.districtId, i.measure, i.value])).toEqual([
      [null, "newMembers", 1200],
      [null, "density", 62.5],
      [null, "initiatives", 40],
      [1, "newMembers", 100],
      [1, "unionsFounded", 2],
    ]);
  });

  it("names the column and the reason of each bad cell, and a missing column", () => {
    const plan = planTargetsSheet(
      [
        { row: 1, cells: header },
        { row: 2, cells: [2026, "H01", "", 1, null, null, null, null] },
        { row: 3, cells: [2026, "AP01", "", -1, null, 101, null, null] },
        { row: 4, cells: [2026, "AP01", "", 1, null, null, null, null] },
      ],
      units,
      [],
    );
    expect(plan.rows.map((r) => [r.row, r.errors.map((e) => e.column)])).toEqual([
      [2, ["Mã đơn vị"]],
      [3, ["Kết nạp đoàn viên mới", "Tỷ lệ đoàn viên (%)"]],
      // The same unit and year twice in one sheet: which one is meant?
      [4, ["Mã đơn vị"]],
    ]);
    const missing = planTargetsSheet([{ row: 1, cells: header.filter((h) => h !== "Sáng kiến") }], units, []);
    expect(missing.rows[0]!.errors.map((e) => e.column)).toEqual(["Sáng kiến"]);
  });
});

describe("progress answers kept for many dashboards", () => {
  it("serves a kept answer while nothing changed, and after a change only an expensive one, for a while", () => {
    const cheap = { version: "10:2", at: 0, costMs: 20 };
    const dear = { version: "10:2", at: 0, costMs: 900 };
    expect(isServable(cheap, "10:2", 60_000)).toBe(true);
    expect(isServable(cheap, "11:2", 1)).toBe(false);
    expect(isServable(dear, "11:2", STALE_MS - 1)).toBe(true);
    expect(isServable(dear, "11:2", STALE_MS + 1)).toBe(false);
    // A target changed (in any process): the second part moves.
    expect(isServable(cheap, "10:3", 1)).toBe(false);
  });
});
