// The province's figures kept in memory and updated per change in O(1): enterprises are summed
// into cells keyed by every filterable dimension, so a change moves one enterprise's contribution
// out of one cell and into another, and a query sums the (few thousand) cells that match.
import type { Filter } from "../../contract/filter.ts";
import type { Figures, Stats } from "../../contract/stats.ts";
import { addEnterprise, addSums, emptySums, figuresOf, isEmpty, type Counted, type Sums } from "./figures.ts";
import { LiveFigures } from "./live-figures.ts";
import { dimensionMatcher, dimensionsOf, type Dimensions } from "./filter.ts";
import { isCounted } from "./lifecycle.ts";

interface Cell extends Dimensions {
  sums: Sums;
}

const keyOf = (d: Dimensions) => `${d.districtId}|${d.sector}|${d.ownership}|${d.size}|${d.mask}`;

export type StatsBody = Omit<Stats, "seq">;

export class Aggregates {
  private readonly cells = new Map<string, Cell>();

  /** Moves one enterprise's contribution: before = undefined for a new one, after = undefined for a removed one. */
  apply(before: Counted | undefined, after: Counted | undefined): void {
    // A ceased enterprise contributes nothing: ceasing moves it out, reopening moves it back in.
    if (before && isCounted(before)) this.add(before, -1);
    if (after && isCounted(after)) this.add(after, 1);
  }

  private add(e: Counted, sign: 1 | -1) {
    const dims = dimensionsOf(e);
    const key = keyOf(dims);
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { ...dims, sums: emptySums() };
      this.cells.set(key, cell);
    }
    addEnterprise(cell.sums, e, sign);
    if (isEmpty(cell.sums)) this.cells.delete(key);
  }

  get cellCount() {
    return this.cells.size;
  }

  /** A copy that later changes to this one do not touch (history's monthly snapshots). */
  clone(): Aggregates {
    const copy = new Aggregates();
    for (const [key, cell] of this.cells) copy.cells.set(key, { ...cell, sums: cell.sums.slice() });
    return copy;
  }

  query(filter: Filter): StatsBody {
    return this.grouped(filter).result();
  }

  /** The totals of query(filter) alone: one sum over the matching cells, no grouping (trends). */
  totals(filter: Filter): Figures {
    const matches = dimensionMatcher(filter);
    const sums = emptySums();
    for (const cell of this.cells.values()) if (matches(cell)) addSums(sums, cell.sums);
    return figuresOf(sums);
  }

  /** The figures of one filter, from here on kept up to date change by change (a live room's). */
  live(filter: Filter): LiveFigures {
    return new LiveFigures(filter, this.grouped(filter));
  }

  private grouped(filter: Filter): Grouping {
    const matches = dimensionMatcher(filter);
    const grouped = new Grouping();
    for (const cell of this.cells.values()) if (matches(cell)) grouped.add(cell, cell.sums);
    return grouped;
  }
}

/** Full recompute from a list of enterprises: the reference the incremental figures must equal,
 *  and the way to answer filters the cells cannot (text search). */
export function statsOf(enterprises: Iterable<Counted>, filter: Filter): StatsBody {
  const fold = statsFold(filter);
  fold.add(enterprises);
  return fold.result();
}

/** statsOf a batch at a time, for rows read in pages: the same figures, without holding them all. */
export function statsFold(filter: Filter) {
  const matches = dimensionMatcher(filter);
  const grouped = new Grouping();
  return {
    add(enterprises: Iterable<Counted>) {
      for (const e of enterprises) {
        if (!isCounted(e)) continue;
        const dims = dimensionsOf(e);
        if (!matches(dims)) continue;
        const sums = emptySums();
        addEnterprise(sums, e);
        grouped.add(dims, sums);
      }
    },
    result: (): StatsBody => grouped.result(),
  };
}

/** Sums by total and by each dimension's value; what a query returns, before dividing. */
export class Grouping {
  private readonly total = emptySums();
  private readonly groups = {
    district: new Map<number, Sums>(),
    sector: new Map<string, Sums>(),
    ownership: new Map<string, Sums>(),
    size: new Map<string, Sums>(),
  };

  add(d: Dimensions, sums: Sums) {
    addSums(this.total, sums);
    addInto(this.groups.district, d.districtId, sums);
    addInto(this.groups.sector, d.sector, sums);
    addInto(this.groups.ownership, d.ownership, sums);
    addInto(this.groups.size, d.size, sums);
  }

  /** Adds (sign 1) or takes out (-1) one enterprise of dimensions d. */
  addEnterprise(d: Dimensions, e: Counted, sign: 1 | -1) {
    addEnterprise(this.total, e, sign);
    addEnterprise(groupOf(this.groups.district, d.districtId), e, sign);
    addEnterprise(groupOf(this.groups.sector, d.sector), e, sign);
    addEnterprise(groupOf(this.groups.ownership, d.ownership), e, sign);
    addEnterprise(groupOf(this.groups.size, d.size), e, sign);
  }

  result(): StatsBody {
    return {
      totals: figuresOf(this.total),
      byDistrict: rows(this.groups.district, (districtId, f) => ({ districtId, ...f })),
      bySector: rows(this.groups.sector, (sector, f) => ({ sector, ...f })),
      byOwnership: rows(this.groups.ownership, (ownership, f) => ({ ownership, ...f })),
      bySize: rows(this.groups.size, (size, f) => ({ size, ...f })),
    };
  }
}

function groupOf<K>(map: Map<K, Sums>, key: K): Sums {
  let s = map.get(key);
  if (!s) map.set(key, (s = emptySums()));
  return s;
}

function addInto<K>(map: Map<K, Sums>, key: K, sums: Sums) {
  addSums(groupOf(map, key), sums);
}

/** One row per group that has enterprises (a group emptied by changes is left out, as a recount would). */
function rows<K extends string | number, R>(map: Map<K, Sums>, make: (k: K, f: Figures) => R): R[] {
  return [...map.entries()]
    .filter(([, s]) => !isEmpty(s))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, s]) => make(k, figuresOf(s)));
}
