// Reads of enterprises: a filter becomes a Prisma `where`, a sort key an `orderBy`.
import { setImmediate as nextTurn } from "node:timers/promises";
import { NON_STATE, ORGANISATION_FIELD, SIZE_BANDS, type Organisation } from "../../contract/codes.ts";
import type { Filter } from "../../contract/filter.ts";
import type { Enterprise } from "../../contract/enterprise.ts";
import { searchTextOf } from "../domain/search-text.ts";
import type { Counted } from "../domain/figures.ts";
import type { Tx } from "./change-log.ts";
import type { Db, Prisma } from "./database.ts";
import { toEnterprise } from "./records.ts";
import { sortKeyOf } from "./sort-pages.ts";

/** Whether an enterprise of this id was ever registered (erased ones too: their history stays). */
export const enterpriseExists = async (db: Db, id: number): Promise<boolean> =>
  (await db.enterprise.findUnique({ where: { id }, select: { id: true } })) !== null;

/** The enterprises (not erased) with these ids, in no particular order. */
export const liveEnterprisesByIds = (db: Db, ids: readonly number[]) =>
  db.enterprise.findMany({ where: { id: { in: [...ids] }, erasedAt: null } });

/** Enterprises (erased ones too) whose id or tax code is one of `values`. */
export async function enterprisesByKey(
  db: Db | Tx,
  key: "id" | "taxCode",
  values: (number | string)[],
): Promise<Enterprise[]> {
  const rows = await db.enterprise.findMany({ where: { [key]: { in: values } } });
  return rows.map(toEnterprise);
}

/** A page of the live enterprises' units, by id after `cursor`. */
export const enterpriseUnitsAfter = (db: Db, cursor: number, take: number) =>
  db.enterprise.findMany({
    where: { id: { gt: cursor }, erasedAt: null },
    select: { id: true, districtId: true },
    orderBy: { id: "asc" },
    take,
  });

/** The unit of each of the given enterprises that is not erased (an erased one is left out). */
export const enterpriseUnitsOf = (db: Db, ids: readonly number[]) =>
  db.enterprise.findMany({
    where: { id: { in: [...ids] }, erasedAt: null },
    select: { id: true, districtId: true },
  });

export function whereOf(f: Filter): Prisma.EnterpriseWhereInput {
  // An erased record is gone from every read (its history stays in the log).
  const and: Prisma.EnterpriseWhereInput[] = [{ erasedAt: null }];
  if (f.district?.length) and.push({ districtId: { in: f.district } });
  if (f.sector?.length) and.push({ sector: { in: f.sector } });
  if (f.ownership?.length) and.push({ ownership: { in: f.ownership } });
  if (f.nonState) and.push({ ownership: { in: [...NON_STATE] } });
  if (f.size?.length) {
    const bands = SIZE_BANDS.filter((b) => f.size!.includes(b.key));
    and.push({
      OR: bands.map((b) => ({ headcount: Number.isFinite(b.max) ? { gte: b.min, lte: b.max } : { gte: b.min } })),
    });
  }
  for (const o of f.missing ?? []) and.push({ [ORGANISATION_FIELD[o as Organisation]]: false });
  if (f.union !== undefined) and.push({ hasUnion: f.union });
  // A ceased enterprise has left the missing-organisation lists (it still lists without those filters).
  if (f.missing?.length || f.union === false) and.push({ status: "ACTIVE" });
  if (f.q) {
    const words = searchTextOf(f.q).split(" ").filter(Boolean);
    for (const w of words) and.push({ searchText: { contains: w } });
  }
  return { AND: and };
}

/** The table's order (server/db/sort-pages.ts says which columns): the key, then id ascending. */
export function orderByOf(sort: string): Prisma.EnterpriseOrderByWithRelationInput[] {
  return [
    ...sortKeyOf(sort).map((k) =>
      // Enterprises without workers have no density: last whichever way it sorts.
      k.column === "density" ? { density: { sort: k.dir, nulls: "last" as const } } : { [k.column]: k.dir },
    ),
    { id: "asc" },
  ];
}

export async function listEnterprises(
  db: Db,
  f: Filter,
  page: number,
  pageSize: number,
  sort: string,
): Promise<{ items: Enterprise[]; total: number }> {
  const where = whereOf(f);
  const [rows, total] = await Promise.all([
    db.enterprise.findMany({ where, orderBy: orderByOf(sort), skip: (page - 1) * pageSize, take: pageSize }),
    db.enterprise.count({ where }),
  ]);
  return { items: rows.map(toEnterprise), total };
}

export async function findEnterprise(db: Db, id: number): Promise<Enterprise | null> {
  const row = await db.enterprise.findUnique({ where: { id } });
  return row && !row.erasedAt ? toEnterprise(row) : null;
}

const countedSelect = {
  districtId: true,
  sector: true,
  ownership: true,
  headcount: true,
  unionMembers: true,
  hasUnion: true,
  hasParty: true,
  hasYouthUnion: true,
  hasWomenUnion: true,
  hasVeterans: true,
  partyRecommended: true,
  partyAdmitted: true,
  initiatives: true,
  status: true,
} as const;

/** The counted fields of every enterprise matching f, read in pages so memory stays bounded.
 *  With `idWindow`, each query looks at ids in a window of that size only (a selective filter such
 *  as a text search otherwise scans the whole table for one page), with a turn of the event loop
 *  between queries; enterprises registered after the read began are left out. */
export async function* countedEnterprises(
  db: Db,
  f: Filter = {},
  { batch = 5_000, idWindow }: { batch?: number; idWindow?: number } = {},
): AsyncGenerator<Counted[]> {
  const where = whereOf(f);
  const lastId = idWindow ? ((await db.enterprise.aggregate({ _max: { id: true } }))._max.id ?? 0) : Infinity;
  let cursor = 0;
  while (cursor < lastId) {
    if (idWindow) await nextTurn();
    const upTo = idWindow ? { lte: Math.min(cursor + idWindow, lastId) } : {};
    const rows = await db.enterprise.findMany({
      where: { AND: [where, { id: { gt: cursor, ...upTo } }] },
      select: { id: true, ...countedSelect },
      orderBy: { id: "asc" },
      take: batch,
    });
    if (rows.length === batch) cursor = rows[rows.length - 1]!.id;
    else if (idWindow) cursor = Math.min(cursor + idWindow, lastId);
    else cursor = lastId;
    if (rows.length) yield rows;
  }
}
