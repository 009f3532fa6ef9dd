// Targets' rules, pure: which inputs may be written (known, active units; each target once), what a
// write changes, the year's span so far, and the progress of a period's figures toward the targets.
import type { PeriodFigures } from "../../contract/report.ts";
import { TARGET_MEASURES, type MeasureProgress, type TargetInput, type TargetMeasure } from "../../contract/targets.ts";
import { problem } from "../../contract/errors.ts";
import type { FieldInput } from "./errors.ts";

/** A stored target, keyed by year, unit (null: the province) and measure. */
export interface TargetRow {
  year: number;
  districtId: number | null;
  measure: TargetMeasure;
  value: number;
}

/** One change a write makes: old null when the target is new, new null when it is removed. */
export interface TargetDelta {
  year: number;
  districtId: number | null;
  measure: TargetMeasure;
  oldValue: number | null;
  newValue: number | null;
}

export const targetKey = (t: { year: number; districtId: number | null; measure: string }) =>
  `${t.year}|${t.districtId ?? 0}|${t.measure}`;

/**
 * Problems of a list of inputs against the units, by field (`districtId`, or `3.districtId` in a list):
 * an unknown unit, a retired one (a target for a unit that no longer exists would never be reached),
 * the same target twice. `prefix(i)` names the i-th input's fields.
 */
export function targetProblems(
  inputs: readonly TargetInput[],
  units: ReadonlyMap<number, { active: boolean; code: string }>,
  prefix: (i: number) => string,
): FieldInput {
  const out: FieldInput = {};
  const seen = new Map<string, number>();
  inputs.forEach((t, i) => {
    if (t.districtId !== null) {
      const unit = units.get(t.districtId);
      if (!unit) out[`${prefix(i)}districtId`] = problem("unknown_district", { id: t.districtId });
      else if (!unit.active)
        out[`${prefix(i)}districtId`] = problem(
          "invalid",
          undefined,
          `unit ${unit.code} is retired: set the targets of the unit that took it over`,
        );
    }
    const key = targetKey(t);
    const first = seen.get(key);
    if (first !== undefined)
      out[`${prefix(i)}measure`] = problem("invalid", undefined, `is set twice (also in item ${first})`);
    else seen.set(key, i);
  });
  return out;
}

/** What writing `inputs` over `current` changes (inputs that change nothing are left out). */
export function targetDeltas(current: readonly TargetRow[], inputs: readonly TargetInput[]): TargetDelta[] {
  const now = new Map(current.map((t) => [targetKey(t), t.value]));
  const out: TargetDelta[] = [];
  for (const t of inputs) {
    const oldValue = now.get(targetKey(t)) ?? null;
    if (oldValue === t.value) continue;
    out.push({ year: t.year, districtId: t.districtId, measure: t.measure, oldValue, newValue: t.value });
  }
  return out;
}

/** 1 January of `year` to the day the figures reach: today, or 31 December of a past year; null for a
 *  year that has not begun (nothing achieved yet). */
export function yearSoFar(year: number, today: string): { from: string; to: string } | null {
  const from = `${String(year).padStart(4, "0")}-01-01`;
  const end = `${String(year).padStart(4, "0")}-12-31`;
  if (today < from) return null;
  return { from, to: today < end ? today : end };
}

/** The figure of a period that each measure is judged by (density in percent). */
export function achievedOf(f: PeriodFigures): Record<TargetMeasure, number | null> {
  return {
    newMembers: f.unionMembersChange,
    unionsFounded: f.unionsFounded,
    density: f.density === null ? null : f.density * 100,
    partyRecommended: f.partyRecommended,
    initiatives: f.initiatives,
  };
}

/** The targets that apply to a scope: a unit's own, or the province's (districtId null). */
export function targetsOfScope(rows: readonly TargetRow[], year: number, districtId: number | null) {
  const out: Partial<Record<TargetMeasure, number>> = {};
  for (const r of rows) if (r.year === year && r.districtId === districtId) out[r.measure] = r.value;
  return out;
}

/**
 * Progress toward each measure's target: achieved ÷ target. A target of 0 is met by anything at or
 * above 0 (progress 1), never a division by zero; no target or nothing achieved gives null.
 */
export function progressOf(
  targets: Partial<Record<TargetMeasure, number>>,
  achieved: Record<TargetMeasure, number | null> | null,
): MeasureProgress[] {
  return TARGET_MEASURES.map((measure) => {
    const target = targets[measure] ?? null;
    const got = achieved ? achieved[measure] : null;
    const progress =
      target === null || got === null ? null : target === 0 ? (got >= 0 ? 1 : 0) : Math.max(0, got) / target;
    return { measure, target, achieved: got, progress };
  });
}
