// The aggregates' rebuild reads PostgreSQL raw, in one REPEATABLE READ transaction through a cursor:
// see tests/support/snapshot-check.ts.
import { afterAll, beforeAll, describe, it } from "vitest";
import { checkSnapshotReader } from "../support/snapshot-check.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("the rebuild's snapshot of a PostgreSQL database", () => {
  it("equals a recount as of its sequence number, whatever another connection commits meanwhile", async () => {
    await checkSnapshotReader(db.url);
  }, 60_000); // seeding a province takes a while on a loaded machine
});
