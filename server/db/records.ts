// Prisma rows ↔ the API's records. Kept apart so repositories and services share one mapping.
import type { Enterprise } from "../../contract/enterprise.ts";
import type { EnterpriseRow } from "./database.ts";
import { searchTextOf } from "../domain/search-text.ts";
import { sortKeyOf } from "../domain/sort-name.ts";
import { densityOf } from "../../contract/density.ts";

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
    status: r.status === "CEASED" ? "CEASED" : "ACTIVE",
    statusDate: r.statusDate,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: r.updatedBy,
  };
}

/** Columns stored only to search and sort by: recomputed on every write from the merged record. */
export function derivedColumns(e: { name: string; taxCode: string; headcount: number; unionMembers: number }) {
  return {
    searchText: searchTextOf(e.name, e.taxCode),
    sortName: sortKeyOf(e.name),
    density: densityOf(e.unionMembers, e.headcount),
  };
}
