// The questions on the past that the monthly snapshots cannot answer, replayed from the change log:
// figures as of a day, and trends with a text search or a unit filter "as now" (issue 13 item 6).
// At a million enterprises one replay reads millions of entries; it runs in a query thread
// (./replay-threads.ts) with its own database connection, or here where no thread can start. A job
// is plain data, so either side runs the same code on the same request.
import type { Filter } from "../../contract/filter.ts";
import type { TrendPoint } from "../../contract/history.ts";
import type { Stats } from "../../contract/stats.ts";
import type { UnitsView } from "../../contract/units.ts";
import { endOfDay, endOfMonth } from "../domain/calendar.ts";
import { replayAt, type UnitMapping } from "../domain/history.ts";
import { successorMap } from "../domain/units.ts";
import type { Db } from "../db/database.ts";
import { enterpriseUnitsAfter } from "../db/enterprise-queries.ts";
import { changeLogBefore } from "../db/history-queries.ts";
import { mergeSuccessions } from "../db/unit-changes.ts";

/** A replay to run: `months` YYYY-MM in increasing order, `day` YYYY-MM-DD (Viet Nam). */
export type ReplayJob =
  | { kind: "trend"; filter: Filter; months: string[]; units: UnitsView }
  | { kind: "statsAsOf"; filter: Filter; day: string; units: UnitsView };

export type ReplayAnswer<J extends ReplayJob> = J extends { kind: "trend" } ? TrendPoint[] : Stats;

/** Runs a replay on `db` (this thread's connection, or a query thread's). */
export function runReplay<J extends ReplayJob>(db: Db, job: J): Promise<ReplayAnswer<J>>;
export async function runReplay(db: Db, job: ReplayJob): Promise<TrendPoint[] | Stats> {
  return job.kind === "trend" ? trendReplayed(db, job) : statsReplayed(db, job);
}

async function statsReplayed(db: Db, job: Extract<ReplayJob, { kind: "statsAsOf" }>): Promise<Stats> {
  const f = job.filter;
  const before = endOfDay(job.day);
  const mapping = job.units === "now" ? await unitsNow(db) : undefined;
  const [stats] = await replayAt(
    changeLogBefore(db, before),
    [{ before }],
    f.q,
    (replay) => ({ seq: replay.lastSeq, ...replay.stats(f) }),
    mapping,
  );
  return stats!;
}

async function trendReplayed(db: Db, job: Extract<ReplayJob, { kind: "trend" }>): Promise<TrendPoint[]> {
  const f = job.filter;
  const months = job.months.map((month) => ({ month, before: endOfMonth(month) }));
  const mapping = job.units === "now" ? await unitsNow(db) : undefined;
  return replayAt(
    changeLogBefore(db, months[months.length - 1]!.before),
    months,
    f.q,
    (replay, m) => trendPoint(m.month, replay.totals(f)),
    mapping,
  );
}

/** A month of a trend, whether replayed or read from the snapshots: its totals as of the month's
 *  last millisecond in Viet Nam. */
export function trendPoint(month: string, totals: TrendPoint["totals"]): TrendPoint {
  return { month, asOf: new Date(endOfMonth(month).getTime() - 1).toISOString(), totals };
}

/** "As now": each enterprise's past counts under the unit it belongs to today; a record no longer
 *  there (erased) under the unit its last unit was merged into. */
export async function unitsNow(db: Db): Promise<UnitMapping> {
  const today = new Map<number, number>();
  let cursor = 0;
  for (;;) {
    const rows = await enterpriseUnitsAfter(db, cursor, 10_000);
    if (rows.length === 0) break;
    for (const r of rows) today.set(r.id, r.districtId);
    cursor = rows[rows.length - 1]!.id;
  }
  const successor = successorMap(await mergeSuccessions(db));
  return (enterpriseId, then) => today.get(enterpriseId) ?? successor(then);
}
