// A PostgreSQL database of the bench's own on the machine's server, dropped at the end.
import pg from "pg";
import type { BenchContext } from "./context.ts";

/** BENCH_POSTGRES_URL points at another server (any database on it; the bench creates its own). */
const SERVER_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function freshPostgres(ctx: BenchContext): Promise<string> {
  const name = `unionpulse_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: SERVER_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  ctx.onCleanup(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
