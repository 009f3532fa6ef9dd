// fast-check generators of enterprises as the aggregates count them (Counted), shared by the property
// tests that compare figures kept change by change with a full recount.
import fc from "fast-check";
import { OWNERSHIPS } from "../../contract/codes.ts";
import type { Counted } from "../../server/domain/figures.ts";

/** Headcounts on both sides of every size band's edges, and anything else. */
export const headcount = fc.oneof(
  fc.constantFrom(0, 1, 24, 25, 99, 100, 499, 500, 999, 1000),
  fc.integer({ min: 0, max: 3000 }),
);

/** An enterprise in one of `units` and `sectors`; with `ceased`, one in four has ceased. */
export function anEnterpriseOf(opts: {
  units: readonly number[];
  sectors: readonly string[];
  ceased?: boolean;
}): fc.Arbitrary<Counted> {
  return fc
    .record({
      districtId: fc.constantFrom(...opts.units),
      sector: fc.constantFrom(...opts.sectors),
      ownership: fc.constantFrom(...OWNERSHIPS),
      headcount,
      memberShare: fc.double({ min: 0, max: 1, noNaN: true }),
      hasUnion: fc.boolean(),
      hasParty: fc.boolean(),
      hasYouthUnion: fc.boolean(),
      hasWomenUnion: fc.boolean(),
      hasVeterans: fc.boolean(),
      partyRecommended: fc.integer({ min: 0, max: 40 }),
      admittedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      initiatives: fc.integer({ min: 0, max: 100 }),
      status: opts.ceased ? fc.constantFrom("ACTIVE", "ACTIVE", "ACTIVE", "CEASED") : fc.constant(undefined),
    })
    .map(({ memberShare, admittedShare, status, ...e }) => ({
      ...e,
      ...(status === undefined ? {} : { status }),
      unionMembers: Math.floor(e.headcount * memberShare),
      partyAdmitted: Math.floor(e.partyRecommended * admittedShare),
    }));
}
