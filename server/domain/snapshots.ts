// Monthly snapshots of the figures (issue 13 item 6): the aggregate cells as they stood at the end of
// each month by fact date, so 12 months of trends are 12 cell queries instead of a replay of the
// whole log. Changes are applied in fact order; the month in progress is the live replay itself. A
// fact dated before the latest day already applied (entered late) cannot be slotted in without the
// enterprises' states of its day, so apply() refuses it and the owner rebuilds from the log.
import type { Filter } from "../../contract/filter.ts";
import type { Figures } from "../../contract/stats.ts";
import { addMonths } from "./calendar.ts";
import type { Aggregates } from "./aggregates.ts";
import { figuresOf, emptySums } from "./figures.ts";
import { factDayOf, Replay, type LogEntry } from "./history.ts";

export class MonthlySnapshots {
  private readonly replay = new Replay();
  /** Month (YYYY-MM) → the cells at its end; months without facts share their predecessor's. */
  private readonly closed = new Map<string, Aggregates>();
  private firstMonth: string | null = null;
  private headMonth: string | null = null;
  private lastDay = "";
  /** The highest sequence number applied. */
  lastSeq = 0;

  /** Applies one entry in fact order; false (and nothing changed) when it is dated before a fact
   *  already applied: the snapshots from its month on would change, so the owner rebuilds. */
  apply(entry: LogEntry): boolean {
    const day = factDayOf(entry);
    if (day < this.lastDay) return false;
    const month = day.slice(0, 7);
    if (this.headMonth === null) this.firstMonth = month;
    else if (month > this.headMonth) this.closeBefore(month);
    this.headMonth = month;
    this.lastDay = day;
    this.replay.apply(entry);
    if (entry.seq > this.lastSeq) this.lastSeq = entry.seq;
    return true;
  }

  /** Freezes every month from the head up to (not including) `month`. */
  private closeBefore(month: string): void {
    const cells = this.replay.snapshot();
    for (let m = this.headMonth!; m < month; m = addMonths(m, 1)) this.closed.set(m, cells);
  }

  /** Totals for the filter (no text search) at the end of `month` (YYYY-MM) by fact date. */
  totalsAt(month: string, filter: Filter): Figures {
    if (this.firstMonth === null || month < this.firstMonth) return figuresOf(emptySums());
    const frozen = this.closed.get(month);
    return frozen ? frozen.totals(filter) : this.replay.totals(filter);
  }

  get monthsKept(): number {
    return this.closed.size;
  }
}
