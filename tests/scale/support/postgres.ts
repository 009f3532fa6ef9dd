// A fresh PostgreSQL database per test file on the machine's server (127.0.0.1:5432, trust auth
// as postgres, or SCALE_TEST_POSTGRES_URL), dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";

const SERVER = process.env.SCALE_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  name: string;
  url: string;
  /** One query on the test database, on a connection of its own. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

async function onServer<T>(url: string, use: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `unionpulse_test_${randomBytes(6).toString("hex")}`;
  await onServer(SERVER, (c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(SERVER);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    name,
    url,
    query: (sql, params) => onServer(url, async (c) => (await c.query(sql, params)).rows),
    // FORCE: a process killed on purpose may have left its connections behind for a moment.
    drop: () =>
      onServer(SERVER, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
