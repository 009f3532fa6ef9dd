// Copies a whole installation from its SQLite file to an empty, migrated PostgreSQL database: every
// table the schema has (read from both catalogs, so tables added later are copied too), in foreign-key
// order, in batches, inside one PostgreSQL transaction, then moves the autoincrement sequences on.
import Database from "better-sqlite3";
import type pg from "pg";
import { connectPostgres } from "./postgres.ts";
import { postgresValue, type PgColumn } from "./copy-values.ts";
import { Refused } from "./sqlite-backup.ts";

/** Written by each database's own migration run, so never copied. */
const MIGRATIONS_TABLE = "_prisma_migrations";
/** PostgreSQL takes at most 65,535 parameters per statement; batches stay well below, and small
 *  enough that a few hundred thousand change-log rows pass through in bounded memory. */
const MAX_PARAMS = 30_000;
const MAX_ROWS = 1_000;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface ForeignKey {
  name: string;
  child: string;
  parent: string;
  definition: string;
}

export interface CopyOptions {
  /** Tables left behind (their rows are not copied), e.g. ["Session"]: everyone logs in again. */
  skip?: string[];
  /** One line per step, for the operator. */
  log?: (line: string) => void;
}

export interface CopyReport {
  /** Rows copied per table, in the order they were copied. */
  tables: { table: string; rows: number }[];
  /** Sequences moved on, with the value the next row will get. */
  sequences: { table: string; column: string; next: number }[];
}

/** The tables of the current schema that already hold rows (the migrations table aside). */
export async function tablesWithRows(client: pg.Client): Promise<string[]> {
  const tables = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> $1 ORDER BY table_name`,
    [MIGRATIONS_TABLE],
  );
  const full: string[] = [];
  for (const { table_name } of tables.rows)
    if ((await client.query(`SELECT 1 FROM ${q(table_name)} LIMIT 1`)).rowCount) full.push(table_name);
  return full;
}

async function targetColumns(client: pg.Client): Promise<Map<string, PgColumn[]>> {
  const { rows } = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    seq: string | null;
  }>(
    `SELECT table_name, column_name, data_type,
            pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
     FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name IN (
       SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')
     ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, PgColumn[]>();
  for (const r of rows) {
    if (r.table_name === MIGRATIONS_TABLE) continue;
    const cols = tables.get(r.table_name) ?? [];
    cols.push({ name: r.column_name, type: r.data_type, sequence: r.seq });
    tables.set(r.table_name, cols);
  }
  return tables;
}

async function foreignKeys(client: pg.Client): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey>(
    `SELECT c.conname AS name, t.relname AS child, f.relname AS parent, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c
     JOIN pg_class t ON t.oid = c.conrelid
     JOIN pg_class f ON f.oid = c.confrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE c.contype = 'f' AND n.nspname = current_schema()
     ORDER BY t.relname, c.conname`,
  );
  return rows;
}

/** Parents before children (alphabetical among equals, so runs read alike). Foreign keys no order can
 *  satisfy (a table referring to itself, or a cycle) are returned apart: they are dropped for the copy
 *  and added back after it, which checks every row against them then. */
export function foreignKeyOrder(tables: string[], keys: ForeignKey[]): { order: string[]; unordered: ForeignKey[] } {
  const left = new Set(tables);
  const order: string[] = [];
  const between = (k: ForeignKey) => left.has(k.child) && left.has(k.parent) && k.child !== k.parent;
  while (left.size) {
    const ready = [...left].filter((t) => !keys.some((k) => between(k) && k.child === t)).sort();
    if (!ready.length) {
      // A cycle: take the rest in name order; their keys among themselves are checked at the end.
      order.push(...[...left].sort());
      break;
    }
    for (const t of ready) {
      order.push(t);
      left.delete(t);
    }
  }
  const position = new Map(order.map((t, i) => [t, i]));
  const unordered = keys.filter(
    (k) =>
      position.has(k.child) &&
      position.has(k.parent) &&
      (k.child === k.parent || position.get(k.parent)! >= position.get(k.child)!),
  );
  return { order, unordered };
}

function sourceTables(src: Database.Database): Map<string, string[]> {
  const names = src
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ?")
    .pluck()
    .all(MIGRATIONS_TABLE) as string[];
  return new Map(
    names.map((t) => [t, (src.prepare(`PRAGMA table_info(${q(t)})`).all() as { name: string }[]).map((c) => c.name)]),
  );
}

/** Both databases are at the same migration, so they must have the same tables and columns; say
 *  exactly what differs rather than copy part of an installation. */
function matchSchemas(source: Map<string, string[]>, target: Map<string, PgColumn[]>) {
  const problems: string[] = [];
  for (const [table, cols] of source) {
    const there = target.get(table);
    if (!there) {
      problems.push(`table ${table} is missing in PostgreSQL`);
      continue;
    }
    const names = new Set(there.map((c) => c.name));
    const missing = cols.filter((c) => !names.has(c));
    const extra = [...names].filter((c) => !cols.includes(c));
    if (missing.length) problems.push(`${table}: PostgreSQL has no column ${missing.join(", ")}`);
    if (extra.length) problems.push(`${table}: SQLite has no column ${extra.join(", ")}`);
  }
  for (const table of target.keys()) if (!source.has(table)) problems.push(`table ${table} is missing in SQLite`);
  if (problems.length)
    throw new Refused(`the two databases' schemas differ (run both at the same version): ${problems.join("; ")}`);
}

/** Copies the SQLite database at `sqlitePath` into the migrated, empty PostgreSQL database at `pgUrl`.
 *  Refuses (Refused, nothing written) when the target holds any row. */
export async function copySqliteToPostgres(
  sqlitePath: string,
  pgUrl: string,
  opts: CopyOptions = {},
): Promise<CopyReport> {
  const log = opts.log ?? (() => {});
  const skip = new Set(opts.skip ?? []);
  const src = new Database(sqlitePath, { fileMustExist: true, timeout: 10_000 });
  src.defaultSafeIntegers(true); // integers exactly as stored, however large
  const client = await connectPostgres(pgUrl);
  try {
    // One read transaction: every table is read from the same moment, even if a server still writes.
    src.exec("BEGIN");
    const source = sourceTables(src);
    await client.query("BEGIN");
    const target = await targetColumns(client);
    matchSchemas(source, target);
    if (!target.size) throw new Refused("the PostgreSQL database has no tables: run the migrations first");
    // Nobody else writes these tables until the copy commits (and the ALTERs below need it).
    await client.query(`LOCK TABLE ${[...target.keys()].map(q).join(", ")} IN ACCESS EXCLUSIVE MODE`);
    const full = await tablesWithRows(client);
    if (full.length) throw new Refused(`the PostgreSQL database already has data (in ${full.join(", ")})`);

    const keys = await foreignKeys(client);
    const { order, unordered } = foreignKeyOrder([...target.keys()], keys);
    for (const k of unordered) await client.query(`ALTER TABLE ${q(k.child)} DROP CONSTRAINT ${q(k.name)}`);

    const report: CopyReport = { tables: [], sequences: [] };
    for (const table of order) {
      if (skip.has(table)) {
        log(`${table}: left behind, as asked`);
        continue;
      }
      const rows = await copyTable(src, client, table, target.get(table)!);
      report.tables.push({ table, rows });
      log(`${table}: ${rows.toLocaleString("en")} rows`);
    }
    for (const k of unordered)
      await client.query(`ALTER TABLE ${q(k.child)} ADD CONSTRAINT ${q(k.name)} ${k.definition}`);

    for (const [table, cols] of target)
      for (const c of cols.filter((c) => c.sequence)) {
        // is_called false: the next nextval() returns exactly max + 1 (1 on an empty table).
        const { rows } = await client.query<{ next: string }>(
          `SELECT setval($1, COALESCE(MAX(${q(c.name)}), 0) + 1, false)::text AS next FROM ${q(table)}`,
          [c.sequence],
        );
        report.sequences.push({ table, column: c.name, next: Number(rows[0]!.next) });
      }
    await client.query("COMMIT");
    return report;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    if (src.inTransaction) src.exec("COMMIT");
    src.close();
    await client.end();
  }
}

async function copyTable(src: Database.Database, client: pg.Client, table: string, cols: PgColumn[]): Promise<number> {
  const expected = Number(
    src
      .prepare(`SELECT count(*) FROM ${q(table)}`)
      .pluck()
      .get(),
  );
  const perBatch = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / cols.length)));
  const insert = (n: number) => {
    let p = 0;
    const row = () => `(${cols.map(() => `$${++p}`).join(", ")})`;
    return `INSERT INTO ${q(table)} (${cols.map((c) => q(c.name)).join(", ")}) VALUES ${Array.from({ length: n }, row).join(", ")}`;
  };
  const fullBatch = insert(perBatch);
  // Streams the rows: only one batch is ever in memory, whatever the table's size.
  const rows = src
    .prepare(`SELECT ${cols.map((c) => q(c.name)).join(", ")} FROM ${q(table)}`)
    .raw(true)
    .iterate() as IterableIterator<unknown[]>;
  let batch: unknown[] = [];
  let copied = 0;
  const flush = async () => {
    const n = batch.length / cols.length;
    if (!n) return;
    await client.query(n === perBatch ? fullBatch : insert(n), batch);
    copied += n;
    batch = [];
  };
  for (const row of rows) {
    for (let i = 0; i < cols.length; i++) batch.push(postgresValue(row[i], cols[i]!, table));
    if (batch.length === perBatch * cols.length) await flush();
  }
  await flush();
  if (copied !== expected) throw new Error(`${table}: ${copied} rows copied of ${expected}`);
  return copied;
}
