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

/** A compiled filter: test many cells without re-reading the filter's lists. */
export function dimensionMatcher(f: Filter): (d: Dimensions) => boolean {
  // union=false is "missing the union"; union=true asks for the union's bit to be clear.
  const required = maskOf([...(f.missing ?? []), ...(f.union === false ? ["union"] : [])]);
  const forbidden = f.union === true ? maskOf(["union"]) : 0;
  return (d) =>
    inList(f.district, d.districtId) &&
    inList(f.sector, d.sector) &&
    inList(f.ownership, d.ownership) &&
    (!f.nonState || NON_STATE.includes(d.ownership as (typeof NON_STATE)[number])) &&
    inList(f.size, d.size) &&
    (d.mask & required) === required &&
    (d.mask & forbidden) === 0;
}
