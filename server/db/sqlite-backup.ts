// Backup and restore of the SQLite file: a consistent copy taken while the server runs and writes
// (SQLite's online backup API), and a checked swap back that refuses while a server has the file open.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { projectDir } from "../project-dir.ts";

const MIGRATIONS_DIR = path.join(projectDir, "prisma/sqlite/migrations");

/** A refusal the operator must act on (a bad file, a running server): the scripts print it and exit 1. */
export class Refused extends Error {}

/** unionpulse-20261130T092744Z.db: in UTC, so the names sort by time whatever the machine's time zone. */
export function backupName(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  return `unionpulse-${stamp}.db`;
}
const BACKUP_NAME = /^unionpulse-(\d{8}T\d{6}Z)(?:-(\d+))?\.db$/;
/** Sorts by time, then by the -2, -3 … that tells apart backups made in the same second. */
const backupOrder = (name: string) => {
  const m = BACKUP_NAME.exec(name)!;
  return `${m[1]}.${(m[2] ?? "1").padStart(6, "0")}`;
};

function freeName(dir: string, at: Date): string {
  const base = backupName(at);
  let file = path.join(dir, base);
  for (let n = 2; fs.existsSync(file) || fs.existsSync(`${file}.partial`); n++)
    file = path.join(dir, base.replace(/\.db$/, `-${n}.db`));
  return file;
}

function fsyncPath(p: string) {
  const fd = fs.openSync(p, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function removeWithCompanions(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

export interface DatabaseCheck {
  /** Migrations recorded as finished in the file's _prisma_migrations, in order. */
  migrations: string[];
  /** The last change-log sequence number (Counter "changeSeq"), or null when there is none. */
  changeSeq: number | null;
}

/** Checks a database file we own (it may be written to: the check leaves it in rollback-journal mode,
 *  a single self-contained file): integrity_check passes, it is a UnionPulse database
 *  (_prisma_migrations with finished migrations), and this code knows every migration it has.
 *  `name` is how messages call the file (the operator's backup, not our working copy of it). */
export function checkDatabaseFile(file: string, name = file): DatabaseCheck {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (e) {
    throw new Refused(`${name} cannot be opened as a SQLite database: ${(e as Error).message}`);
  }
  try {
    let problems: string[];
    try {
      problems = db
        .prepare("PRAGMA integrity_check")
        .pluck()
        .all()
        .map((r) => String(r));
    } catch (e) {
      throw new Refused(`${name} is not a sound SQLite database: ${(e as Error).message}`);
    }
    if (problems.join() !== "ok")
      throw new Refused(`${name} fails SQLite's integrity_check: ${problems.slice(0, 5).join("; ")}`);
    const hasTable = (name: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    if (!hasTable("_prisma_migrations"))
      throw new Refused(`${name} is not a UnionPulse database: it has no _prisma_migrations table`);
    const migrations = db
      .prepare(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
      )
      .pluck()
      .all() as string[];
    if (migrations.length === 0)
      throw new Refused(`${name} is not a UnionPulse database: no migration has been applied to it`);
    const known = new Set(fs.readdirSync(MIGRATIONS_DIR));
    const unknown = migrations.filter((m) => !known.has(m));
    if (unknown.length)
      throw new Refused(
        `${name} was made by a newer UnionPulse (migrations this version does not have: ${unknown.join(", ")}); upgrade first`,
      );
    const changeSeq = hasTable("Counter")
      ? ((db.prepare("SELECT value FROM Counter WHERE name = 'changeSeq'").pluck().get() as number | undefined) ?? null)
      : null;
    // A backup is one file that opens read-only anywhere; the server switches it back to WAL at start.
    db.pragma("journal_mode = DELETE");
    return { migrations, changeSeq };
  } finally {
    db.close();
  }
}

export interface BackupResult extends DatabaseCheck {
  file: string;
  bytes: number;
}

/** A consistent copy of `source` in `outDir`, safe while a server writes: the whole file is copied in
 *  one step of SQLite's backup API, i.e. one read transaction, which in WAL mode never blocks the
 *  writers (and is never restarted by them half-way, as a copy in small steps would be). */
export async function backupSqlite(source: string, outDir: string, at = new Date()): Promise<BackupResult> {
  if (!fs.existsSync(source)) throw new Refused(`there is no database at ${source}`);
  fs.mkdirSync(outDir, { recursive: true });
  const file = freeName(outDir, at);
  const partial = `${file}.partial`;
  const db = new Database(source, { fileMustExist: true, timeout: 10_000 });
  try {
    await db.backup(partial, { progress: () => 0x7fffffff });
  } catch (e) {
    removeWithCompanions(partial);
    throw e;
  } finally {
    db.close();
  }
  try {
    const check = checkDatabaseFile(partial, file);
    fsyncPath(partial);
    fs.renameSync(partial, file);
    fsyncPath(outDir);
    return { file, bytes: fs.statSync(file).size, ...check };
  } finally {
    removeWithCompanions(partial);
  }
}

/** Deletes all but the newest `keep` backups this script named in `dir`; returns the deleted paths. */
export function pruneBackups(dir: string, keep: number): string[] {
  const names = fs
    .readdirSync(dir)
    .filter((n) => BACKUP_NAME.test(n))
    .sort((a, b) => backupOrder(a).localeCompare(backupOrder(b)));
  const old = names.slice(0, Math.max(0, names.length - keep)).map((n) => path.join(dir, n));
  for (const f of old) fs.rmSync(f);
  return old;
}

/** True when another connection (a running server, user:create, a sqlite3 shell) has the file open.
 *  The server keeps its connection open in WAL mode, and a WAL-mode connection holds a shared lock on
 *  the database file for as long as it is open; a connection in EXCLUSIVE locking mode cannot read
 *  while one does, so a failed first read means "in use". When it is free, the probe (the last
 *  connection) checkpoints the WAL into the file as it closes, so the file then stands alone. */
export function databaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.prepare("SELECT count(*) FROM sqlite_master").get();
    db.exec("BEGIN EXCLUSIVE; COMMIT");
    return false;
  } catch (e) {
    const code = (e as { code?: string }).code ?? "";
    if (code.startsWith("SQLITE_BUSY")) return true;
    // A file SQLite cannot read (the damage a restore is often for) is not served by anyone.
    if (code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT")) return false;
    throw e;
  } finally {
    db.close();
  }
}

export interface RestoreResult extends DatabaseCheck {
  /** Where the replaced database was put, or null when there was none. */
  replacedAside: string | null;
}

/** Puts the backup `from` in place of the database `target`, after checking a copy of it beside the
 *  target (so the backup itself is never written to); refuses, changing nothing, when the copy fails
 *  the check or a server has the target open. The replaced file is kept as
 *  <target>.before-restore-<time>. */
export function restoreSqlite(from: string, target: string, at = new Date()): RestoreResult {
  if (!fs.existsSync(from)) throw new Refused(`there is no backup at ${from}`);
  if (path.resolve(from) === path.resolve(target)) throw new Refused(`${from} is the database itself`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const incoming = `${target}.restoring`;
  removeWithCompanions(incoming);
  try {
    fs.copyFileSync(from, incoming);
    const check = checkDatabaseFile(incoming, from);
    fsyncPath(incoming);
    if (databaseInUse(target))
      throw new Refused(
        `${target} is in use (a UnionPulse server or another program has it open): stop the server, then restore`,
      );
    let replacedAside: string | null = null;
    if (fs.existsSync(target)) {
      replacedAside = `${target}.before-restore-${backupName(at).slice("unionpulse-".length, -".db".length)}`;
      fs.renameSync(target, replacedAside);
      // The probe left no WAL behind; should another program have, it goes with the file it belongs to.
      for (const ext of ["-wal", "-shm"])
        if (fs.existsSync(target + ext)) fs.renameSync(target + ext, replacedAside + ext);
    }
    try {
      fs.renameSync(incoming, target);
    } catch (e) {
      if (replacedAside) fs.renameSync(replacedAside, target); // leave things as they were
      throw e;
    }
    fsyncPath(path.dirname(target));
    return { ...check, replacedAside };
  } finally {
    removeWithCompanions(incoming);
  }
}
