// The aggregate cells of one moment, frozen (a month's end in the monthly snapshots) and kept in
// columns of typed arrays instead of a map of objects: several times smaller, a copy in one pass, and
// posted between threads with nothing to rebuild (the history worker, issue 13 item 6). A posted
// message of objects (tens of thousands of cells a month) held the receiving event loop for seconds.
import type { Filter } from "../../contract/filter.ts";
import type { Figures } from "../../contract/stats.ts";
import { addSums, emptySums, figuresOf, SUMS_LENGTH, type Sums } from "./figures.ts";
import { dimensionMatcher, type Dimensions } from "./filter.ts";

export interface FrozenCellsTransfer {
  /** Sectors, ownerships and size bands: the codes the columns below index. */
  texts: string[];
  districts: Int32Array;
  sectors: Uint16Array;
  ownerships: Uint16Array;
  sizes: Uint16Array;
  masks: Int32Array;
  /** SUMS_LENGTH per cell, in the columns' order. */
  sums: Float64Array;
}

export class FrozenCells {
  constructor(readonly columns: FrozenCellsTransfer) {}

  static of(cells: readonly (Dimensions & { sums: Sums })[]): FrozenCells {
    const n = cells.length;
    const texts: string[] = [];
    const ids = new Map<string, number>();
    const id = (t: string) => {
      let i = ids.get(t);
      if (i === undefined) ids.set(t, (i = texts.push(t) - 1));
      return i;
    };
    const c: FrozenCellsTransfer = {
      texts,
      districts: new Int32Array(n),
      sectors: new Uint16Array(n),
      ownerships: new Uint16Array(n),
      sizes: new Uint16Array(n),
      masks: new Int32Array(n),
      sums: new Float64Array(n * SUMS_LENGTH),
    };
    cells.forEach((cell, i) => {
      c.districts[i] = cell.districtId;
      c.sectors[i] = id(cell.sector);
      c.ownerships[i] = id(cell.ownership);
      c.sizes[i] = id(cell.size);
      c.masks[i] = cell.mask;
      c.sums.set(cell.sums, i * SUMS_LENGTH);
    });
    return new FrozenCells(c);
  }

  get count(): number {
    return this.columns.districts.length;
  }

  /** Cell i's dimensions, written into `into` (one object reused over a scan). */
  dimensions(i: number, into: Dimensions): Dimensions {
    const c = this.columns;
    into.districtId = c.districts[i]!;
    into.sector = c.texts[c.sectors[i]!]!;
    into.ownership = c.texts[c.ownerships[i]!]!;
    into.size = c.texts[c.sizes[i]!]!;
    into.mask = c.masks[i]!;
    return into;
  }

  sumsOf(i: number): Sums {
    return this.columns.sums.subarray(i * SUMS_LENGTH, (i + 1) * SUMS_LENGTH);
  }

  /** The totals of the cells matching the filter (no text search), as Aggregates.totals gives them. */
  totals(filter: Filter): Figures {
    const matches = dimensionMatcher(filter);
    const sums = emptySums();
    const d: Dimensions = { districtId: 0, sector: "", ownership: "", size: "", mask: 0 };
    for (let i = 0; i < this.count; i++) if (matches(this.dimensions(i, d))) addSums(sums, this.sumsOf(i));
    return figuresOf(sums);
  }

  /** The buffers that can be handed to another thread without a copy. */
  transferables(): ArrayBuffer[] {
    const c = this.columns;
    return [c.districts, c.sectors, c.ownerships, c.sizes, c.masks, c.sums].map((x) => x.buffer as ArrayBuffer);
  }
}
