// The edit's hot path in plain SQL, run through Prisma's raw queries inside the caller's transaction:
// one statement to read the row, one to write only the changed columns under the version check. An
// edit is what every officer does all day, and Prisma's model queries cost several times the CPU of
// a raw one (query planning and result mapping). Same tables and value formats as the model API.
import type { Tx } from "./change-log.ts";
import { Prisma, type Enterprise as EnterpriseRow } from "./generated/sqlite/client.ts";

/** Only column names of our own schema ever reach the SQL text. */
const COLUMN = /^[A-Za-z]+$/;

export async function enterpriseRow(tx: Tx, id: number): Promise<EnterpriseRow | null> {
  const rows = await tx.$queryRaw<EnterpriseRow[]>`SELECT * FROM "Enterprise" WHERE "id" = ${id}`;
  return rows[0] ?? null;
}

/** Writes `columns` and the next version if the row is still at `version`; false when it is not. */
export async function writeEnterprise(
  tx: Tx,
  id: number,
  version: number,
  columns: Record<string, unknown>,
): Promise<boolean> {
  const sets = Object.entries(columns).map(([column, value]) => {
    if (!COLUMN.test(column)) throw new Error(`not a column name: ${column}`);
    return Prisma.sql`${Prisma.raw(`"${column}"`)} = ${value}`;
  });
  const count = await tx.$executeRaw`
    UPDATE "Enterprise" SET ${Prisma.join(sets)}, "version" = "version" + 1
    WHERE "id" = ${id} AND "version" = ${version}`;
  return count === 1;
}
