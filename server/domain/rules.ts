// Rules beyond the shape of a payload: relations between fields of one enterprise.
// Shape (types, ranges, codes) is checked by the contract's zod schemas at the edge.

export interface RuleFields {
  headcount: number;
  unionMembers: number;
  partyRecommended: number;
  partyAdmitted: number;
}

/** Field → reason for every broken rule; empty when the enterprise is consistent. */
export function ruleViolations(e: RuleFields): Record<string, string> {
  const out: Record<string, string> = {};
  if (e.unionMembers > e.headcount) out.unionMembers = `must not exceed headcount (${e.headcount})`;
  if (e.partyAdmitted > e.partyRecommended)
    out.partyAdmitted = `must not exceed partyRecommended (${e.partyRecommended})`;
  return out;
}
