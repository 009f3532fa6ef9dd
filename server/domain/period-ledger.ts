// The period report's figures kept ready (issue 12, speed): for each day, what the entries of that
// fact date changed in the report's stock and flows, per cell of (unit, sector, ownership). A report
// then sums a few vectors per day instead of replaying the whole log (replayPeriods, the reference it
// must equal). The ledger is a sum over enterprises of what each one's own entries contribute, so an
// enterprise's part can be taken out and put back (a fact entered late, a move to another unit)
// without replaying anyone else.
import type { Filter } from "../../contract/filter.ts";
import { densityOf } from "../../contract/density.ts";
import { UNION_TARGET_HEADCOUNT } from "../../contract/codes.ts";
import { dimensionMatcher } from "./filter.ts";
import { applyEntry, factDayOf, yieldToLoop, type LogEntry, type PastState } from "./history.ts";
import { isCounted } from "./lifecycle.ts";
import type { Flows, Period, PeriodReplay, Stock } from "./period.ts";
import { dayBefore } from "./period.ts";

// Positions in a cell's vector: the stock the report reads, then the flows.
const ENTERPRISES = 0,
  HEADCOUNT = 1,
  MEMBERS = 2,
  DENSITY_HEADCOUNT = 3,
  DENSITY_MEMBERS = 4,
  OVER25_NO_UNION = 5,
  STOCK = 6,
  RECOMMENDED = 6,
  ADMITTED = 7,
  INITIATIVES = 8,
  UNIONS_FOUNDED = 9,
  FOUNDED_PARTY = 10,
  FOUNDED_YOUTH = 11,
  FOUNDED_WOMEN = 12,
  FOUNDED_VETERANS = 13,
  /** Update entries counted: a unit with one in the period has a row, even if its flows are zero. */
  UPDATES = 14,
  WIDTH = 15;

interface Cell {
  districtId: number;
  sector: string;
  ownership: string;
}

/** One fact date's changes: the i-th cell touched has its WIDTH-long slot at i × WIDTH in `values`. */
class Day {
  /** Cell → its slot; made on first need for a day posted from another thread (most are never touched again). */
  private slots: Map<number, number> | null = new Map();
  cells: Int32Array = new Int32Array(16);
  values: Float64Array = new Float64Array(WIDTH * 16);
  count = 0;
  /** The highest sequence number with this fact date. */
  maxSeq = 0;

  slot(cell: number): number {
    this.slots ??= new Map(Array.from(this.cells.subarray(0, this.count), (c, i) => [c, i]));
    let i = this.slots.get(cell);
    if (i === undefined) {
      i = this.count++;
      if (i === this.cells.length) {
        const cells = new Int32Array(Math.max(16, this.cells.length * 2)); // a day posted empty has none
        cells.set(this.cells);
        this.cells = cells;
        const values = new Float64Array(cells.length * WIDTH);
        values.set(this.values);
        this.values = values;
      }
      this.cells[i] = cell;
      this.slots.set(cell, i);
    }
    return i * WIDTH;
  }

  /** A day of `count` slots posted from another thread: views of the posted arrays (a day that grows
   *  later copies them into arrays of its own). */
  static posted(cells: Int32Array, values: Float64Array, maxSeq: number): Day {
    const d = new Day();
    d.slots = null;
    d.cells = cells;
    d.values = values;
    d.count = cells.length;
    d.maxSeq = maxSeq;
    return d;
  }
}

const cellKey = (c: Cell) => `${c.districtId}|${c.sector}|${c.ownership}`;

/** Maps the unit of the time onto the unit an enterprise's figures count under. */
export type UnitOf = (districtIdThen: number) => number;
const asThen: UnitOf = (d) => d;

const SLICE_MS = 8;

/** A PeriodLedger as posted between threads: every day's slots packed into two flat arrays. */
export interface LedgerTransfer {
  cells: Cell[];
  days: string[];
  /** Per day: cells touched and the highest sequence number. */
  counts: Int32Array;
  maxSeqs: Float64Array;
  /** The days' touched cells one after another, and their WIDTH-long slots likewise. */
  dayCells: Int32Array;
  values: Float64Array;
}

export class PeriodLedger {
  private readonly cells: Cell[] = [];
  private readonly cellIds = new Map<string, number>();
  private readonly days = new Map<string, Day>();
  private sortedDays: string[] | null = null;

  /** Adds sign × what one entry did, given the enterprise as counted before and after it (units mapped). */
  add(
    entry: Pick<LogEntry, "seq" | "action">,
    day: string,
    before: PastState | undefined,
    after: PastState | undefined,
    sign: 1 | -1,
  ): void {
    const d = this.day(day);
    if (sign === 1 && entry.seq > d.maxSeq) d.maxSeq = entry.seq;
    if (before && isCounted(before)) addStock(d, this.cellOf(before), before, -sign);
    if (after && isCounted(after)) addStock(d, this.cellOf(after), after, sign);
    if (entry.action === "update" && before && after) {
      const at = d.slot(this.cellOf(after)); // first: it may grow the values
      const v = d.values;
      v[at + RECOMMENDED]! += sign * (after.partyRecommended - before.partyRecommended);
      v[at + ADMITTED]! += sign * (after.partyAdmitted - before.partyAdmitted);
      v[at + INITIATIVES]! += sign * (after.initiatives - before.initiatives);
      if (!before.hasUnion && after.hasUnion) v[at + UNIONS_FOUNDED]! += sign;
      if (!before.hasParty && after.hasParty) v[at + FOUNDED_PARTY]! += sign;
      if (!before.hasYouthUnion && after.hasYouthUnion) v[at + FOUNDED_YOUTH]! += sign;
      if (!before.hasWomenUnion && after.hasWomenUnion) v[at + FOUNDED_WOMEN]! += sign;
      if (!before.hasVeterans && after.hasVeterans) v[at + FOUNDED_VETERANS]! += sign;
      v[at + UPDATES]! += sign;
    }
  }

  /** Folds one enterprise's entries (in fact order) and adds sign × all they contributed. */
  addEnterprise(entries: readonly LogEntry[], sign: 1 | -1, unitOf: UnitOf = asThen): void {
    let state: PastState | undefined;
    const mapped = (s: PastState | undefined) => (s ? { ...s, districtId: unitOf(s.districtId) } : s);
    for (const entry of entries) {
      const before = state;
      state = entry.action === "erase" ? undefined : applyEntry(before, entry);
      this.add(entry, factDayOf(entry), mapped(before), mapped(state), sign);
    }
  }

  /** Each period's stock at its start and end and its flows, for the enterprises under `filter`
   *  (its district, sector, ownership and nonState), and the highest sequence number dated up to the
   *  last period's end: what replayPeriods gives from the whole log. */
  async periods(periods: readonly Period[], filter: Filter): Promise<{ periods: PeriodReplay[]; seq: number }> {
    const matches = dimensionMatcher({
      district: filter.district,
      sector: filter.sector,
      ownership: filter.ownership,
      nonState: filter.nonState,
    });
    const matched = this.cells.map((c) => matches({ ...c, size: "", mask: 0 }));
    const marks = [...new Set(periods.flatMap((p) => [dayBefore(p.from), p.to]))].sort();
    const lastDay = periods.map((p) => p.to).sort()[periods.length - 1]!;
    const running = new Float64Array(this.cells.length * STOCK);
    const flows = periods.map(() => new Float64Array(this.cells.length * WIDTH));
    const stock = new Map<string, Stock>();
    const within = periods.map(() => false);
    let next = 0;
    let seq = 0;
    let sliceStart = performance.now();
    for (const day of this.daysInOrder()) {
      while (next < marks.length && day > marks[next]!) stock.set(marks[next++]!, this.grouped(running, matched));
      if (next === marks.length) break;
      const d = this.days.get(day)!;
      if (day <= lastDay && d.maxSeq > seq) seq = d.maxSeq;
      for (let i = 0; i < periods.length; i++) within[i] = day >= periods[i]!.from && day <= periods[i]!.to;
      const { cells, values } = d;
      for (let j = 0; j < d.count; j++) {
        const cell = cells[j]!;
        if (!matched[cell]) continue;
        const at = j * WIDTH;
        for (let k = 0; k < STOCK; k++) running[cell * STOCK + k]! += values[at + k]!;
        for (let i = 0; i < periods.length; i++)
          if (within[i]) for (let k = STOCK; k < WIDTH; k++) flows[i]![cell * WIDTH + k]! += values[at + k]!;
      }
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
    while (next < marks.length) stock.set(marks[next++]!, this.grouped(running, matched));
    return {
      seq,
      periods: periods.map((p, i) => ({
        start: stock.get(dayBefore(p.from))!,
        end: stock.get(p.to)!,
        ...this.flowsOf(flows[i]!, matched),
      })),
    };
  }

  /** The ledger as flat arrays, to post to another thread (a worker's build). */
  toTransfer(): LedgerTransfer {
    const days = [...this.days.keys()];
    const counts = new Int32Array(days.length);
    const maxSeqs = new Float64Array(days.length);
    let total = 0;
    days.forEach((day, i) => {
      const d = this.days.get(day)!;
      counts[i] = d.count;
      maxSeqs[i] = d.maxSeq;
      total += d.count;
    });
    const dayCells = new Int32Array(total);
    const values = new Float64Array(total * WIDTH);
    let at = 0;
    for (const d of this.days.values()) {
      dayCells.set(d.cells.subarray(0, d.count), at);
      values.set(d.values.subarray(0, d.count * WIDTH), at * WIDTH);
      at += d.count;
    }
    return { cells: this.cells, days, counts, maxSeqs, dayCells, values };
  }

  static fromTransfer(t: LedgerTransfer): PeriodLedger {
    const ledger = new PeriodLedger();
    for (const c of t.cells) {
      ledger.cellIds.set(cellKey(c), ledger.cells.length);
      ledger.cells.push(c);
    }
    let at = 0;
    t.days.forEach((day, i) => {
      const count = t.counts[i]!;
      const values = t.values.subarray(at * WIDTH, (at + count) * WIDTH);
      ledger.days.set(day, Day.posted(t.dayCells.subarray(at, at + count), values, t.maxSeqs[i]!));
      at += count;
    });
    return ledger;
  }

  static transferables(t: LedgerTransfer): ArrayBuffer[] {
    return [t.counts, t.maxSeqs, t.dayCells, t.values].map((x) => x.buffer as ArrayBuffer);
  }

  /** Days with entries and cells touched (a size for memory reports). */
  get size(): { days: number; slots: number } {
    let slots = 0;
    for (const d of this.days.values()) slots += d.count;
    return { days: this.days.size, slots };
  }

  private daysInOrder(): string[] {
    this.sortedDays ??= [...this.days.keys()].sort();
    return this.sortedDays;
  }

  private day(day: string): Day {
    let d = this.days.get(day);
    if (!d) {
      this.days.set(day, (d = new Day()));
      this.sortedDays = null;
    }
    return d;
  }

  private cellOf(s: PastState): number {
    const key = cellKey(s);
    let id = this.cellIds.get(key);
    if (id === undefined) {
      id = this.cells.length;
      this.cells.push({ districtId: s.districtId, sector: s.sector, ownership: s.ownership });
      this.cellIds.set(key, id);
    }
    return id;
  }

  /** The stock of the matched cells: totals and one row per unit that has enterprises. */
  private grouped(running: Float64Array, matched: boolean[]): Stock {
    const total = new Float64Array(STOCK);
    const byUnit = new Map<number, Float64Array>();
    for (let cell = 0; cell < matched.length; cell++) {
      if (!matched[cell]) continue;
      const id = this.cells[cell]!.districtId;
      let unit = byUnit.get(id);
      if (!unit) byUnit.set(id, (unit = new Float64Array(STOCK)));
      for (let k = 0; k < STOCK; k++) {
        total[k]! += running[cell * STOCK + k]!;
        unit[k]! += running[cell * STOCK + k]!;
      }
    }
    return {
      totals: stockFigures(total),
      byDistrict: [...byUnit]
        .filter(([, s]) => s[ENTERPRISES] !== 0)
        .sort(([a], [b]) => a - b)
        .map(([districtId, s]) => ({ districtId, ...stockFigures(s) })),
    };
  }

  private flowsOf(sums: Float64Array, matched: boolean[]): { flows: Flows; flowsByUnit: Map<number, Flows> } {
    const total = new Float64Array(WIDTH);
    const byUnit = new Map<number, Float64Array>();
    for (let cell = 0; cell < matched.length; cell++) {
      if (!matched[cell] || sums[cell * WIDTH + UPDATES] === 0) continue;
      const id = this.cells[cell]!.districtId;
      let unit = byUnit.get(id);
      if (!unit) byUnit.set(id, (unit = new Float64Array(WIDTH)));
      for (let k = STOCK; k < WIDTH; k++) {
        total[k]! += sums[cell * WIDTH + k]!;
        unit[k]! += sums[cell * WIDTH + k]!;
      }
    }
    return { flows: flowsFrom(total), flowsByUnit: new Map([...byUnit].map(([id, s]) => [id, flowsFrom(s)])) };
  }
}

function addStock(d: Day, cell: number, e: PastState, sign: number): void {
  const at = d.slot(cell); // first: it may grow the values
  const v = d.values;
  v[at + ENTERPRISES]! += sign;
  v[at + HEADCOUNT]! += sign * e.headcount;
  v[at + MEMBERS]! += sign * e.unionMembers;
  // As figures.ts: an enterprise without workers has no density to contribute.
  if (e.headcount > 0) {
    v[at + DENSITY_HEADCOUNT]! += sign * e.headcount;
    v[at + DENSITY_MEMBERS]! += sign * e.unionMembers;
  }
  if (e.headcount >= UNION_TARGET_HEADCOUNT && !e.hasUnion) v[at + OVER25_NO_UNION]! += sign;
}

const stockFigures = (s: Float64Array) => ({
  enterprises: s[ENTERPRISES]!,
  headcount: s[HEADCOUNT]!,
  unionMembers: s[MEMBERS]!,
  over25NoUnion: s[OVER25_NO_UNION]!,
  density: densityOf(s[DENSITY_MEMBERS]!, s[DENSITY_HEADCOUNT]!),
});

const flowsFrom = (s: Float64Array): Flows => ({
  partyRecommended: s[RECOMMENDED]!,
  partyAdmitted: s[ADMITTED]!,
  initiatives: s[INITIATIVES]!,
  unionsFounded: s[UNIONS_FOUNDED]!,
  founded: {
    party: s[FOUNDED_PARTY]!,
    youth: s[FOUNDED_YOUTH]!,
    women: s[FOUNDED_WOMEN]!,
    veterans: s[FOUNDED_VETERANS]!,
  },
});
