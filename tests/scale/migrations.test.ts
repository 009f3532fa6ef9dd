// An operator points DATABASE_URL at a new, empty PostgreSQL database: the migration set builds the
// schema there, records itself in _prisma_migrations as the Prisma CLI would, and the next start
// finds nothing left to do.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../server/db/database.ts";
import { pgMigrateAdapter } from "../../server/db/postgres.ts";
import { migrateDiff } from "../../server/db/schema-engine.ts";
import { ROOT } from "./support/processes.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";

const MIGRATIONS = path.join(ROOT, "prisma/postgres/migrations");
const migrationNames = fs
  .readdirSync(MIGRATIONS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("the PostgreSQL migrations", () => {
  it("apply cleanly to an empty database, and a second start applies nothing", async () => {
    expect(await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).toEqual(
      [],
    );

    expect(await migrate(db.url)).toEqual(migrationNames);

    const tables = await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      "AggregatesCheckpoint",
      "ChangeLog",
      "Counter",
      "DisplayToken",
      "District",
      "Enterprise",
      "ImportColumnMapping",
      "PendingImport",
      "Province",
      "Session",
      "Target",
      "TargetChange",
      "UnitChange",
      "User",
      "UserDistrict",
      "_prisma_migrations",
    ]);
    const history = await db.query<{
      migration_name: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      logs: string | null;
    }>("SELECT migration_name, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY migration_name");
    expect(history.map((m) => m.migration_name)).toEqual(migrationNames);
    // Both providers carry the same history, migration for migration.
    const sqliteNames = fs
      .readdirSync(path.join(ROOT, "prisma/sqlite/migrations"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(migrationNames).toEqual(sqliteNames);
    for (const m of history) {
      expect(m.finished_at, m.migration_name).toBeInstanceOf(Date);
      expect(m.rolled_back_at, m.migration_name).toBeNull();
      expect(m.logs, m.migration_name).toBeNull();
    }

    expect(await migrate(db.url)).toEqual([]);
    expect(await db.query("SELECT count(*)::int AS n FROM _prisma_migrations")).toEqual([{ n: migrationNames.length }]);
  });

  it("a start that finds a migration missing from _prisma_migrations applies it (the skip is only for a full history)", async () => {
    const last = migrationNames.at(-1)!;
    expect(last).toMatch(/aggregates_checkpoint$/); // what the next lines undo by hand
    await db.query(`DROP TABLE "AggregatesCheckpoint"`);
    await db.query(`DELETE FROM _prisma_migrations WHERE migration_name = $1`, [last]);
    expect(await migrate(db.url)).toEqual([last]);
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_name = 'AggregatesCheckpoint'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(["AggregatesCheckpoint"]);
    expect(await migrate(db.url)).toEqual([]);
  });

  it("describe the Prisma schema exactly: from the migrations to prisma/postgres/schema.prisma there is nothing to do", async () => {
    const sql = await migrateDiff(
      pgMigrateAdapter(db.url),
      path.join(ROOT, "prisma/postgres/schema.prisma"),
      MIGRATIONS,
    );
    expect(sql.trim()).toBe("-- This is an empty migration.");
  });
});
