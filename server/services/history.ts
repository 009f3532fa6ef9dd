// Use cases on the past: figures as of a day and monthly trends, by the day each fact happened.
// Trends read the monthly snapshots (./history-snapshots.ts, kept up to date from the log); figures
// as of a day, text search and unit filters "as now" replay the change log up to the day they need.
import type { Filter } from "../../contract/filter.ts";
import { MAX_TREND_MONTHS, type TrendPoint } from "../../contract/history.ts";
import type { Stats } from "../../contract/stats.ts";
import { addMonths, endOfDay, endOfMonth, monthCount, monthOf, monthsBetween } from "../domain/calendar.ts";
import { ValidationError } from "../domain/errors.ts";
import { problem } from "../../contract/errors.ts";
import { replayAt } from "../domain/history.ts";
import { requireRead, type Actor } from "../domain/rights.ts";
import type { Db } from "../db/database.ts";
import { changeLogBefore } from "../db/history-queries.ts";
import { enterpriseUnitsAfter } from "../db/enterprise-queries.ts";
import { historySnapshots } from "./history-snapshots.ts";
import type { HistoryBuilds } from "./history-worker.ts";
import { mergeSuccessions } from "../db/unit-changes.ts";
import type { UnitsView } from "../../contract/units.ts";
import { successorMap } from "../domain/units.ts";
import type { UnitMapping } from "../domain/history.ts";

/** `builds`: where the monthly snapshots are built (server/services/history-worker.ts). */
export function historyService(db: Db, builds?: HistoryBuilds) {
  const snapshots = historySnapshots(db, builds);
  return {
    /** Builds the monthly snapshots now (in the background after start), so the first trend need not wait. */
    async prepare(): Promise<void> {
      await snapshots.ready();
    },

    /** Figures for f as they were at the end of `day` (YYYY-MM-DD, Viet Nam time). */
    async statsAsOf(by: Actor, f: Filter, day: string, units: UnitsView = "now"): Promise<Stats> {
      requireRead(by);
      const before = endOfDay(day);
      const mapping = units === "now" ? await unitsNow(db) : undefined;
      const [stats] = await replayAt(
        changeLogBefore(db, before),
        [{ before }],
        f.q,
        (replay) => ({ seq: replay.lastSeq, ...replay.stats(f) }),
        mapping,
      );
      return stats!;
    },

    /** Totals for f at the end of each month from `from` to `to` (default: the last 12 months). */
    async trend(
      by: Actor,
      f: Filter,
      from?: string,
      to?: string,
      units: UnitsView = "now",
      now = new Date(),
    ): Promise<TrendPoint[]> {
      requireRead(by);
      const last = to ?? monthOf(now);
      const first = from ?? addMonths(last, -11);
      // The contract checks a range given in full; a default end can still make one too long or reversed.
      const count = monthCount(first, last);
      if (count < 1) throw new ValidationError({ from: problem("after_end") }, "The query is not valid");
      if (count > MAX_TREND_MONTHS)
        throw new ValidationError(
          { to: problem("range_too_long", { max: MAX_TREND_MONTHS }) },
          "The query is not valid",
        );
      const months = monthsBetween(first, last).map((month) => ({ month, before: endOfMonth(month) }));
      // Totals do not depend on the units view unless units are filtered: the snapshots (kept in the
      // units of the time) answer; text search and "as now" unit filters replay the log.
      if (!f.q && !(units === "now" && f.district?.length)) {
        const s = await snapshots.ready();
        return months.map((m) => ({
          month: m.month,
          asOf: new Date(m.before.getTime() - 1).toISOString(),
          totals: s.totalsAt(m.month, f),
        }));
      }
      const mapping = units === "now" ? await unitsNow(db) : undefined;
      return replayAt(
        changeLogBefore(db, months[months.length - 1]!.before),
        months,
        f.q,
        (replay, m) => ({
          month: m.month,
          asOf: new Date(m.before.getTime() - 1).toISOString(),
          totals: replay.totals(f),
        }),
        mapping,
      );
    },
  };
}
export type HistoryService = ReturnType<typeof historyService>;

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
