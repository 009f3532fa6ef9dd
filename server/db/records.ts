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

/** The derived columns of the merged record `e` whose value differs from the stored row's, to write
 *  with an edit. SQLite rewrites the entries of every index on a column an UPDATE sets, whether or not
 *  its value changed: an edit of a count that left the name alone rewrote sortName's and density's
 *  index entries (and their pages in the WAL) for nothing. Compared with the stored values rather than
 *  decided from which fields changed, so a row stored with an older derivation is still put right. */
export function derivedChanges(
  stored: Pick<EnterpriseRow, "searchText" | "sortName" | "density">,
  e: { name: string; taxCode: string; headcount: number; unionMembers: number },
): Partial<ReturnType<typeof derivedColumns>> {
  const derived = derivedColumns(e);
  const changes: Partial<ReturnType<typeof derivedColumns>> = {};
  if (derived.searchText !== stored.searchText) changes.searchText = derived.searchText;
  if (derived.sortName !== stored.sortName) changes.sortName = derived.sortName;
  if (derived.density !== stored.density) changes.density = derived.density;
  return changes;
}
