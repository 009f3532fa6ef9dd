// Whether an enterprise (or a cell of enterprises alike in every filtered dimension) passes a filter.
import { NON_STATE, sizeBandOf } from "../../contract/codes.ts";
import type { Filter } from "../../contract/filter.ts";
import { maskOf, missingMask } from "./organisations.ts";
import type { Counted } from "./figures.ts";

/** The dimensions a filter looks at (apart from text search). */
export interface Dimensions {
  districtId: number;
  sector: string;
  ownership: string;
  size: string;
  /** Bit i set when ORGANISATIONS[i] is missing. */
  mask: number;
}

export function dimensionsOf(e: Counted): Dimensions {
  return {
    districtId: e.districtId,
    sector: e.sector,
    ownership: e.ownership,
    size: sizeBandOf(e.headcount),
    mask: missingMask(e),
  };
}

const inList = <T>(list: readonly T[] | undefined, v: T) => !list || list.length === 0 || list.includes(v);

/** The filter's test of each dimension on its own: a cell passes when it passes all five. Scans over
 *  cells in columns (./frozen-cells.ts) decide each code once instead of once a cell. */
export interface DimensionTests {
  district(id: number): boolean;
  sector(code: string): boolean;
  ownership(code: string): boolean;
  size(band: string): boolean;
  mask(mask: number): boolean;
}

export function dimensionTests(f: Filter): DimensionTests {
  // union=false is "missing the union"; union=true asks for the union's bit to be clear.
  const required = maskOf([...(f.missing ?? []), ...(f.union === false ? ["union"] : [])]);
  const forbidden = f.union === true ? maskOf(["union"]) : 0;
  return {
    district: (id) => inList(f.district, id),
    sector: (code) => inList(f.sector, code),
    ownership: (code) =>
      inList(f.ownership, code) && (!f.nonState || NON_STATE.includes(code as (typeof NON_STATE)[number])),
    size: (band) => inList(f.size, band),
    mask: (mask) => (mask & required) === required && (mask & forbidden) === 0,
  };
}

/** A compiled filter: test many cells without re-reading the filter's lists. */
export function dimensionMatcher(f: Filter): (d: Dimensions) => boolean {
  const t = dimensionTests(f);
  return (d) =>
    t.district(d.districtId) && t.sector(d.sector) && t.ownership(d.ownership) && t.size(d.size) && t.mask(d.mask);
}
