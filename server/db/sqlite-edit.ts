// The edit's statements on SQLite as better-sqlite3 prepared statements, for enterprise-writes.ts's
// synchronous path (inside SqliteConnection.transaction). The same SQL as the Prisma path, with the
// values stored as the adapter stores them (booleans 1/0, dates ISO 8601 text).
import { CHANGE_COLUMNS, changeRow, SEQ_COUNTER, type ChangeEntry } from "./change-log.ts";
import type { EnterpriseRow } from "./database.ts";
import type { SqliteConnection } from "./sqlite-connection.ts";

/** Only column names of our own schema ever reach the SQL text. */
const COLUMN = /^[A-Za-z]+$/;

const SELECT_ROW = `SELECT * FROM "Enterprise" WHERE "id" = ?`;
const RESERVE_SEQ = `INSERT INTO "Counter" ("name", "value") VALUES (?, ?)
  ON CONFLICT ("name") DO UPDATE SET "value" = "value" + excluded."value" RETURNING "value"`;
const INSERT_CHANGE = `INSERT INTO "ChangeLog" (${CHANGE_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${CHANGE_COLUMNS.map(() => "?").join(", ")})`;

/** The Enterprise columns SQLite stores as 0/1 and as date text (Prisma reads them as booleans and
 *  Dates); tests/db/sqlite-edit.test.ts compares a row read here with Prisma's. */
const BOOLEAN_COLUMNS = ["hasUnion", "hasParty", "hasYouthUnion", "hasWomenUnion", "hasVeterans"] as const;
const DATE_COLUMNS = ["erasedAt", "createdAt", "updatedAt"] as const;

/** A value as the adapter binds it (its default timestampFormat, iso8601). */
function bound(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  return v;
}

/** A stored date as Prisma reads it: ISO text, SQLite's "YYYY-MM-DD HH:MM:SS" (UTC), or epoch ms. */
function dateOf(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "bigint") return new Date(Number(v));
  const text = String(v);
  return new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? `${text.replace(" ", "T")}Z` : text);
}

/** The stored row (erased ones too), or null, as enterpriseRow reads it through Prisma. */
export function enterpriseRowNow(connection: SqliteConnection, id: number): EnterpriseRow | null {
  const raw = connection.statement(SELECT_ROW).get(id) as Record<string, unknown> | undefined;
  if (!raw) return null;
  const row: Record<string, unknown> = { ...raw };
  for (const c of BOOLEAN_COLUMNS) row[c] = raw[c] === null ? null : Boolean(raw[c]);
  for (const c of DATE_COLUMNS) row[c] = dateOf(raw[c]);
  return row as unknown as EnterpriseRow;
}

/** UPDATE of `columns` at `version` (as updateEnterpriseAtVersion); false when the version moved. */
export function updateAtVersionNow(
  connection: SqliteConnection,
  id: number,
  version: number,
  columns: Record<string, unknown>,
): boolean {
  const names = Object.keys(columns);
  for (const c of names) if (!COLUMN.test(c)) throw new Error(`not a column name: ${c}`);
  const sql = `UPDATE "Enterprise" SET ${names.map((c) => `"${c}" = ?`).join(", ")}, "version" = "version" + 1 WHERE "id" = ? AND "version" = ?`;
  return connection.statement(sql).run(...names.map((c) => bound(columns[c])), id, version).changes > 0;
}

/** Reserves n sequence numbers and returns the first (reserveSeq, one statement). */
export function reserveSeqNow(connection: SqliteConnection, n: number): number {
  const row = connection.statement(RESERVE_SEQ).get(SEQ_COUNTER, n) as { value: number };
  return row.value - n + 1;
}

/** Appends one change (appendChanges of one entry: the same columns, from changeRow). */
export function appendChangeNow(connection: SqliteConnection, entry: ChangeEntry): void {
  const row = changeRow(entry);
  connection.statement(INSERT_CHANGE).run(...CHANGE_COLUMNS.map((c) => bound(row[c])));
}
