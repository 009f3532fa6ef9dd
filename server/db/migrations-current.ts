// Whether a database already holds every migration, finished: one cheap read of _prisma_migrations,
// so a start-up with nothing to apply skips loading the WASM schema engine (about half a second).
// Anything unusual (no file, no table, a failed or rolled-back migration, a missing folder, an error)
// answers false, and the caller runs the full `migrate deploy`, which applies or explains.
import fs from "node:fs";
import Database from "better-sqlite3";

interface MigrationRow {
  migration_name: string;
  finished: boolean;
  rolled_back: boolean;
}

const QUERY = `SELECT "migration_name", "finished_at" IS NOT NULL AS "finished", "rolled_back_at" IS NOT NULL AS "rolled_back" FROM "_prisma_migrations"`;

/** True when every folder name in `folders` has a finished, not rolled-back row, and no migration is
 *  left failed (started, neither finished nor rolled back: `migrate deploy` refuses to go on then). */
export function migrationsCurrent(rows: MigrationRow[], folders: string[]): boolean {
  const done = new Set<string>();
  for (const r of rows) {
    const finished = Boolean(r.finished);
    const rolledBack = Boolean(r.rolled_back);
    if (!finished && !rolledBack) return false; // a failed migration
    if (finished && !rolledBack) done.add(r.migration_name);
  }
  return folders.every((f) => done.has(f));
}

async function readRows(provider: "sqlite" | "postgres", target: string): Promise<MigrationRow[]> {
  if (provider === "sqlite") {
    if (!fs.existsSync(target)) return [];
    const db = new Database(target, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(QUERY).all() as MigrationRow[];
    } finally {
      db.close();
    }
  }
  const client = await (await import("./postgres.ts")).connectPostgres(target); // pg is not loaded on SQLite
  try {
    return (await client.query<MigrationRow>(QUERY)).rows;
  } finally {
    await client.end();
  }
}

/** `target`: the SQLite file's path or the PostgreSQL URL. False on any error (the full migrate decides). */
export async function databaseIsCurrent(
  provider: "sqlite" | "postgres",
  target: string,
  folders: string[],
): Promise<boolean> {
  try {
    return migrationsCurrent(await readRows(provider, target), folders);
  } catch {
    return false;
  }
}
