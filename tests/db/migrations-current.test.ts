// A start-up skips the schema engine only when _prisma_migrations holds every migration folder,
// finished; anything else goes through the full `migrate deploy` as before: a migration missing from
// the table is applied, a failed one stops the start with Prisma's own error.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "../../server/db/database.ts";
import { migrationsCurrent } from "../../server/db/migrations-current.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-migrations-current-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const folders = fs
  .readdirSync(path.resolve(import.meta.dirname, "../../prisma/sqlite/migrations"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const last = folders.at(-1)!;

const row = (migration_name: string, finished = true, rolled_back = false) => ({
  migration_name,
  finished,
  rolled_back,
});

describe("which history counts as current", () => {
  it("every folder finished, whatever else was rolled back", () => {
    expect(migrationsCurrent([row("a"), row("b")], ["a", "b"])).toBe(true);
    expect(migrationsCurrent([row("a"), row("b", false, true), row("b")], ["a", "b"])).toBe(true);
    // SQLite answers the flags as 0/1.
    expect(migrationsCurrent([{ migration_name: "a", finished: 1, rolled_back: 0 } as never], ["a"])).toBe(true);
  });
  it("not when a folder is missing, only rolled back, or a migration failed", () => {
    expect(migrationsCurrent([row("a")], ["a", "b"])).toBe(false);
    expect(migrationsCurrent([row("a"), row("b", false, true)], ["a", "b"])).toBe(false);
    expect(migrationsCurrent([row("a"), row("b"), row("c", false, false)], ["a", "b"])).toBe(false);
    expect(migrationsCurrent([], ["a"])).toBe(false);
  });
});

describe("migrate() on a SQLite file", () => {
  const file = path.join(dir, "app.db");
  const url = `file:${file}`;
  const indexes = () => {
    const db = new Database(file, { readonly: true });
    try {
      const rows = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%_idx' ORDER BY name`)
        .all() as { name: string }[];
      return rows.map((r) => r.name);
    } finally {
      db.close();
    }
  };

  it("applies everything to a new file, then nothing", async () => {
    expect(await migrate(url)).toEqual(folders);
    expect(await migrate(url)).toEqual([]);
  });

  it("applies a migration the table does not hold (an upgrade), through the engine", async () => {
    const before = indexes();
    const db = new Database(file);
    // Undo the last migration by hand, as if the file came from the release before it.
    db.exec(`DROP TABLE "AggregatesCheckpoint"`);
    db.prepare(`DELETE FROM "_prisma_migrations" WHERE "migration_name" = ?`).run(last);
    db.close();
    expect(last).toMatch(/aggregates_checkpoint$/); // what the lines above undo
    expect(await migrate(url)).toEqual([last]);
    expect(indexes()).toEqual(before);
    const check = new Database(file, { readonly: true });
    expect(check.prepare(`SELECT name FROM sqlite_master WHERE name = 'AggregatesCheckpoint'`).pluck().get()).toBe(
      "AggregatesCheckpoint",
    );
    check.close();
    expect(await migrate(url)).toEqual([]);
  });

  it("does not skip a failed migration: the start stops with the engine's error", async () => {
    const db = new Database(file);
    db.prepare(`UPDATE "_prisma_migrations" SET "finished_at" = NULL WHERE "migration_name" = ?`).run(last);
    db.close();
    await expect(migrate(url)).rejects.toThrow(/failed/i);
  });
});
