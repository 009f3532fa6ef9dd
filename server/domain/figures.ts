// What one enterprise contributes to the aggregate figures, as a fixed vector of sums that can
// be added and subtracted, and how sums become the published Figures (divide once, at the end).
import { UNION_TARGET_HEADCOUNT } from "../../contract/codes.ts";
import type { Figures } from "../../contract/stats.ts";
import { densityOf, ratio } from "../../contract/density.ts";
import { missingMask, type OrganisationFlags } from "./organisations.ts";

/** The fields of an enterprise the figures read. */
export interface Counted extends OrganisationFlags {
  districtId: number;
  sector: string;
  ownership: string;
  headcount: number;
  unionMembers: number;
  partyRecommended: number;
  partyAdmitted: number;
  initiatives: number;
  /** CEASED enterprises are not counted (server/domain/lifecycle.ts); absent means ACTIVE. */
  status?: string;
}

// Positions in a sums vector.
const ENTERPRISES = 0,
  HEADCOUNT = 1,
  MEMBERS = 2,
  DENSITY_HEADCOUNT = 3,
  DENSITY_MEMBERS = 4,
  WITH_UNION = 5,
  OVER25 = 6,
  OVER25_NO_UNION = 7,
  RECOMMENDED = 8,
  ADMITTED = 9,
  INITIATIVES = 10,
  MISSING0 = 11;
export const SUMS_LENGTH = MISSING0 + 5;
export type Sums = Float64Array;

export const emptySums = (): Sums => new Float64Array(SUMS_LENGTH);

/** sums += sign × the contribution of e. */
export function addEnterprise(sums: Sums, e: Counted, sign: 1 | -1 = 1): void {
  sums[ENTERPRISES]! += sign;
  sums[HEADCOUNT]! += sign * e.headcount;
  sums[MEMBERS]! += sign * e.unionMembers;
  // An enterprise without workers counts as an enterprise but has no density to contribute.
  if (e.headcount > 0) {
    sums[DENSITY_HEADCOUNT]! += sign * e.headcount;
    sums[DENSITY_MEMBERS]! += sign * e.unionMembers;
  }
  if (e.hasUnion) sums[WITH_UNION]! += sign;
  if (e.headcount >= UNION_TARGET_HEADCOUNT) {
    sums[OVER25]! += sign;
    if (!e.hasUnion) sums[OVER25_NO_UNION]! += sign;
  }
  sums[RECOMMENDED]! += sign * e.partyRecommended;
  sums[ADMITTED]! += sign * e.partyAdmitted;
  sums[INITIATIVES]! += sign * e.initiatives;
  const mask = missingMask(e);
  for (let i = 0; i < 5; i++) if (mask & (1 << i)) sums[MISSING0 + i]! += sign;
}

export function addSums(into: Sums, from: Sums): void {
  for (let i = 0; i < SUMS_LENGTH; i++) into[i]! += from[i]!;
}

export function figuresOf(s: Sums): Figures {
  const at = (i: number) => s[i]!;
  return {
    enterprises: at(ENTERPRISES),
    headcount: at(HEADCOUNT),
    unionMembers: at(MEMBERS),
    density: densityOf(at(DENSITY_MEMBERS), at(DENSITY_HEADCOUNT)),
    withUnion: at(WITH_UNION),
    over25: at(OVER25),
    over25NoUnion: at(OVER25_NO_UNION),
    missing: {
      union: at(MISSING0),
      party: at(MISSING0 + 1),
      youth: at(MISSING0 + 2),
      women: at(MISSING0 + 3),
      veterans: at(MISSING0 + 4),
    },
    partyRecommended: at(RECOMMENDED),
    partyAdmitted: at(ADMITTED),
    partyAdmissionRate: ratio(at(ADMITTED), at(RECOMMENDED)),
    initiatives: at(INITIATIVES),
  };
}

export const isEmpty = (s: Sums) => s[ENTERPRISES] === 0;
