// The SQLite file is locked by someone else (a backup tool, a stuck script) for longer than the
// busy timeout: a write fails with a clear 503 UNAVAILABLE, is not acknowledged and changes
// nothing; once the lock is released the next write goes through. SQLITE_BUSY_TIMEOUT_MS is set
// low here so the test does not wait the production 10 s.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enterprise } from "../../contract/enterprise.ts";
import type { RunningApp } from "../../server/compose.ts";
import { loadConfig } from "../../server/config.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { startSeeded } from "../support/seeded-start.ts";

const BUSY_MS = 300;
let dir: string;
let app: RunningApp;
let cookie: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-locked-"));
  app = await startSeeded({
    DATA_DIR: dir,
    PORT: "0",
    LOG_LEVEL: "silent",
    SEED_ENTERPRISES: "40",
    SQLITE_BUSY_TIMEOUT_MS: String(BUSY_MS),
  });
  cookie = await login(app.url, "admin", DEMO_PASSWORD);
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = async (p: string, init: RequestInit = {}) => {
  const res = await fetch(app.url + p, { ...init, headers: { "content-type": "application/json", cookie } });
  return { status: res.status, body: (await res.json()) as unknown };
};
const patch = (e: Enterprise, change: Record<string, unknown>) =>
  call(`/api/enterprises/${e.id}`, { method: "PATCH", body: JSON.stringify({ version: e.version, ...change }) });

describe("the database is locked by another connection", () => {
  it("the busy timeout is configurable and 10 s by default", () => {
    expect(loadConfig({}).sqliteBusyTimeoutMs).toBe(10_000);
    expect(loadConfig({ SQLITE_BUSY_TIMEOUT_MS: "250" }).sqliteBusyTimeoutMs).toBe(250);
  });

  it("a write answers 503 UNAVAILABLE and is not saved; after the lock is released the next write succeeds", async () => {
    const e = Enterprise.parse(await call("/api/enterprises/1").then((r) => r.body));
    const logBefore = await app.db.changeLog.count();
    const statsBefore = await call("/api/stats");

    const other = new Database(path.join(dir, "unionpulse.db"));
    try {
      other.exec("BEGIN EXCLUSIVE");
      // (SQLite may give up before the busy timeout: a transaction that has read cannot wait for a
      // writer without risking a deadlock. Either way the answer must be 503 and nothing saved.)
      const refused = await patch(e, { initiatives: e.initiatives + 1 });
      expect(refused.status).toBe(503);
      expect((refused.body as { error: { code: string; message: string } }).error).toMatchObject({
        code: "UNAVAILABLE",
        message: expect.stringMatching(/too busy.*nothing was saved/), // busy, not unreachable
      });
      // The server still answers while the lock is held.
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }

    expect(Enterprise.parse((await call(`/api/enterprises/${e.id}`)).body)).toEqual(e);
    expect(await app.db.changeLog.count()).toBe(logBefore);
    expect(await call("/api/stats")).toEqual(statsBefore);

    const accepted = await patch(e, { initiatives: e.initiatives + 1 });
    expect(accepted.status).toBe(200);
    expect(Enterprise.parse(accepted.body)).toMatchObject({ version: e.version + 1, initiatives: e.initiatives + 1 });
    expect(await app.db.changeLog.count()).toBe(logBefore + 1);
  });
});
