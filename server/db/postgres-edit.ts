// The edit's statements on PostgreSQL through pg's pool (the one under Prisma's adapter), for
// enterprise-writes.ts's direct path: one read of the row, then ONE statement that writes the row at
// its version, takes the next sequence number and appends the change. A statement is its own
// transaction, so this is the Prisma interactive transaction's work (BEGIN, five statements, COMMIT,
// each through Prisma's query machinery) in two round trips of the driver alone.
//
// Why the semantics hold: the UPDATE's "version" = $n is re-checked on the row as committed when it
// waited for another writer's lock (READ COMMITTED), so one of two racing edits writes nothing; the
// sequence number is taken only when the row was written (the upsert reads FROM the UPDATE's rows),
// and the Counter row stays locked until the statement commits, so commit order is sequence order and
// a failure anywhere in the statement rolls back the number with it: no gap.
import type pg from "pg";
import { CHANGE_COLUMNS, changeRow, SEQ_COUNTER, type ChangeEntry } from "./change-log.ts";
import type { EnterpriseRow, Prisma } from "./database.ts";

/** Only column names of our own schema ever reach the SQL text. */
const COLUMN = /^[A-Za-z]+$/;

/** pg's pool and the type parsers a row is read with (built where pg is loaded: postgres.ts). */
export interface DirectPool {
  pool: pg.Pool;
  rowTypes: pg.CustomTypesConfig;
}

/** The pool of each PostgreSQL client made by openDatabase with direct edits on. */
const pools = new WeakMap<object, DirectPool>();

/** Lets edits on `db` run on `direct.pool` directly (the pool its adapter queries through). */
export function attachPool(db: object, direct: DirectPool): void {
  pools.set(db, direct);
}

/** The pool for direct edits on `db`, or null (SQLite, switched off): the caller takes Prisma's path. */
export function poolOf(db: object): DirectPool | null {
  return pools.get(db) ?? null;
}

/** A value as bound here: a Date as UTC ISO text (pg would send local time with an offset, which a
 *  column without a time zone drops), undefined as NULL. */
function bound(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** The stored row (erased ones too), or null, as enterpriseRow reads it through Prisma. */
export async function enterpriseRowDirect({ pool, rowTypes }: DirectPool, id: number): Promise<EnterpriseRow | null> {
  const res = await pool.query<EnterpriseRow>({
    name: "enterprise-row",
    text: `SELECT * FROM "Enterprise" WHERE "id" = $1`,
    values: [id],
    types: rowTypes,
  });
  return res.rows[0] ?? null;
}

/** The PostgreSQL type of each ChangeLog column: the INSERT takes its values from a SELECT, where a
 *  parameter's type is not inferred from the target column. Keyed by every column, so a column added
 *  to the model and not typed here does not compile. */
const CHANGE_TYPES: Record<keyof Required<Prisma.ChangeLogCreateManyInput>, string> = {
  seq: "integer",
  enterpriseId: "integer",
  at: "timestamp(3)",
  factDate: "text",
  actor: "text",
  actorUserId: "integer",
  source: "text",
  claimedSource: "text",
  action: "text",
  diff: "text",
};

/** UPDATE of `columns` at `version`, the next sequence number and the change-log row, as one
 *  statement; the sequence number written, or null when the version moved (nothing written). */
export async function editAtVersionDirect(
  { pool }: DirectPool,
  id: number,
  version: number,
  columns: Record<string, unknown>,
  entry: Omit<ChangeEntry, "seq">,
): Promise<number | null> {
  const names = Object.keys(columns);
  for (const c of names) if (!COLUMN.test(c)) throw new Error(`not a column name: ${c}`);
  const values: unknown[] = names.map((c) => bound(columns[c]));
  const param = (v: unknown) => `$${values.push(v)}`;
  const sets = names.map((c, i) => `"${c}" = $${i + 1}`).join(", ");
  const row = changeRow({ seq: 0, ...entry });
  const logged = CHANGE_COLUMNS.filter((c) => c !== "seq");
  const text = `
    WITH edited AS (
      UPDATE "Enterprise" SET ${sets}, "version" = "version" + 1
      WHERE "id" = ${param(id)} AND "version" = ${param(version)} RETURNING "id"
    ), reserved AS (
      INSERT INTO "Counter" ("name", "value") SELECT ${param(SEQ_COUNTER)}::text, 1 FROM edited
      ON CONFLICT ("name") DO UPDATE SET "value" = "Counter"."value" + 1 RETURNING "value"
    )
    INSERT INTO "ChangeLog" ("seq", ${logged.map((c) => `"${c}"`).join(", ")})
    SELECT reserved."value", ${logged.map((c) => `${param(bound(row[c]))}::${CHANGE_TYPES[c]}`).join(", ")}
    FROM reserved RETURNING "seq"`;
  const res = await pool.query<{ seq: number }>(text, values);
  return res.rows[0]?.seq ?? null;
}
