// Rules beyond the shape of a payload: relations between fields of one enterprise.
// Shape (types, ranges, codes) is checked by the zod schemas; both the server and the editor form
// check these rules, so they live here.
import { problem, type FieldProblems } from "./errors.ts";

export interface RuleFields {
  headcount: number;
  unionMembers: number;
  partyRecommended: number;
  partyAdmitted: number;
}

/** Field → problem for every broken rule; empty when the enterprise is consistent. */
export function ruleViolations(e: RuleFields): FieldProblems {
  const out: FieldProblems = {};
  if (e.unionMembers > e.headcount) out.unionMembers = problem("over_headcount", { max: e.headcount });
  if (e.partyAdmitted > e.partyRecommended)
    out.partyAdmitted = problem("over_recommended", { max: e.partyRecommended });
  return out;
}
