// Opens the configured database (SQLite file by default, PostgreSQL for scale), applies
// pending migrations, and hands out one Prisma client. The only module that knows which
// provider is in use.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "./generated/postgres/client.ts";
import { pgAdapter, pgMigrateAdapter } from "./postgres.ts";
import { migrateDeploy } from "./schema-engine.ts";

/** Both generated clients expose the same model API (one models.prisma); repositories use this type. */
export type Db = SqliteClient;
export type Provider = "sqlite" | "postgres";

const prismaDir = path.resolve(import.meta.dirname, "../../prisma");

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${url}"`);
}

/** The path of a file: URL's SQLite database, resolved from the working directory. */
export function sqliteFile(url: string) {
  return path.resolve(url.slice("file:".length));
}

function migrationAdapter(url: string) {
  return providerOf(url) === "postgres" ? pgMigrateAdapter(url) : new PrismaBetterSqlite3({ url: sqliteFile(url) });
}

/** `prisma migrate deploy` through the WASM engine; returns the names of the migrations applied. */
export async function migrate(url: string): Promise<string[]> {
  const provider = providerOf(url);
  if (provider === "sqlite") fs.mkdirSync(path.dirname(sqliteFile(url)), { recursive: true });
  const dir = path.join(prismaDir, provider);
  const result = await migrateDeploy(
    migrationAdapter(url),
    path.join(dir, "schema.prisma"),
    path.join(dir, "migrations"),
  );
  return result.appliedMigrationNames;
}

/** busyTimeoutMs: how long a SQLite write waits for another connection's lock before failing
 *  (SQLITE_BUSY, answered 503); config SQLITE_BUSY_TIMEOUT_MS. */
export async function openDatabase(
  url: string,
  opts: { busyTimeoutMs?: number } = {},
): Promise<{ db: Db; provider: Provider }> {
  const provider = providerOf(url);
  if (provider === "postgres") {
    // Same models, same generated API: see Db above.
    const db = new PostgresClient({ adapter: pgAdapter(url) }) as unknown as Db;
    return { db, provider };
  }
  const db = new SqliteClient({
    adapter: new PrismaBetterSqlite3({ url: sqliteFile(url), timeout: opts.busyTimeoutMs ?? 10_000 }),
  });
  // WAL lets readers go on while a write commits. FULL syncs the WAL at every commit, so an
  // acknowledged write survives a power cut too, not only a crash of the process.
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = FULL");
  return { db, provider };
}
