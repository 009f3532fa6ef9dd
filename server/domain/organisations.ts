// Which of the five organisations an enterprise lacks, and whether it is one the federation
// must reach first (at least 25 workers and no grassroots union).
import { ORGANISATIONS, ORGANISATION_FIELD, UNION_TARGET_HEADCOUNT, type Organisation } from "../../contract/codes.ts";

export type OrganisationFlags = { [K in (typeof ORGANISATION_FIELD)[Organisation]]: boolean };

export function missingOrganisations(e: OrganisationFlags): Organisation[] {
  return ORGANISATIONS.filter((o) => !e[ORGANISATION_FIELD[o]]);
}

/** Bit i set when ORGANISATIONS[i] is missing: a compact key for aggregates and filters. */
export function missingMask(e: OrganisationFlags): number {
  let mask = 0;
  ORGANISATIONS.forEach((o, i) => {
    if (!e[ORGANISATION_FIELD[o]]) mask |= 1 << i;
  });
  return mask;
}

export function maskOf(orgs: readonly string[]): number {
  let mask = 0;
  for (const o of orgs) {
    const i = ORGANISATIONS.indexOf(o as Organisation);
    if (i >= 0) mask |= 1 << i;
  }
  return mask;
}

/** The federation's first target: a union in every enterprise with at least 25 workers. */
export function needsUnionFirst(e: { headcount: number; hasUnion: boolean }): boolean {
  return e.headcount >= UNION_TARGET_HEADCOUNT && !e.hasUnion;
}
