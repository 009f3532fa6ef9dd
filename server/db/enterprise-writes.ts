// The reads and writes of one enterprise inside a write's transaction, named by what they answer;
// services/enterprises.ts calls these, never Prisma itself.
import type { EnterpriseFields } from "../../contract/enterprise.ts";
import type { Tx } from "./change-log.ts";
import { derivedColumns, toEnterprise } from "./records.ts";

export const isTaxCodeTaken = async (tx: Tx, taxCode: string): Promise<boolean> =>
  (await tx.enterprise.findUnique({ where: { taxCode }, select: { id: true } })) !== null;

export const isKnownDistrict = async (tx: Tx, id: number): Promise<boolean> =>
  (await tx.district.findUnique({ where: { id }, select: { id: true } })) !== null;

/** The enterprise as it is in this transaction, or null. */
export const enterpriseIn = async (tx: Tx, id: number) => {
  const row = await tx.enterprise.findUnique({ where: { id } });
  return row ? toEnterprise(row) : null;
};

export const insertEnterprise = async (tx: Tx, fields: EnterpriseFields, at: Date, by: string) =>
  toEnterprise(
    await tx.enterprise.create({
      data: { ...fields, ...derivedColumns(fields), createdAt: at, updatedAt: at, updatedBy: by },
    }),
  );

/** The enterprise as it is in this transaction, or null when there is none or it was erased. */
export const liveEnterpriseIn = async (tx: Tx, id: number) => {
  const row = await tx.enterprise.findUnique({ where: { id } });
  return row && !row.erasedAt ? toEnterprise(row) : null;
};

/** Marks an enterprise erased; its tax code is unique, so it is freed for the real record and kept
 *  readable for the audit. */
export const markErased = async (tx: Tx, id: number, taxCode: string, at: Date, by: string): Promise<void> => {
  await tx.enterprise.update({
    where: { id },
    data: { erasedAt: at, taxCode: `${taxCode}~erased-${id}`, version: { increment: 1 }, updatedAt: at, updatedBy: by },
  });
};

/** The unit an enterprise names, as the rules need it (its code and whether it is active), or null. */
export const unitForRules = (tx: Tx, id: number) =>
  tx.district.findUnique({ where: { id }, select: { code: true, active: true } });

/** Whether any unit is set up yet. */
export const hasActiveUnit = async (tx: Tx): Promise<boolean> =>
  (await tx.district.count({ where: { active: true } })) > 0;

/** Writes `changed` (and the columns derived from `merged`) only if the version is still `version`;
 *  false when someone saved first. */
export const updateEnterpriseAtVersion = async (
  tx: Tx,
  id: number,
  version: number,
  changed: Record<string, unknown>,
  merged: EnterpriseFields,
  at: Date,
  by: string,
): Promise<boolean> => {
  const { count } = await tx.enterprise.updateMany({
    where: { id, version },
    data: { ...changed, ...derivedColumns(merged), version: { increment: 1 }, updatedAt: at, updatedBy: by },
  });
  return count > 0;
};
