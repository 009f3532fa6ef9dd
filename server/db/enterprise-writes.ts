// The reads and writes of one enterprise inside a write's transaction, named by what they answer;
// services/enterprises.ts calls these, never Prisma itself. The edit's own two (enterpriseRow,
// updateEnterpriseAtVersion) are plain SQL through Prisma's raw queries: an edit is what every officer
// does all day, and a model query costs several times the CPU of a raw one (planning, result mapping).
// On SQLite the whole edit runs as one synchronous transaction on the app's connection when it can
// (editEnterprise): none of Prisma's per-statement CPU at all. On PostgreSQL likewise, as a read and
// one statement on pg's pool (postgres-edit.ts).
import type { Enterprise, EnterpriseFields } from "../../contract/enterprise.ts";
import type { Db } from "./database.ts";
import { appendChanges, reserveSeq, type ChangeEntry, type Tx } from "./change-log.ts";
import { Prisma, type Enterprise as EnterpriseRow } from "./generated/sqlite/client.ts";
import { derivedChanges, derivedColumns, toEnterprise } from "./records.ts";
import { connectionOf, type SqliteConnection } from "./sqlite-connection.ts";
import { appendChangeNow, enterpriseRowNow, reserveSeqNow, updateAtVersionNow } from "./sqlite-edit.ts";
import { editAtVersionDirect, enterpriseRowDirect, poolOf, type DirectPool } from "./postgres-edit.ts";

/** Only column names of our own schema ever reach the SQL text. */
const COLUMN = /^[A-Za-z]+$/;

/** The stored row (erased ones too), or null: the start of an edit. */
export async function enterpriseRow(tx: Tx, id: number): Promise<EnterpriseRow | null> {
  const rows = await tx.$queryRaw<EnterpriseRow[]>`SELECT * FROM "Enterprise" WHERE "id" = ${id}`;
  return rows[0] ?? null;
}

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

/** Writes `columns` (editColumns) only if the version is still `version`; false when someone saved first. */
export const updateEnterpriseAtVersion = async (
  tx: Tx,
  id: number,
  version: number,
  columns: Record<string, unknown>,
): Promise<boolean> => {
  const sets = Object.entries(columns).map(([column, value]) => {
    if (!COLUMN.test(column)) throw new Error(`not a column name: ${column}`);
    return Prisma.sql`${Prisma.raw(`"${column}"`)} = ${value}`;
  });
  const count = await tx.$executeRaw`
    UPDATE "Enterprise" SET ${Prisma.join(sets)}, "version" = "version" + 1
    WHERE "id" = ${id} AND "version" = ${version}`;
  return count > 0;
};

/** An edit as decided from the stored row: what to write and what to log. */
export interface PlannedEdit {
  /** The record as it was. */
  before: Enterprise;
  /** Column → new value, for the columns that change. */
  changed: Record<string, unknown>;
  /** The record as it will be (the derived columns are computed from it). */
  merged: EnterpriseFields;
  at: Date;
  by: string;
  /** The change-log entry, but for its sequence number. */
  entry: Omit<ChangeEntry, "seq">;
  /** Checks that read other rows (a unit, another tax code, the record's start), run inside the
   *  transaction before the write; absent when the edit needs none. */
  lookups?: (tx: Tx) => Promise<void>;
}

/** The columns an edit writes, on every path: the fields it changes, the derived columns whose value
 *  differs from the `stored` row's (derivedChanges), and when and by whom. */
const editColumns = (edit: PlannedEdit, stored: EnterpriseRow): Record<string, unknown> => ({
  ...edit.changed,
  ...derivedChanges(stored, edit.merged),
  updatedAt: edit.at,
  updatedBy: edit.by,
});

/** Edits enterprise `id` at `version` in one transaction: reads the row, lets `decide` (synchronous;
 *  it throws to refuse, returns null when nothing changes) plan the edit, writes the row only if the
 *  version is still `version` (else throws `stale(current)`), reserves a sequence number and logs
 *  the entry. Returns the sequence number and the plan written, or null when nothing changed.
 *  On SQLite, an edit without lookups runs synchronously on the app's connection; on PostgreSQL, as a
 *  read and one writing statement on pg's pool; anything else goes through a Prisma interactive
 *  transaction, as those paths' fallback. */
export async function editEnterprise(
  db: Db,
  id: number,
  version: number,
  decide: (row: EnterpriseRow | null) => PlannedEdit | null,
  stale: (current: Enterprise) => Error,
): Promise<{ seq: number; edit: PlannedEdit } | null> {
  const connection = connectionOf(db);
  if (connection) {
    const done = await connection.transaction(() => editNow(connection, id, version, decide, stale));
    if (done && done.value !== NEEDS_LOOKUPS) return done.value;
  }
  const direct = poolOf(db);
  if (direct) {
    const done = await editDirect(direct, id, version, decide, stale);
    if (done !== NEEDS_LOOKUPS) return done;
  }
  return db.$transaction(async (tx) => {
    const row = await enterpriseRow(tx, id);
    const edit = decide(row);
    if (!edit) return null; // decide refuses a missing row: row is set from here on
    await edit.lookups?.(tx);
    if (!(await updateEnterpriseAtVersion(tx, id, version, editColumns(edit, row!))))
      throw stale((await enterpriseIn(tx, id))!);
    const seq = await reserveSeq(tx, 1);
    await appendChanges(tx, [{ seq, ...edit.entry }]);
    return { seq, edit };
  });
}

const NEEDS_LOOKUPS = Symbol("needs lookups");

/** The edit inside a synchronous transaction; NEEDS_LOOKUPS (nothing written) when the plan has lookups. */
function editNow(
  connection: SqliteConnection,
  id: number,
  version: number,
  decide: (row: EnterpriseRow | null) => PlannedEdit | null,
  stale: (current: Enterprise) => Error,
): { seq: number; edit: PlannedEdit } | null | typeof NEEDS_LOOKUPS {
  const row = enterpriseRowNow(connection, id);
  const edit = decide(row);
  if (!edit) return null; // decide refuses a missing row: row is set from here on
  if (edit.lookups) return NEEDS_LOOKUPS;
  if (!updateAtVersionNow(connection, id, version, editColumns(edit, row!)))
    throw stale(toEnterprise(enterpriseRowNow(connection, id)!));
  const seq = reserveSeqNow(connection, 1);
  appendChangeNow(connection, { seq, ...edit.entry });
  return { seq, edit };
}

/** The edit on PostgreSQL as a read and one statement (postgres-edit.ts); NEEDS_LOOKUPS (nothing
 *  written) when the plan has lookups, which must read inside the write's transaction. The read is
 *  outside it: `decide` refuses a version other than `version`, and the statement writes only if the
 *  row is still at it. */
async function editDirect(
  direct: DirectPool,
  id: number,
  version: number,
  decide: (row: EnterpriseRow | null) => PlannedEdit | null,
  stale: (current: Enterprise) => Error,
): Promise<{ seq: number; edit: PlannedEdit } | null | typeof NEEDS_LOOKUPS> {
  const row = await enterpriseRowDirect(direct, id);
  const edit = decide(row);
  if (!edit) return null; // decide refuses a missing row: row is set from here on
  if (edit.lookups) return NEEDS_LOOKUPS;
  const seq = await editAtVersionDirect(direct, id, version, editColumns(edit, row!), edit.entry);
  if (seq === null) throw stale(toEnterprise((await enterpriseRowDirect(direct, id))!));
  return { seq, edit };
}
