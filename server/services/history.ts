// Use cases on the past: figures as of a day and monthly trends, by the day each fact happened.
// Trends read the monthly snapshots (./history-snapshots.ts, kept up to date from the log); figures
// as of a day, text search and unit filters "as now" replay the change log up to the day they need,
// in a query thread (./history-replays.ts, ./replay-threads.ts).
import type { Filter } from "../../contract/filter.ts";
import { MAX_TREND_MONTHS, type TrendPoint } from "../../contract/history.ts";
import type { Stats } from "../../contract/stats.ts";
import type { UnitsView } from "../../contract/units.ts";
import { problem } from "../../contract/errors.ts";
import { addMonths, monthCount, monthOf, monthsBetween } from "../domain/calendar.ts";
import { ValidationError } from "../domain/errors.ts";
import { requireRead, type Actor } from "../domain/rights.ts";
import type { Db } from "../db/database.ts";
import { trendPoint } from "./history-replays.ts";
import { historySnapshots } from "./history-snapshots.ts";
import type { HistoryBuilds } from "./history-worker.ts";
import { inProcessReplays, type HistoryReplays } from "./replay-threads.ts";
import { mapInSlices } from "./slices.ts";

const MONTHS_PER_TURN = 4;

/** `builds`: where the monthly snapshots are built (server/services/history-worker.ts); `replays`:
 *  where the replays run (server/services/replay-threads.ts; in this process unless given). */
export function historyService(db: Db, builds?: HistoryBuilds, replays: HistoryReplays = inProcessReplays(db)) {
  const snapshots = historySnapshots(db, builds);
  return {
    /** Builds the monthly snapshots now (in the background after start), so the first trend need not wait. */
    async prepare(): Promise<void> {
      await snapshots.ready();
    },

    /** Figures for f as they were at the end of `day` (YYYY-MM-DD, Viet Nam time). `signal`: the
     *  asker has gone, so a replay not yet started need not run (./replay-threads.ts). */
    async statsAsOf(by: Actor, f: Filter, day: string, units: UnitsView = "now", signal?: AbortSignal): Promise<Stats> {
      requireRead(by);
      return replays.run({ kind: "statsAsOf", filter: f, day, units }, signal);
    },

    /** Totals for f at the end of each month from `from` to `to` (default: the last 12 months);
     *  `signal` as for statsAsOf. */
    async trend(
      by: Actor,
      f: Filter,
      from?: string,
      to?: string,
      units: UnitsView = "now",
      { now = new Date(), signal }: { now?: Date; signal?: AbortSignal } = {},
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
      const months = monthsBetween(first, last);
      // Totals do not depend on the units view unless units are filtered: the snapshots (kept in the
      // units of the time) answer; text search and "as now" unit filters replay the log (in a thread).
      if (!f.q && !(units === "now" && f.district?.length)) {
        const s = await snapshots.ready();
        // A month's totals scan its tens of thousands of cells (about 2 ms at 1,000,000 enterprises):
        // a few months a turn of the event loop, so a long range does not hold live pushes.
        return mapInSlices(months, (month) => trendPoint(month, s.totalsAt(month, f)), MONTHS_PER_TURN);
      }
      return replays.run({ kind: "trend", filter: f, months, units }, signal);
    },
  };
}
export type HistoryService = ReturnType<typeof historyService>;
