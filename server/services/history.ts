// Use cases on the past: figures as of a day and monthly trends. Each
// request replays the change log from the start up to the last instant it needs (no cache
// between requests: the log is the truth and a cache would have to follow every write).
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

export function historyService(db: Db) {
  return {
    /** Figures for f as they were at the end of `day` (YYYY-MM-DD, Viet Nam time). */
    async statsAsOf(by: Actor, f: Filter, day: string): Promise<Stats> {
      requireRead(by);
      const before = endOfDay(day);
      const [stats] = await replayAt(changeLogBefore(db, before), [{ before }], f.q, (replay) => ({
        seq: replay.lastSeq,
        ...replay.stats(f),
      }));
      return stats!;
    },

    /** Totals for f at the end of each month from `from` to `to` (default: the last 12 months). */
    async trend(by: Actor, f: Filter, from?: string, to?: string, now = new Date()): Promise<TrendPoint[]> {
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
      return replayAt(changeLogBefore(db, months[months.length - 1]!.before), months, f.q, (replay, m) => ({
        month: m.month,
        asOf: new Date(m.before.getTime() - 1).toISOString(),
        totals: replay.stats(f).totals,
      }));
    },
  };
}
export type HistoryService = ReturnType<typeof historyService>;
