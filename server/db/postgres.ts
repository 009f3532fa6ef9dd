// PostgreSQL through Prisma's driver adapter, and the adapter factory the WASM schema engine
// needs for migrations (with the fixes it needs, each explained where it is made below).
import { randomUUID } from "node:crypto";
import pg, { type CustomTypesConfig, type PoolConfig } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { DirectPool } from "./postgres-edit.ts";

// Discrete fields, not { connectionString }: pg lets a connection string override `database`,
// which would point adapter-pg's "shadow" database at the main one.
export function pgConfig(url: string, pool: PoolOptions = {}): PoolConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)),
    max: Number(u.searchParams.get("connection_limit") ?? pool.size ?? 10),
    // A burst queues for a connection rather than failing; a database that cannot be reached fails
    // at connect (ECONNREFUSED…), long before this.
    connectionTimeoutMillis: pool.waitMs ?? 30_000,
  };
}

/** One client connected to `url` (raw reads and copies outside Prisma); the caller ends it. */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const client = new pg.Client(pgConfig(url));
  await client.connect();
  return client;
}

export interface PoolOptions {
  /** Connections per process (DATABASE_POOL_SIZE; `?connection_limit=` in the URL wins). */
  size?: number;
  /** How long a query waits for a free connection (DATABASE_WAIT_MS). */
  waitMs?: number;
}

/** What /metrics shows of the pool. */
export interface PoolStats {
  total: number;
  idle: number;
  /** Requests waiting for a connection now. */
  waiting: number;
  /** Requests that found every connection busy and had to wait, since start. */
  waits: number;
}

/** pg's pool, counting the requests that had to wait for a connection. */
class CountingPool extends pg.Pool {
  waits = 0;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's overloaded connect signature
  override connect(...args: any[]): any {
    if (this.idleCount === 0 && this.totalCount >= (this.options.max ?? 10)) this.waits++;
    return (super.connect as (...a: unknown[]) => unknown)(...args);
  }
}

/** The driver adapter for the app's client, on a pool of our own so its figures can be read. */
export function pgAdapter(url: string, opts: PoolOptions = {}) {
  const pool = new CountingPool(pgConfig(url, opts));
  const stats = (): PoolStats => ({
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    waits: pool.waits,
  });
  const direct: DirectPool = { pool, rowTypes: UTC_TIMESTAMPS };
  return { adapter: new PrismaPg(pool, { disposeExternalPool: true }), stats, direct };
}

/** Type parsers for rows read through pg directly (postgres-edit.ts): "timestamp(3)" (no time zone)
 *  holds UTC, as Prisma writes and reads it, where pg's own parser would take it as local time. Every
 *  other column an edit reads (int4, float8, bool, text) pg parses as Prisma's adapter does. */
const TIMESTAMP_OID = 1114;
const UTC_TIMESTAMPS: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? (text: string) => new Date(`${text.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format)) as CustomTypesConfig["getTypeParser"],
};

// The engine's introspection reads "char" catalog columns (OID 18) that adapter-pg cannot map;
// for migration pools only, report them as text (OID 25).
function charAsText(res: unknown) {
  for (const r of Array.isArray(res) ? res : [res]) {
    for (const f of (r as { fields?: { dataTypeID: number }[] })?.fields ?? [])
      if (f.dataTypeID === 18) f.dataTypeID = 25;
  }
  return res;
}
class MigrateClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's overloaded query signature
  override query(...args: any[]): any {
    const i = args.findIndex((a) => typeof a === "function");
    if (i >= 0) {
      const cb = args[i];
      args[i] = (err: unknown, res: unknown) => cb(err, err ? res : charAsText(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const ret = (super.query as (...a: unknown[]) => unknown)(...args) as Promise<unknown> | undefined;
    return ret && typeof ret.then === "function" ? ret.then(charAsText) : ret;
  }
}
// One fresh pool per connect(): disposing an adapter ends its pool.
const migrateConnect = (cfg: PoolConfig) =>
  new PrismaPg(new pg.Pool({ ...cfg, Client: MigrateClient } as PoolConfig), { disposeExternalPool: true }).connect();

/** Adapter factory for the schema engine, with a shadow database that is closed before it is dropped. */
export function pgMigrateAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const cfg = pgConfig(url);
  const main = new PrismaPg(cfg);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => migrateConnect(cfg),
    connectToShadowDb: async () => {
      const admin = await migrateConnect(cfg);
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = await migrateConnect({ ...cfg, database: name });
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}
