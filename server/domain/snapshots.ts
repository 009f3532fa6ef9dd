// Monthly snapshots of the figures (issue 13 item 6): the aggregate cells as they stood at the end of
// each month by fact date, so 12 months of trends are 12 cell queries instead of a replay of the
// whole log. Changes are applied in fact order; the month in progress is the live replay itself. A
// fact dated before the latest day already applied (entered late) cannot be slotted in without the
// enterprises' states of its day, so apply() refuses it and the owner rebuilds from the log.
import type { Filter } from "../../contract/filter.ts";
import type { Figures } from "../../contract/stats.ts";
import { addMonths } from "./calendar.ts";
import { Aggregates } from "./aggregates.ts";
import { FrozenCells, type FrozenCellsTransfer } from "./frozen-cells.ts";
import { figuresOf, emptySums } from "./figures.ts";
import { factDayOf, Replay, type LogEntry } from "./history.ts";
import { CompactStates, type CompactStatesTransfer } from "./past-states.ts";

/** MonthlySnapshots as posted between threads (a worker's build, issue 13 item 6). */
export interface SnapshotsTransfer {
  states: CompactStatesTransfer;
  cells: FrozenCellsTransfer;
  /** Each month closed, and the index in `frozen` of its cells (months without facts share them). */
  months: string[];
  monthCells: number[];
  frozen: FrozenCellsTransfer[];
  firstMonth: string | null;
  headMonth: string | null;
  lastDay: string;
  lastSeq: number;
}

export class MonthlySnapshots {
  // No text search here, so the states can be kept compactly (about 60 bytes an enterprise).
  private readonly replay: Replay;
  private readonly states: CompactStates;
  /** Month (YYYY-MM) → the cells at its end; months without facts share their predecessor's. */
  private readonly closed = new Map<string, FrozenCells>();
  private firstMonth: string | null = null;
  private headMonth: string | null = null;
  private lastDay = "";
  /** The highest sequence number applied. */
  lastSeq = 0;

  /** Empty, or (through received) snapshots posted from another thread with their live cells made. */
  private constructor(posted?: { from: SnapshotsTransfer; head: Aggregates }) {
    const from = posted?.from;
    this.states = new CompactStates(from?.states);
    const aggregates = posted?.head ?? new Aggregates();
    this.replay = new Replay(undefined, undefined, { states: this.states, aggregates, lastSeq: from?.lastSeq ?? 0 });
    if (!from) return;
    const frozen = from.frozen.map((t) => new FrozenCells(t));
    from.months.forEach((m, i) => this.closed.set(m, frozen[from.monthCells[i]!]!));
    this.firstMonth = from.firstMonth;
    this.headMonth = from.headMonth;
    this.lastDay = from.lastDay;
    this.lastSeq = from.lastSeq;
  }

  /** Snapshots posted from another thread (toTransfer there), the live cells made in slices. */
  static async received(t: SnapshotsTransfer): Promise<MonthlySnapshots> {
    return new MonthlySnapshots({ from: t, head: await Aggregates.thaw(new FrozenCells(t.cells)) });
  }

  static empty(): MonthlySnapshots {
    return new MonthlySnapshots();
  }

  /** Everything, as arrays to post to another thread; these snapshots must not be used afterwards. */
  toTransfer(): SnapshotsTransfer {
    const index = new Map<FrozenCells, number>();
    const frozen: FrozenCellsTransfer[] = [];
    const monthCells = [...this.closed.values()].map((a) => {
      let i = index.get(a);
      if (i === undefined) {
        index.set(a, (i = frozen.length));
        frozen.push(a.columns);
      }
      return i;
    });
    return {
      states: this.states.toTransfer(),
      cells: this.replay.aggregates.freeze().columns,
      months: [...this.closed.keys()],
      monthCells,
      frozen,
      firstMonth: this.firstMonth,
      headMonth: this.headMonth,
      lastDay: this.lastDay,
      lastSeq: this.lastSeq,
    };
  }

  /** The buffers of a transfer that can be handed over without a copy. */
  static transferables(t: SnapshotsTransfer): ArrayBuffer[] {
    return [
      ...CompactStates.transferables(t.states),
      ...new FrozenCells(t.cells).transferables(),
      ...t.frozen.flatMap((f) => new FrozenCells(f).transferables()),
    ];
  }

  /** Bytes of the enterprises' states kept for the catch-up (memory reports). */
  get stateBytes(): number {
    return this.states.bytes;
  }

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
