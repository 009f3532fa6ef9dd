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
  private readonly slots = new Map<number, number>();
  cells = new Int32Array(16);
  values = new Float64Array(WIDTH * 16);
  count = 0;
  /** The highest sequence number with this fact date. */
  maxSeq = 0;

  slot(cell: number): number {
    let i = this.slots.get(cell);
    if (i === undefined) {
      i = this.count++;
      if (i === this.cells.length) {
        const cells = new Int32Array(this.cells.length * 2);
        cells.set(this.cells);
        this.cells = cells;
        const values = new Float64Array(this.values.length * 2);
        values.set(this.values);
        this.values = values;
      }
      this.cells[i] = cell;
      this.slots.set(cell, i);
    }
    return i * WIDTH;
  }
}

/** Maps the unit of the time onto the unit an enterprise's figures count under. */
export type UnitOf = (districtIdThen: number) => number;
const asThen: UnitOf = (d) => d;

const SLICE_MS = 8;

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
    const key = `${s.districtId}|${s.sector}|${s.ownership}`;
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
