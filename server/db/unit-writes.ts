// Writes of the province and its units, and the reads a reorganisation makes inside its transaction:
// the named queries services/units.ts and services/units-sheet.ts call (no Prisma in the services).
import type { District, Province, ProvincePut, UnitKind } from "../../contract/units.ts";
import type { Tx } from "./change-log.ts";
import type { EnterpriseRow } from "./records.ts";
import { toDistrict } from "./unit-queries.ts";

/** The id of the province with this code, if any. */
export async function provinceIdOfCode(tx: Tx, code: string): Promise<number | null> {
  return (await tx.province.findUnique({ where: { code }, select: { id: true } }))?.id ?? null;
}

/** Creates the province, or renames the one there is (`id`). */
export async function saveProvince(tx: Tx, id: number | null, input: ProvincePut): Promise<Province> {
  const row = id ? await tx.province.update({ where: { id }, data: input }) : await tx.province.create({ data: input });
  return { id: row.id, code: row.code, name: row.name };
}

export interface UnitInsert {
  code: string;
  name: string;
  kind: UnitKind;
  validFrom?: string | null;
  provinceId: number;
}

export async function insertUnit(tx: Tx, data: UnitInsert): Promise<District> {
  return toDistrict(await tx.district.create({ data }));
}

export async function updateUnit(
  tx: Tx,
  id: number,
  data: Partial<{ code: string; name: string; kind: string }>,
): Promise<District> {
  return toDistrict(await tx.district.update({ where: { id }, data }));
}

/** Marks units retired from the effective day. */
export async function retireUnits(tx: Tx, ids: readonly number[], effectiveDate: string): Promise<District[]> {
  const out: District[] = [];
  for (const id of ids)
    out.push(toDistrict(await tx.district.update({ where: { id }, data: { active: false, validTo: effectiveDate } })));
  return out;
}

/** The unit's enterprises (not erased), by id. */
export async function enterpriseIdsOfUnit(tx: Tx, id: number): Promise<number[]> {
  const rows = await tx.enterprise.findMany({
    where: { districtId: id, erasedAt: null },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => r.id);
}

export const countEnterprisesOfUnit = (tx: Tx, id: number): Promise<number> =>
  tx.enterprise.count({ where: { districtId: id, erasedAt: null } });

/** The accounts scoped to the unit: who must be given one of a split's parts. */
export async function editorsOfUnit(tx: Tx, id: number) {
  const rows = await tx.userDistrict.findMany({
    where: { districtId: id },
    select: { user: { select: { id: true, username: true, displayName: true } } },
    orderBy: { userId: "asc" },
  });
  return rows.map((r) => r.user);
}

/** What a reorganisation moves: the enterprises of these units, or these enterprises. */
export type MoveScope = { districtId: { in: number[] } } | { id: { in: number[] } };

/** The (not erased) enterprises in scope that are not in unit `to` yet, whole, by id. */
export function enterprisesToMove(tx: Tx, scope: MoveScope, to: number): Promise<EnterpriseRow[]> {
  return tx.enterprise.findMany({
    where: { AND: [scope, { erasedAt: null }, { districtId: { not: to } }] },
    orderBy: { id: "asc" },
  });
}

/** Puts these enterprises in unit `to`, each one version further; in batches (SQLite's variable limit). */
export async function moveEnterprisesTo(tx: Tx, ids: readonly number[], to: number, at: Date, by: string) {
  for (let i = 0; i < ids.length; i += 5000)
    await tx.enterprise.updateMany({
      where: { id: { in: ids.slice(i, i + 5000) } },
      data: { districtId: to, version: { increment: 1 }, updatedAt: at, updatedBy: by },
    });
}

/** Editors scoped to a source unit are scoped to the target instead; returns how many editors. */
export async function rescopeEditors(tx: Tx, sourceIds: readonly number[], to: number): Promise<number> {
  const rows = await tx.userDistrict.findMany({
    where: { districtId: { in: [...sourceIds] } },
    select: { userId: true },
  });
  const users = [...new Set(rows.map((r) => r.userId))];
  if (users.length === 0) return 0;
  await tx.userDistrict.deleteMany({ where: { districtId: { in: [...sourceIds] } } });
  const already = new Set(
    (
      await tx.userDistrict.findMany({ where: { districtId: to, userId: { in: users } }, select: { userId: true } })
    ).map((r) => r.userId),
  );
  const add = users.filter((u) => !already.has(u));
  if (add.length) await tx.userDistrict.createMany({ data: add.map((userId) => ({ userId, districtId: to })) });
  return users.length;
}
