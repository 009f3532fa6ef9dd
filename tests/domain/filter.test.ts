// Whether an enterprise passes a filter: every listed dimension must match, lists mean "any of".
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OWNERSHIPS, SIZE_BAND_KEYS, SECTOR_CODES } from "../../contract/codes.ts";
import type { Filter } from "../../contract/filter.ts";
import { dimensionMatcher, dimensionsOf } from "../../server/domain/filter.ts";
import type { Counted } from "../../server/domain/figures.ts";
import { matchesFilter } from "../support/naive-stats.ts";

const base: Counted = {
  districtId: 3,
  sector: "C",
  ownership: "FDI",
  headcount: 450,
  unionMembers: 300,
  hasUnion: true,
  hasParty: false,
  hasYouthUnion: true,
  hasWomenUnion: false,
  hasVeterans: false,
  partyRecommended: 0,
  partyAdmitted: 0,
  initiatives: 0,
};
const passes = (e: Counted, f: Filter) => dimensionMatcher(f)(dimensionsOf(e));

describe("filters on the dimensions of an enterprise", () => {
  it("an empty filter, or empty lists, let everything through", () => {
    expect(passes(base, {})).toBe(true);
    expect(passes(base, { district: [], sector: [], ownership: [], size: [], missing: [] })).toBe(true);
  });

  it("a list means any of its values", () => {
    expect(passes(base, { district: [1, 3] })).toBe(true);
    expect(passes(base, { district: [1, 2] })).toBe(false);
    expect(passes(base, { sector: ["A", "C"], ownership: ["FDI"] })).toBe(true);
  });

  it("non-state keeps domestic, FDI and cooperatives and drops state enterprises", () => {
    expect(passes(base, { nonState: true })).toBe(true);
    expect(passes({ ...base, ownership: "STATE" }, { nonState: true })).toBe(false);
    expect(passes({ ...base, ownership: "STATE" }, { nonState: false })).toBe(true);
  });

  it("size bands meet at 24/25, 99/100, 499/500 and 999/1000 workers", () => {
    const band = (headcount: number) =>
      SIZE_BAND_KEYS.find((size) => passes({ ...base, headcount, unionMembers: 0 }, { size: [size] }));
    expect([0, 24, 25, 99, 100, 499, 500, 999, 1000, 25_000].map(band)).toEqual([
      "lt25",
      "lt25",
      "25-99",
      "25-99",
      "100-499",
      "100-499",
      "500-999",
      "500-999",
      "gte1000",
      "gte1000",
    ]);
  });

  it("missing lists organisations that must ALL be absent", () => {
    expect(passes(base, { missing: ["party"] })).toBe(true);
    expect(passes(base, { missing: ["party", "women", "veterans"] })).toBe(true);
    expect(passes(base, { missing: ["party", "union"] })).toBe(false);
  });

  it("agrees with the naive reading of a filter on random enterprises and filters", () => {
    const anEnterprise = fc.record({
      districtId: fc.integer({ min: 1, max: 5 }),
      sector: fc.constantFrom(...SECTOR_CODES),
      ownership: fc.constantFrom(...OWNERSHIPS),
      headcount: fc.integer({ min: 0, max: 2000 }),
      unionMembers: fc.constant(0),
      hasUnion: fc.boolean(),
      hasParty: fc.boolean(),
      hasYouthUnion: fc.boolean(),
      hasWomenUnion: fc.boolean(),
      hasVeterans: fc.boolean(),
      partyRecommended: fc.constant(0),
      partyAdmitted: fc.constant(0),
      initiatives: fc.constant(0),
    });
    const aFilter = fc.record(
      {
        district: fc.subarray([1, 2, 3, 4, 5]),
        sector: fc.subarray([...SECTOR_CODES]),
        ownership: fc.subarray([...OWNERSHIPS]),
        nonState: fc.boolean(),
        size: fc.subarray([...SIZE_BAND_KEYS]),
        missing: fc.subarray(["union", "party", "youth", "women", "veterans"]),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(anEnterprise, aFilter, (e, f) => {
        expect(passes(e, f)).toBe(matchesFilter(e, f));
      }),
      { numRuns: 2000 },
    );
  });
});
