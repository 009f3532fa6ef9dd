// The province's figures kept in memory and updated per change in O(1): enterprises are summed
// into cells keyed by every filterable dimension, so a change moves one enterprise's contribution
// out of one cell and into another, and a query sums the (few thousand) cells that match.
import type { Filter } from "../../contract/filter.ts";
import type { Figures, Stats } from "../../contract/stats.ts";
import { addEnterprise, addSums, emptySums, figuresOf, isEmpty, type Counted, type Sums } from "./figures.ts";
import { FrozenCells } from "./frozen-cells.ts";
import { yieldToLoop } from "./loop.ts";
import { LiveFigures } from "./live-figures.ts";
import { sizeBandOf } from "../../contract/codes.ts";
import { dimensionMatcher, dimensionsOf, type Dimensions } from "./filter.ts";
import { isCounted } from "./lifecycle.ts";
import { missingMask } from "./organisations.ts";

interface Cell extends Dimensions {
  sums: Sums;
}

const keyOf = (d: Dimensions) => `${d.districtId}|${d.sector}|${d.ownership}|${d.size}|${d.mask}`;

export type StatsBody = Omit<Stats, "seq">;

/** What a stored checkpoint of the cells (server/domain/cells-checkpoint.ts) is exact for: bump it
 *  whenever what a cell holds (figures.ts sums, dimensions) or how an enterprise is classified
 *  (size bands, missing organisations, counted or not) changes; a checkpoint of another version is
 *  ignored and the cells are counted from the rows. */
export const CELLS_VERSION = 1;

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

  /** The aggregates of many enterprises at once (a rebuild): the same cells as apply(undefined, e) for
   *  each, without making a string key and a dimensions object per enterprise. */
  static async build(pages: AsyncIterable<Iterable<Counted>> | Iterable<Iterable<Counted>>): Promise<Aggregates> {
    const built = new Aggregates();
    // A cell by a number made of the district, small codes of the text dimensions and the mask.
    const byNumber = new Map<number, Cell>();
    const codes = new Map<string, number>();
    const code = (s: string) => {
      let c = codes.get(s);
      if (c === undefined) codes.set(s, (c = codes.size));
      return c;
    };
    for await (const page of pages)
      for (const e of page) {
        if (!isCounted(e)) continue;
        const size = sizeBandOf(e.headcount);
        const mask = missingMask(e);
        const district = e.districtId;
        // Unusual values (a district id beyond 2^17, a thousand distinct texts) take the general way.
        if (!(Number.isInteger(district) && district >= 0 && district < 131_072) || codes.size > 1000) {
          built.add(e, 1);
          continue;
        }
        const key = (((district * 1024 + code(e.sector)) * 1024 + code(e.ownership)) * 1024 + code(size)) * 32 + mask;
        let cell = byNumber.get(key);
        if (!cell) {
          cell = { districtId: district, sector: e.sector, ownership: e.ownership, size, mask, sums: emptySums() };
          byNumber.set(key, cell);
        }
        addEnterprise(cell.sums, e);
      }
    for (const cell of byNumber.values()) {
      const key = keyOf(cell);
      const same = built.cells.get(key);
      if (same) addSums(same.sums, cell.sums);
      else built.cells.set(key, cell);
    }
    return built;
  }

  get cellCount() {
    return this.cells.size;
  }

  /** The cells as they stand, in columns (a monthly snapshot; posted between threads as it is). */
  freeze(): FrozenCells {
    return FrozenCells.of([...this.cells.values()]);
  }

  /** Cells to go on updating, from frozen ones (a worker's build arriving), made in slices: tens of
   *  thousands of cells would otherwise hold the event loop for a noticeable time. */
  static async thaw(frozen: FrozenCells): Promise<Aggregates> {
    const a = new Aggregates();
    for (let i = 0; i < frozen.count; i++) {
      const d = frozen.dimensions(i, { districtId: 0, sector: "", ownership: "", size: "", mask: 0 });
      a.cells.set(keyOf(d), { ...d, sums: frozen.sumsOf(i) });
      if ((i & 4095) === 4095) await yieldToLoop();
    }
    return a;
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
