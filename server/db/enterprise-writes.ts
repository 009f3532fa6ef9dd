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
