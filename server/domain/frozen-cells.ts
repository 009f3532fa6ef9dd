// The aggregate cells of one moment, frozen (a month's end in the monthly snapshots) and kept in
// columns of typed arrays instead of a map of objects: several times smaller, a copy in one pass, and
// posted between threads with nothing to rebuild (the history worker, issue 13 item 6). A posted
// message of objects (tens of thousands of cells a month) held the receiving event loop for seconds.
import type { Filter } from "../../contract/filter.ts";
import type { Figures } from "../../contract/stats.ts";
import { emptySums, figuresOf, SUMS_LENGTH, type Sums } from "./figures.ts";
import { dimensionTests, type Dimensions } from "./filter.ts";
import { ORGANISATIONS } from "../../contract/codes.ts";

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

  /** The totals of the cells matching the filter (no text search), as Aggregates.totals gives them.
   *  A trend asks this once a month over tens of thousands of cells, on the event loop: each code is
   *  tested once (a table by text index), and the sums are added from the column in place. */
  totals(filter: Filter): Figures {
    const t = dimensionTests(filter);
    const { texts, districts, sectors, ownerships, sizes, masks, sums: cellSums } = this.columns;
    const table = (test: (code: string) => boolean) => Uint8Array.from(texts, (code) => (test(code) ? 1 : 0));
    const sectorOk = table(t.sector);
    const ownershipOk = table(t.ownership);
    const sizeOk = table(t.size);
    const maskOk = Uint8Array.from({ length: 1 << ORGANISATIONS.length }, (_, mask) => (t.mask(mask) ? 1 : 0));
    const districtOk = new Map<number, boolean>();
    const width = SUMS_LENGTH;
    const sums = emptySums();
    for (let i = 0, n = districts.length; i < n; i++) {
      if (!(sectorOk[sectors[i]!]! & ownershipOk[ownerships[i]!]! & sizeOk[sizes[i]!]! & maskOk[masks[i]!]!)) continue;
      const district = districts[i]!;
      let ok = districtOk.get(district);
      if (ok === undefined) districtOk.set(district, (ok = t.district(district)));
      if (!ok) continue;
      for (let k = 0, at = i * width; k < width; k++) sums[k]! += cellSums[at + k]!;
    }
    return figuresOf(sums);
  }

  /** The buffers that can be handed to another thread without a copy. */
  transferables(): ArrayBuffer[] {
    const c = this.columns;
    return [c.districts, c.sectors, c.ownerships, c.sizes, c.masks, c.sums].map((x) => x.buffer as ArrayBuffer);
  }
}
