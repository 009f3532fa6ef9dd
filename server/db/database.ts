// Opens the configured database (SQLite file by default, PostgreSQL for scale), applies
// pending migrations, and hands out one Prisma client. The only module that knows which
// provider is in use.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import type { PoolStats } from "./postgres.ts";
import { databaseIsCurrent } from "./migrations-current.ts";
import { projectDir } from "../project-dir.ts";
import { migrateDeploy } from "./schema-engine.ts";
import { attachConnection } from "./sqlite-connection.ts";
import { attachPool } from "./postgres-edit.ts";
import { PrismaBetterSqlite3KeepingStatements } from "./sqlite-statements.ts";

/** Both generated clients expose the same model API (one models.prisma); repositories use this type. */
export type Db = SqliteClient;
/** The generated types other db/ modules need; only this module names the generated client. */
export type { Prisma, Enterprise as EnterpriseRow } from "./generated/sqlite/client.ts";
export type Provider = "sqlite" | "postgres";

const prismaDir = path.join(projectDir, "prisma");

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${url}"`);
}

/** The path of a file: URL's SQLite database, resolved from the working directory. */
export function sqliteFile(url: string) {
  return path.resolve(url.slice("file:".length));
}

// PostgreSQL's modules (pg, its adapter, its generated client) load only for a PostgreSQL URL: on
// SQLite they were a tenth of the start-up's CPU for nothing.
async function migrationAdapter(url: string) {
  if (providerOf(url) === "sqlite") return new PrismaBetterSqlite3({ url: sqliteFile(url) });
  return (await import("./postgres.ts")).pgMigrateAdapter(url);
}

/** `prisma migrate deploy` through the WASM engine; returns the names of the migrations applied.
 *  A database that holds every migration folder, finished, is left alone without loading the engine. */
export async function migrate(url: string): Promise<string[]> {
  const provider = providerOf(url);
  const dir = path.join(prismaDir, provider);
  const folders = fs
    .readdirSync(path.join(dir, "migrations"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  if (await databaseIsCurrent(provider, provider === "sqlite" ? sqliteFile(url) : url, folders)) return [];
  if (provider === "sqlite") fs.mkdirSync(path.dirname(sqliteFile(url)), { recursive: true });
  const result = await migrateDeploy(
    await migrationAdapter(url),
    path.join(dir, "schema.prisma"),
    path.join(dir, "migrations"),
  );
  return result.appliedMigrationNames;
}

/** busyTimeoutMs: how long a SQLite write waits for another connection's lock before failing
 *  (SQLITE_BUSY, answered 503); config SQLITE_BUSY_TIMEOUT_MS. PostgreSQL: poolSize connections
 *  (DATABASE_POOL_SIZE). waitMs (DATABASE_WAIT_MS): how long to wait for a transaction's turn (both)
 *  and a connection (PostgreSQL).
 *  syncEdits (SQLite, SQLITE_SYNC_EDITS): an edit runs as one synchronous transaction on the app's
 *  connection (enterprise-writes.ts editEnterprise); off, through Prisma like every other write.
 *  directEdits (PostgreSQL, POSTGRES_DIRECT_EDITS): an edit runs as a read and one statement on pg's
 *  pool (postgres-edit.ts); off, through a Prisma interactive transaction. */
export async function openDatabase(
  url: string,
  opts: { busyTimeoutMs?: number; poolSize?: number; waitMs?: number; syncEdits?: boolean; directEdits?: boolean } = {},
): Promise<{ db: Db; provider: Provider; pool: (() => PoolStats) | null }> {
  const provider = providerOf(url);
  if (provider === "postgres") {
    const waitMs = opts.waitMs ?? 30_000;
    const [{ pgAdapter }, { PrismaClient: PostgresClient }] = await Promise.all([
      import("./postgres.ts"),
      import("./generated/postgres/client.ts"),
    ]);
    const { adapter, stats, direct } = pgAdapter(url, { size: opts.poolSize, waitMs });
    // Every write is a transaction and they queue on the sequence counter's row lock: under a burst,
    // wait for a connection (maxWait) and for the turn (timeout) instead of Prisma's 2 s and 5 s.
    const db = new PostgresClient({
      adapter,
      transactionOptions: { maxWait: waitMs, timeout: Math.max(15_000, waitMs) },
    }) as unknown as Db; // same models, same generated API: see Db above
    if (opts.directEdits ?? true) attachPool(db, direct);
    return { db, provider, pool: stats };
  }
  const adapter = new PrismaBetterSqlite3KeepingStatements({
    url: sqliteFile(url),
    timeout: opts.busyTimeoutMs ?? 10_000,
  });
  // The same wait for a transaction's turn: a long one (an import's apply) now lets the loop turn
  // between its statements, so an edit behind it waits on Prisma's clock (its default, 2 s, would answer
  // 503) where it used to wait, unseen, for the loop.
  const db = new SqliteClient({ adapter, transactionOptions: { maxWait: opts.waitMs ?? 30_000 } });
  if (opts.syncEdits ?? true) attachConnection(db, adapter);
  // WAL lets readers go on while a write commits. FULL syncs the WAL at every commit, so an
  // acknowledged write survives a power cut too, not only a crash of the process.
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = FULL");
  return { db, provider, pool: null };
}
