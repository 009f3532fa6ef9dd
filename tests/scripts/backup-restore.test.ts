// An operator backs up the SQLite database while the server runs and people write (`npm run backup`),
// and puts a backup back with the server stopped (`npm run restore`): nothing acknowledged before the
// backup began is lost, and a bad file or a running server is refused with nothing changed.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Enterprise } from "../../contract/enterprise.ts";
import { migrate } from "../../server/db/database.ts";
import { migrateDeploy } from "../../server/db/schema-engine.ts";
import { runScript } from "../support/scripts.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
// Each test runs the scripts in processes of their own, several seconds each on a busy machine.
vi.setConfig({ testTimeout: 180_000 });
const dirs: string[] = [];
const servers: TestServer[] = [];
function tempDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-backup-"));
  dirs.push(d);
  return d;
}
async function serverOn(dataDir: string, enterprises = 60) {
  const s = await startTestServer({ enterprises, env: { DATA_DIR: dataDir } });
  servers.push(s);
  return s;
}
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const dbFile = (dataDir: string) => path.join(dataDir, "unionpulse.db");
const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const listing = (dir: string) => fs.readdirSync(dir).sort();

/** A backup of a freshly seeded database whose server has been stopped, and that database's folder. */
async function stoppedInstallation() {
  const dataDir = tempDir();
  const s = await serverOn(dataDir, 30);
  await s.close();
  servers.splice(servers.indexOf(s), 1);
  const out = tempDir();
  const made = await runScript("backup.ts", ["--out", out], { DATA_DIR: dataDir });
  expect(made.code, made.stderr).toBe(0);
  return { dataDir, backup: made.stdout.trim() };
}

describe("npm run backup while the server writes", () => {
  it("gives a file that restores with every write acknowledged before the backup began", async () => {
    const dataDir = tempDir();
    const s = await serverOn(dataDir, 120);
    const all = await s.enterprises();

    // Four editors write without pause, each on enterprises of his own (so no write is refused as stale).
    const acks: { id: number; version: number; at: number }[] = [];
    let writing = true;
    const writers = [0, 1, 2, 3].map(async (w) => {
      const mine = all.filter((_, i) => i % 4 === w).map((e) => ({ id: e.id, version: e.version }));
      for (let n = 0; writing; n++) {
        const e = mine[n % mine.length]!;
        const r = await s.patch(e.id, { version: e.version, initiatives: n % 50 });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        e.version = Enterprise.parse(r.body).version;
        acks.push({ id: e.id, version: e.version, at: Date.now() });
      }
    });
    while (acks.length < 40) await new Promise((r) => setTimeout(r, 20));

    const out = path.join(tempDir(), "backups");
    const began = Date.now();
    const ackedBefore = acks.filter((a) => a.at < began);
    const made = await runScript("backup.ts", ["--out", out], { DATA_DIR: dataDir });
    const ended = Date.now();
    writing = false;
    await Promise.all(writers);

    expect(made.code, made.stderr).toBe(0);
    const file = made.stdout.trim();
    expect(path.dirname(file)).toBe(out);
    expect(path.basename(file)).toMatch(/^unionpulse-\d{8}T\d{6}Z\.db$/);
    // The writes did go on while the backup ran, or this test would prove nothing.
    expect(acks.filter((a) => a.at > began && a.at < ended).length).toBeGreaterThan(5);

    // Restored into a new installation: sound, self-consistent, and holding every acknowledged write.
    const restoredDir = tempDir();
    const restored = await runScript("restore.ts", [file], { DATA_DIR: restoredDir });
    expect(restored.code, restored.stderr).toBe(0);
    const raw = new Database(dbFile(restoredDir), { readonly: true });
    expect(raw.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
    const seq = raw.prepare("SELECT value FROM Counter WHERE name = 'changeSeq'").pluck().get();
    expect(raw.prepare("SELECT max(seq) FROM ChangeLog").pluck().get()).toBe(seq);
    raw.close();

    const copy = await serverOn(restoredDir);
    const latest = new Map<number, number>();
    for (const a of ackedBefore) latest.set(a.id, Math.max(latest.get(a.id) ?? 0, a.version));
    for (const [id, version] of latest) expect((await copy.enterprise(id)).version).toBeGreaterThanOrEqual(version);
    const updates = await copy.db.changeLog.count({ where: { action: "update" } });
    expect(updates).toBeGreaterThanOrEqual(ackedBefore.length);
  });

  it("--keep deletes all but the newest backups", async () => {
    const { dataDir, backup } = await stoppedInstallation();
    const out = path.dirname(backup);
    // Older backups from earlier days, as a timer leaves them.
    for (const day of ["20261101", "20261102", "20261103"])
      fs.copyFileSync(backup, path.join(out, `unionpulse-${day}T020000Z.db`));
    fs.writeFileSync(path.join(out, "notes.txt"), "not a backup");
    const r = await runScript("backup.ts", ["--out", out, "--keep", "2"], { DATA_DIR: dataDir });
    expect(r.code, r.stderr).toBe(0);
    expect(listing(out)).toEqual([path.basename(backup), path.basename(r.stdout.trim()), "notes.txt"].sort());
  });
});

describe("npm run restore", () => {
  it("puts the backup back, keeps the replaced database aside, and the next start serves the backup", async () => {
    const { dataDir, backup } = await stoppedInstallation();
    const s = await serverOn(dataDir);
    const first = await s.enterprise(1);
    const r = await s.patch(first.id, { version: first.version, name: "Công ty đổi tên sau bản sao" });
    expect(r.status).toBe(200);
    await s.close();
    servers.splice(servers.indexOf(s), 1);
    const before = sha(dbFile(dataDir));

    const done = await runScript("restore.ts", [backup], { DATA_DIR: dataDir });
    expect(done.code, done.stderr).toBe(0);
    const aside = listing(dataDir).find((n) => n.startsWith("unionpulse.db.before-restore-"));
    expect(aside, listing(dataDir).join(", ")).toBeDefined();
    expect(done.stdout).toContain(aside!);
    expect(sha(path.join(dataDir, aside!))).toBe(before);

    const again = await serverOn(dataDir);
    expect((await again.enterprise(first.id)).name).toBe(first.name);
  });

  it("refuses a damaged file, a file that is not a database, one of another program or of a newer version, changing nothing", async () => {
    const { dataDir, backup } = await stoppedInstallation();
    const junk = tempDir();
    const damaged = path.join(junk, "damaged.db");
    const bytes = fs.readFileSync(backup);
    bytes.fill(0x5a, 4096 * 3, 4096 * 5); // pages 4 and 5 overwritten: the header still says SQLite
    fs.writeFileSync(damaged, bytes);
    const notDb = path.join(junk, "notes.db");
    fs.writeFileSync(notDb, "Danh sách doanh nghiệp\n".repeat(500));
    const foreign = path.join(junk, "other-app.db");
    const other = new Database(foreign);
    other.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    other.close();
    const newer = path.join(junk, "newer.db");
    fs.copyFileSync(backup, newer);
    const future = new Database(newer);
    future
      .prepare(
        "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('f', 'x', '29991231000000_future', 0, 0, 1)",
      )
      .run();
    future.close();
    const truncated = path.join(junk, "truncated.db");
    fs.writeFileSync(truncated, fs.readFileSync(backup).subarray(0, 4096 * 2 + 100));

    const before = { hash: sha(dbFile(dataDir)), files: listing(dataDir) };
    for (const [file, reason] of [
      [damaged, /integrity_check|not a sound|malformed/],
      [notDb, /cannot be opened|not a sound|not a database/],
      [foreign, /no _prisma_migrations/],
      [newer, /newer\.db was made by a newer UnionPulse.*29991231000000_future/],
      [truncated, /integrity_check|not a sound|malformed/],
    ] as const) {
      const r = await runScript("restore.ts", [file], { DATA_DIR: dataDir });
      expect(r.code, `${file}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr).toContain("nothing was changed");
      expect(sha(dbFile(dataDir))).toBe(before.hash);
      expect(listing(dataDir)).toEqual(before.files);
    }
  });

  it("refuses while a server has the database open", async () => {
    const { dataDir, backup } = await stoppedInstallation();
    const s = await serverOn(dataDir);
    const statsBefore = await s.stats();
    const files = listing(dataDir);
    const r = await runScript("restore.ts", [backup], { DATA_DIR: dataDir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toMatch(/in use.*stop the server/);
    expect(listing(dataDir)).toEqual(files);
    // The server goes on, undisturbed.
    expect(await s.stats()).toEqual(statsBefore);
    const e = await s.enterprise(1);
    expect((await s.patch(e.id, { version: e.version, initiatives: 7 })).status).toBe(200);
  });

  it("restores a backup made by an older version, and the next start brings it up to date", async () => {
    // A database at the first released migration only, as an old backup would be.
    const migrations = path.join(ROOT, "prisma/sqlite/migrations");
    const names = listing(migrations).filter((n) => fs.statSync(path.join(migrations, n)).isDirectory());
    const oldMigrations = tempDir();
    fs.copyFileSync(path.join(migrations, "migration_lock.toml"), path.join(oldMigrations, "migration_lock.toml"));
    fs.cpSync(path.join(migrations, names[0]!), path.join(oldMigrations, names[0]!), { recursive: true });
    const old = path.join(tempDir(), "old.db");
    await migrateDeploy(
      new PrismaBetterSqlite3({ url: old }),
      path.join(ROOT, "prisma/sqlite/schema.prisma"),
      oldMigrations,
    );

    const dataDir = tempDir();
    const r = await runScript("restore.ts", [old], { DATA_DIR: dataDir });
    expect(r.code, r.stderr).toBe(0);
    expect(await migrate(`file:${dbFile(dataDir)}`)).toEqual(names.slice(1));
  });
});
