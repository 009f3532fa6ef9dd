// Prisma rows ↔ the API's records. Kept apart so repositories and services share one mapping.
import type { Enterprise } from "../../contract/enterprise.ts";
import type { Enterprise as EnterpriseRow } from "./generated/sqlite/client.ts";

export type { EnterpriseRow };

export function toEnterprise(r: EnterpriseRow): Enterprise {
  return {
    id: r.id,
    taxCode: r.taxCode,
    name: r.name,
    districtId: r.districtId,
    sector: r.sector as Enterprise["sector"],
    ownership: r.ownership as Enterprise["ownership"],
    headcount: r.headcount,
    unionMembers: r.unionMembers,
    hasUnion: r.hasUnion,
    hasParty: r.hasParty,
    hasYouthUnion: r.hasYouthUnion,
    hasWomenUnion: r.hasWomenUnion,
    hasVeterans: r.hasVeterans,
    partyRecommended: r.partyRecommended,
    partyAdmitted: r.partyAdmitted,
    initiatives: r.initiatives,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: r.updatedBy,
  };
}
