// Targets per unit and year, and their append-only change log (TargetChange): the named reads and
// writes the targets service and the period report use.
import { TARGET_MEASURES, type Target, type TargetMeasure } from "../../contract/targets.ts";
import type { TargetDelta, TargetRow } from "../domain/targets.ts";
import type { Tx } from "./change-log.ts";
import type { Db } from "./database.ts";

const isMeasure = (m: string): m is TargetMeasure => (TARGET_MEASURES as readonly string[]).includes(m);

interface Row {
  year: number;
  districtId: number | null;
  measure: string;
  value: number;
  updatedAt: Date;
  updatedBy: string;
}
const toTarget = (r: Row): Target | null =>
  isMeasure(r.measure)
    ? {
        year: r.year,
        districtId: r.districtId,
        measure: r.measure,
        value: r.value,
        updatedAt: r.updatedAt.toISOString(),
        updatedBy: r.updatedBy,
      }
    : null;

/** The targets of these years, province first then by unit id, in measure order. */
export async function targetsOfYears(db: Db | Tx, years: readonly number[], districtId?: number): Promise<Target[]> {
  const rows = await db.target.findMany({
    where: {
      year: { in: [...years] },
      ...(districtId !== undefined ? { OR: [{ districtId }, { districtId: null }] } : {}),
    },
    orderBy: [{ year: "asc" }, { scopeKey: "asc" }],
  });
  const order = (m: string) => TARGET_MEASURES.indexOf(m as TargetMeasure);
  return rows
    .sort((a, b) => a.year - b.year || a.scopeKey - b.scopeKey || order(a.measure) - order(b.measure))
    .flatMap((r) => toTarget(r) ?? []);
}

/** Every target of every year (a few per unit and year: small). */
export async function allTargets(db: Db | Tx): Promise<Target[]> {
  const rows = await db.target.findMany({ orderBy: [{ year: "asc" }, { scopeKey: "asc" }] });
  return rows.flatMap((r) => toTarget(r) ?? []);
}

export const asTargetRows = (targets: readonly Target[]): TargetRow[] =>
  targets.map(({ year, districtId, measure, value }) => ({ year, districtId, measure, value }));

/** Writes the deltas (set, change, remove) and logs each one, in the caller's transaction. */
export async function writeTargetDeltas(
  tx: Tx,
  deltas: readonly TargetDelta[],
  by: { actor: string; actorUserId: number | null; source: string },
  at = new Date(),
): Promise<void> {
  for (const d of deltas) {
    const key = { year: d.year, scopeKey: d.districtId ?? 0, measure: d.measure };
    if (d.newValue === null) await tx.target.deleteMany({ where: key });
    else
      await tx.target.upsert({
        where: { year_scopeKey_measure: key },
        create: { ...key, districtId: d.districtId, value: d.newValue, updatedAt: at, updatedBy: by.actor },
        update: { value: d.newValue, updatedAt: at, updatedBy: by.actor },
      });
  }
  if (deltas.length)
    await tx.targetChange.createMany({
      data: deltas.map((d) => ({
        year: d.year,
        districtId: d.districtId,
        measure: d.measure,
        at,
        actor: by.actor,
        actorUserId: by.actorUserId,
        source: by.source,
        oldValue: d.oldValue,
        newValue: d.newValue,
      })),
    });
}

/** Every unit (retired ones too) with whether it is active: what a target may name. */
export const unitStates = (db: Db | Tx) => db.district.findMany({ select: { id: true, active: true, code: true } });

/** The position of the latest target change (0 before any): changes when any target does, in any process. */
export async function lastTargetChange(db: Db): Promise<number> {
  const r = await db.targetChange.aggregate({ _max: { id: true } });
  return r._max.id ?? 0;
}

/** The change log of a year's targets, newest first. */
export async function targetChangesOfYear(db: Db, year: number, limit = 500) {
  const rows = await db.targetChange.findMany({ where: { year }, orderBy: { id: "desc" }, take: limit });
  return rows.map((r) => ({
    at: r.at.toISOString(),
    actor: r.actor,
    source: r.source,
    year: r.year,
    districtId: r.districtId,
    measure: r.measure,
    oldValue: r.oldValue,
    newValue: r.newValue,
  }));
}
