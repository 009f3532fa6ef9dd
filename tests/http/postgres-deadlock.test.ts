// PostgreSQL breaks a deadlock between two writers by rolling one of them back (an import's apply
// takes the sequence counter before its rows, an edit its row before the counter). The writer rolled
// back saved nothing and can simply send again: it must hear 503 "try again", not 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseTrouble, toApiError } from "../../server/http/errors.ts";
import { poolOf } from "../../server/db/postgres-edit.ts";
import { createTestDatabase, type TestDatabase } from "../scale/support/postgres.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let database: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ enterprises: 10, env: { DATABASE_URL: database.url } });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await database?.drop();
});

/** Resolves for both callers once both have arrived: each holds its first row lock by then. */
function meeting() {
  let arrived = 0;
  let open!: () => void;
  const met = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === 2) open();
    return met;
  };
}

const touch = `UPDATE "Enterprise" SET "version" = "version" WHERE "id" = $1`;

/** The one error of two writers that lock the same two rows in opposite orders. */
async function deadlockOf(cross: (first: number, second: number, met: () => Promise<void>) => Promise<unknown>) {
  const [x, y] = await server.enterprises();
  const met = meeting();
  const outcomes = await Promise.allSettled([cross(x!.id, y!.id, met), cross(y!.id, x!.id, met)]);
  const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
  expect(failed).toHaveLength(1);
  return failed[0]!.reason as unknown;
}

describe("a deadlock on PostgreSQL", () => {
  it("in a Prisma transaction (an import's apply, a unit merge) answers 503, nothing saved", async () => {
    const e = await deadlockOf((first, second, met) =>
      server.db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(touch, first);
          await met();
          await tx.$executeRawUnsafe(touch, second);
        },
        { timeout: 20_000 },
      ),
    );
    expect(databaseTrouble(e)).toBe("busy");
    expect(toApiError(e)?.status).toBe(503);
    expect(toApiError(e)?.body.error.message).toMatch(/nothing was saved/);
  });

  it("on pg's pool (an edit's one statement) answers 503, nothing saved", async () => {
    const pool = poolOf(server.db)!.pool;
    const e = await deadlockOf(async (first, second, met) => {
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        await c.query(touch, [first]);
        await met();
        await c.query(touch, [second]);
        await c.query("COMMIT");
      } catch (err) {
        await c.query("ROLLBACK");
        throw err;
      } finally {
        c.release();
      }
    });
    expect(databaseTrouble(e)).toBe("busy");
    expect(toApiError(e)?.status).toBe(503);
  });
});
