// Rules of a changing unit structure (issue 10): what a merge, split or retirement may do, checked
// before anything is written. Each check returns field → problem (a code with its parameters, and the
// English reason); an empty object means allowed.
// Dates are YYYY-MM-DD strings (Viet Nam's calendar), which compare correctly as text.
import { problem, type FieldProblem } from "../../contract/errors.ts";
import type { District, NewUnit } from "../../contract/units.ts";

export type Problems = Record<string, FieldProblem>;

/** The effective date of a change to these units: not in the future, not before any of them began. */
export function effectiveDateProblems(effectiveDate: string, today: string, units: readonly District[]): Problems {
  if (effectiveDate > today) return { effectiveDate: problem("future", { today }) };
  for (const u of units)
    if (u.validFrom && effectiveDate < u.validFrom)
      return { effectiveDate: problem("before_unit", { unit: u.code, day: u.validFrom }) };
  return {};
}

/** A new unit's code must not be taken by any unit, active or retired (codes name history too). */
export function codeProblem(code: string, units: readonly District[], except?: number): FieldProblem | undefined {
  const taken = units.find((u) => u.code === code && u.id !== except);
  return taken ? problem("taken_by_unit", { unit: taken.code, name: taken.name }) : undefined;
}

export interface MergePlan {
  sourceIds: readonly number[];
  into: number | NewUnit;
  effectiveDate: string;
}

/** Merging: every source a known active unit, named once; the target an active unit that is not
 *  a source, or a new unit with a free code. */
export function mergeProblems(plan: MergePlan, units: readonly District[], today: string): Problems {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: Problems = {};
  const seen = new Set<number>();
  plan.sourceIds.forEach((id, i) => {
    const u = byId.get(id);
    if (seen.has(id)) out[`sourceIds.${i}`] = problem("repeated", { value: u?.code ?? id }, `names unit ${id} twice`);
    else if (!u) out[`sourceIds.${i}`] = unknownUnit(id);
    else if (!u.active) out[`sourceIds.${i}`] = problem("unit_retired", { unit: u.code });
    seen.add(id);
  });
  if (typeof plan.into === "number") {
    const target = byId.get(plan.into);
    if (!target) out.into = unknownUnit(plan.into);
    else if (seen.has(plan.into)) out.into = problem("into_itself");
    else if (!target.active)
      out.into = problem(
        "unit_retired",
        { unit: target.code },
        `unit ${target.code} is retired: merge into an active unit`,
      );
  } else {
    const taken = codeProblem(plan.into.code, units);
    if (taken) out["into.code"] = taken;
  }
  if (Object.keys(out).length) return out;
  const involved = [...plan.sourceIds.map((id) => byId.get(id)!)];
  if (typeof plan.into === "number") involved.push(byId.get(plan.into)!);
  return effectiveDateProblems(plan.effectiveDate, today, involved);
}

export interface SplitPart extends NewUnit {
  enterpriseIds: readonly number[];
}

/** Splitting: the unit active; new codes free and distinct; every enterprise of the unit placed
 *  exactly once, and nothing else placed. */
export function splitProblems(
  unit: District,
  parts: readonly SplitPart[],
  effectiveDate: string,
  enterpriseIds: readonly number[],
  units: readonly District[],
  today: string,
): Problems {
  const out: Problems = {};
  if (!unit.active) return { id: problem("unit_retired", { unit: unit.code }) };
  const codes = new Set<string>();
  const ofUnit = new Set(enterpriseIds);
  const placed = new Set<number>();
  parts.forEach((p, i) => {
    const taken = codeProblem(p.code, units);
    if (taken) out[`into.${i}.code`] = taken;
    else if (codes.has(p.code))
      out[`into.${i}.code`] = problem("repeated", { value: p.code }, `names code ${p.code} twice`);
    codes.add(p.code);
    const foreign = p.enterpriseIds.filter((id) => !ofUnit.has(id));
    const twice = p.enterpriseIds.filter((id) => placed.has(id));
    if (foreign.length)
      out[`into.${i}.enterpriseIds`] = problem("not_of_unit", { unit: unit.code, ids: list(foreign) });
    else if (twice.length) out[`into.${i}.enterpriseIds`] = problem("placed_twice", { ids: list(twice) });
    for (const id of p.enterpriseIds) placed.add(id);
  });
  const unplaced = enterpriseIds.filter((id) => !placed.has(id));
  if (unplaced.length && !Object.keys(out).some((k) => k.endsWith("enterpriseIds")))
    out.into = problem("unplaced", { unit: unit.code, n: unplaced.length, ids: list(unplaced) });
  if (Object.keys(out).length) return out;
  return effectiveDateProblems(effectiveDate, today, [unit]);
}

/** Retiring: only an active unit with no enterprise left. `conflict` is a 409 (the unit's state);
 *  `problems` are about the input. */
export function retireProblems(
  unit: District,
  enterpriseCount: number,
  effectiveDate: string,
  today: string,
): { conflict?: Problems; problems: Problems } {
  if (!unit.active) return { conflict: { id: problem("unit_retired", { unit: unit.code }) }, problems: {} };
  if (enterpriseCount > 0)
    return { conflict: { id: problem("unit_has_enterprises", { unit: unit.code, n: enterpriseCount }) }, problems: {} };
  return { problems: effectiveDateProblems(effectiveDate, today, [unit]) };
}

const unknownUnit = (id: number) => problem("unknown_district", { id }, `is not a known unit (${id})`);

const list = (ids: readonly number[]) =>
  ids.length > 10 ? `${ids.slice(0, 10).join(", ")} and ${ids.length - 10} more` : ids.join(", ");

/**
 * "As now": the unit a retired unit's enterprises belong to today, following merges forward
 * (A merged into B, B into C → C). A split unit has no single successor: it maps to itself.
 */
export function successorMap(merges: readonly { from: number; into: number }[]): (unitId: number) => number {
  const next = new Map(merges.map((m) => [m.from, m.into]));
  return (unitId) => {
    let id = unitId;
    for (let hops = 0; next.has(id) && hops < 100; hops++) id = next.get(id)!;
    return id;
  };
}
