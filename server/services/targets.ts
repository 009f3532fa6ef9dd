// Targets as use cases: read a year's targets (every reader), set them (ADMIN and LEADER; all or
// nothing, each change logged in TargetChange), their change log, and the progress toward them: the
// year so far rebuilt from the change log by fact date, as the period report does.
import type { Filter } from "../../contract/filter.ts";
import {
  canSetTargets,
  type PutTargetsResult,
  type TargetChangeEntry,
  type TargetInput,
  type TargetsList,
  type TargetsProgress,
} from "../../contract/targets.ts";
import { dayOf } from "../domain/calendar.ts";
import { ForbiddenError, ValidationError } from "../domain/errors.ts";
import { periodFigures } from "../domain/period.ts";
import { requireRead, type Actor } from "../domain/rights.ts";
import { achievedOf, progressOf, targetDeltas, targetProblems, targetsOfScope, yearSoFar } from "../domain/targets.ts";
import { currentSeq, type Tx } from "../db/change-log.ts";
import type { Db } from "../db/database.ts";
import {
  asTargetRows,
  lastTargetChange,
  targetChangesOfYear,
  targetsOfYears,
  unitStates,
  writeTargetDeltas,
} from "../db/target-queries.ts";
import { periodLedgers } from "./period-ledgers.ts";
import { progressCache } from "./progress-cache.ts";

export function requireSetTargets(by: Actor): void {
  if (by.kind !== "user" || !canSetTargets(by.role))
    throw new ForbiddenError("Only an administrator or a leader may set targets");
}

const who = (by: Actor) => ({ actor: by.name, actorUserId: by.kind === "user" ? by.userId : null });

/** The progress query once parsed. */
export interface ProgressFilter {
  year?: number;
  district?: number[];
  ownership?: string[];
  nonState?: boolean;
  sector?: string[];
}

/**
 * Checks inputs against the units inside the transaction and writes what changes (all or nothing);
 * shared by PUT /api/targets and the targets sheet. `prefix(i)` names the i-th input's fields.
 */
export async function writeTargets(
  tx: Tx,
  by: Actor,
  inputs: readonly TargetInput[],
  source: "session" | "import",
  prefix: (i: number) => string,
): Promise<number> {
  const units = await unitStates(tx);
  const problems = targetProblems(inputs, new Map(units.map((u) => [u.id, u])), prefix);
  if (Object.keys(problems).length) throw new ValidationError(problems, "Some targets are not valid");
  const years = [...new Set(inputs.map((t) => t.year))];
  const deltas = targetDeltas(asTargetRows(await targetsOfYears(tx, years)), inputs);
  await writeTargetDeltas(tx, deltas, { ...who(by), source });
  return deltas.length;
}

/** ledgers: the period report's (./period-ledgers.ts), so progress is a sum, not a replay of the log. */
export function targetService(db: Db, ledgers = periodLedgers(db)) {
  const progressKept = progressCache<TargetsProgress>();
  /** Made afresh: the year so far, summed from the period ledger (units as now). */
  async function progressNow(q: ProgressFilter, now: Date): Promise<TargetsProgress> {
    const today = dayOf(now);
    const year = q.year ?? Number(today.slice(0, 4));
    // One unit in the filter: that unit's targets; the province's otherwise.
    const districtId = q.district?.length === 1 ? q.district[0]! : null;
    const rows = asTargetRows(await targetsOfYears(db, [year]));
    const targets = q.district && q.district.length > 1 ? {} : targetsOfScope(rows, year, districtId);
    const span = yearSoFar(year, today);
    const from = `${String(year).padStart(4, "0")}-01-01`;
    if (!span) return { year, from, to: from, districtId, items: progressOf(targets, null) };
    const filter: Filter = {
      ...(q.district?.length ? { district: q.district } : {}),
      ...(q.ownership?.length ? { ownership: q.ownership } : {}),
      ...(q.sector?.length ? { sector: q.sector } : {}),
      // As GET /api/stats: without nonState, every enterprise (the dashboard sends its own filter).
      ...(q.nonState !== undefined ? { nonState: q.nonState } : {}),
    };
    const replayed = await ledgers.use("now", (ledger) => ledger.periods([span], filter));
    const figures = periodFigures(replayed.periods[0]!).total;
    return { year, ...span, districtId, items: progressOf(targets, achievedOf(figures)) };
  }

  return {
    async list(by: Actor, q: { year?: number; district?: number }, now = new Date()): Promise<TargetsList> {
      requireRead(by);
      const year = q.year ?? Number(dayOf(now).slice(0, 4));
      return { year, targets: await targetsOfYears(db, [year], q.district) };
    },

    async put(by: Actor, inputs: readonly TargetInput[], single: boolean): Promise<PutTargetsResult> {
      requireSetTargets(by);
      const prefix = (i: number) => (single ? "" : `${i}.`);
      const changed = await db.$transaction((tx) => writeTargets(tx, by, inputs, "session", prefix));
      progressKept.clear();
      const years = [...new Set(inputs.map((t) => t.year))].sort();
      return { changed, targets: await targetsOfYears(db, years) };
    },

    /** Targets changed elsewhere in this process (the sheet): no kept progress may be served. */
    targetsChanged: () => progressKept.clear(),

    async history(by: Actor, year: number | undefined, now = new Date()): Promise<TargetChangeEntry[]> {
      requireSetTargets(by);
      return targetChangesOfYear(db, year ?? Number(dayOf(now).slice(0, 4)));
    },

    async progress(by: Actor, q: ProgressFilter, now = new Date()): Promise<TargetsProgress> {
      requireRead(by);
      const key = JSON.stringify([dayOf(now), q.year, q.district, q.ownership, q.nonState, q.sector]);
      const version = `${await currentSeq(db)}:${await lastTargetChange(db)}`;
      return progressKept.get(key, version, () => progressNow(q, now));
    },
  };
}
export type TargetService = ReturnType<typeof targetService>;
