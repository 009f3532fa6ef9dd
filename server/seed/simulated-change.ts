// Realistic day-to-day updates a district union sends: a few members join or leave, staff
// numbers move, a union is founded, someone is recommended to or admitted by the Party, an
// initiative is registered. Pure: returns the PATCH body for one enterprise.
import type { Enterprise, EnterprisePatch } from "../../contract/enterprise.ts";
import type { RandomSource } from "./random.ts";

export function simulatedChange(e: Enterprise, r: RandomSource): EnterprisePatch {
  const kind = r.weighted([
    ["members", 45],
    ["headcount", 20],
    ["found", 8],
    ["party", 10],
    ["initiative", 10],
    ["organisation", 7],
  ] as const);
  const patch: EnterprisePatch = { version: e.version };
  switch (kind) {
    case "members": {
      if (!e.hasUnion) return simulatedFounding(e, r, patch);
      const step = Math.max(1, Math.round(e.headcount * 0.02));
      patch.unionMembers = clamp(e.unionMembers + r.int(-step, 2 * step), 0, e.headcount);
      break;
    }
    case "headcount": {
      const headcount = Math.max(
        0,
        e.headcount + r.int(-Math.ceil(e.headcount * 0.03), Math.ceil(e.headcount * 0.05) + 1),
      );
      patch.headcount = headcount;
      if (e.unionMembers > headcount) patch.unionMembers = headcount;
      break;
    }
    case "found":
      return simulatedFounding(e, r, patch);
    case "party": {
      const recommended = e.partyRecommended + (r.chance(0.6) ? 1 : 0);
      patch.partyRecommended = recommended;
      patch.partyAdmitted = Math.min(recommended, e.partyAdmitted + (r.chance(0.5) ? 1 : 0));
      break;
    }
    case "initiative":
      patch.initiatives = e.initiatives + r.int(1, 3);
      break;
    case "organisation": {
      const field = r.pick(["hasParty", "hasYouthUnion", "hasWomenUnion", "hasVeterans"] as const);
      // Founding is common; now and then a branch lapses.
      patch[field] = e[field] ? r.chance(0.85) : true;
      break;
    }
  }
  return patch;
}

function simulatedFounding(e: Enterprise, r: RandomSource, patch: EnterprisePatch): EnterprisePatch {
  if (e.headcount === 0) return { ...patch, initiatives: e.initiatives };
  patch.hasUnion = true;
  patch.unionMembers = Math.max(e.unionMembers, Math.round(e.headcount * (0.3 + r.next() * 0.5)));
  return patch;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
