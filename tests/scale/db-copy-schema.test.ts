// db:copy reads the tables from the catalogues, so a table a later version adds is copied too, even
// one whose rows refer to rows of the same table that come later (a unit merged into a newer unit);
// a row whose reference leads nowhere fails the copy, and the copy is rolled back whole.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { copySqliteToPostgres } from "../../server/db/copy-to-postgres.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A SQLite file and a PostgreSQL database with the same made-up schema, as both migrations would build it. */
async function pair(rows: [number, number | null, string, number, string][]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-dbcopy-schema-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "source.db");
  const src = new Database(file);
  src.exec(`CREATE TABLE "Unit" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "mergedIntoId" INTEGER,
              "name" TEXT NOT NULL, "active" BOOLEAN NOT NULL, "validFrom" DATETIME NOT NULL,
              CONSTRAINT "Unit_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Unit" ("id"))`);
  src.pragma("foreign_keys = OFF"); // lets the test write a dangling reference, as a damaged file could hold
  const insert = src.prepare(`INSERT INTO "Unit" VALUES (?, ?, ?, ?, ?)`);
  for (const r of rows) insert.run(...r);
  src.close();
  const pg: TestDatabase = await createTestDatabase();
  cleanups.push(() => pg.drop());
  await pg.query(`CREATE TABLE "Unit" ("id" SERIAL PRIMARY KEY, "mergedIntoId" INTEGER, "name" TEXT NOT NULL,
                    "active" BOOLEAN NOT NULL, "validFrom" TIMESTAMP(3) NOT NULL);
                  ALTER TABLE "Unit" ADD CONSTRAINT "Unit_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId")
                    REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE`);
  return { file, pg };
}

describe("db:copy over tables it was not written for", () => {
  it("copies a table whose rows refer to later rows of itself, keeps the key, and moves the sequence on", async () => {
    const { file, pg } = await pair([
      [1, 3, "Huyện Châu Thành", 0, "2020-01-01T00:00:00.000+00:00"],
      [2, 3, "Huyện Mỹ Tú", 0, "2020-01-01T00:00:00.000+00:00"],
      [3, null, "Xã Châu Thành", 1, "2025-07-01T00:00:00.000+00:00"],
    ]);
    const report = await copySqliteToPostgres(file, pg.url);
    expect(report.tables).toEqual([{ table: "Unit", rows: 3 }]);
    expect(report.sequences).toEqual([{ table: "Unit", column: "id", next: 4 }]);
    expect(await pg.query(`SELECT * FROM "Unit" ORDER BY id`)).toEqual([
      { id: 1, mergedIntoId: 3, name: "Huyện Châu Thành", active: false, validFrom: expect.any(Date) },
      { id: 2, mergedIntoId: 3, name: "Huyện Mỹ Tú", active: false, validFrom: expect.any(Date) },
      { id: 3, mergedIntoId: null, name: "Xã Châu Thành", active: true, validFrom: expect.any(Date) },
    ]);
    const [at] = await pg.query<{ v: string }>(`SELECT "validFrom"::text AS v FROM "Unit" WHERE id = 3`);
    expect(at!.v).toBe("2025-07-01 00:00:00");
    const keys = await pg.query(`SELECT conname FROM pg_constraint WHERE contype = 'f'`);
    expect(keys).toEqual([{ conname: "Unit_mergedIntoId_fkey" }]);
    const [next] = await pg.query<{ id: number }>(
      `INSERT INTO "Unit" (name, active, "validFrom") VALUES ('Phường 1', true, now()) RETURNING id`,
    );
    expect(next!.id).toBe(4);
  });

  it("fails on a reference that leads nowhere, and leaves the target as it was", async () => {
    const { file, pg } = await pair([
      [1, 3, "Huyện Châu Thành", 0, "2020-01-01T00:00:00.000+00:00"],
      [2, 99, "Huyện Mỹ Tú", 0, "2020-01-01T00:00:00.000+00:00"],
      [3, null, "Xã Châu Thành", 1, "2025-07-01T00:00:00.000+00:00"],
    ]);
    await expect(copySqliteToPostgres(file, pg.url)).rejects.toThrow(/Unit_mergedIntoId_fkey/);
    expect(await pg.query(`SELECT count(*)::int AS n FROM "Unit"`)).toEqual([{ n: 0 }]);
    expect(await pg.query(`SELECT conname FROM pg_constraint WHERE contype = 'f'`)).toEqual([
      { conname: "Unit_mergedIntoId_fkey" },
    ]);
  });
});
