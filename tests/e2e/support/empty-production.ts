// A real installation on its first day: NODE_ENV=production on an empty SQLite file (no demo
// province, no demo accounts), its first administrator made with `npm run user:create` exactly as
// the README says (once per test run; each file starts from a copy), then UnionPulse on a random port
// and Debian's Chromium. Torn down after the file.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { RunningApp } from "../../../server/compose.ts";
import { login, TEST_PASSWORD } from "../../support/accounts.ts";
import { launchBrowser, releaseBrowser } from "./browser.ts";
import { startSeeded, templateDatabase } from "../../support/seeded-start.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
export const FIRST_ADMIN = { username: "quantri", password: "mat-khau-quan-tri-2026" };

export interface EmptyProduction {
  app: RunningApp;
  browser: Browser;
  dir: string;
  /** The first administrator's session cookie. */
  admin: string;
  /** An account made by the administrator through the API, logged in: its cookie. */
  account(role: "ADMIN" | "LEADER" | "ANALYST" | "EDITOR", districtIds?: number[]): Promise<string>;
  /** A call as the administrator, parsed as JSON. */
  call<T>(method: string, pathname: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export function useEmptyProduction(name: string): EmptyProduction {
  let n = 0;
  const rig = {
    async call<T>(method: string, pathname: string, body?: unknown) {
      const res = await fetch(rig.app.url + pathname, {
        method,
        headers: { cookie: rig.admin, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as T };
    },
    async account(role: "ADMIN" | "LEADER" | "ANALYST" | "EDITOR", districtIds: number[] = []) {
      const username = `${role.toLowerCase()}${++n}`;
      const made = await rig.call("POST", "/api/users", {
        username,
        displayName: `${role} ${n}`,
        password: TEST_PASSWORD,
        role,
        districtIds,
      });
      if (made.status !== 201) throw new Error(`creating ${username}: ${made.status} ${JSON.stringify(made.body)}`);
      return login(rig.app.url, username, TEST_PASSWORD);
    },
  } as EmptyProduction;
  beforeAll(async () => {
    rig.dir = fs.mkdtempSync(path.join(os.tmpdir(), `unionpulse-e2e-${name}-`));
    // Copied from a folder made once per test run the same way (as seeded-start.ts does for the demo):
    // the script migrates through the WASM schema engine in a process of its own, seconds each time.
    const made = await templateDatabase("production-first-admin", async (home) => {
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATA_DIR: home, LOG_LEVEL: "silent" };
      delete env.DATABASE_URL;
      delete env.SEED_DEMO;
      // The README's way to the first administrator, password given on the command line.
      await promisify(execFile)(
        "npm",
        [
          "run",
          "--silent",
          "user:create",
          "--",
          "--username",
          FIRST_ADMIN.username,
          "--role",
          "ADMIN",
          "--password",
          FIRST_ADMIN.password,
        ],
        { cwd: ROOT, env },
      );
    });
    fs.copyFileSync(made, path.join(rig.dir, path.basename(made)));
    rig.app = await startSeeded({
      DATA_DIR: rig.dir,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      NODE_ENV: "production",
    });
    rig.browser = await launchBrowser();
    rig.admin = await login(rig.app.url, FIRST_ADMIN.username, FIRST_ADMIN.password);
  }, 60_000);
  afterAll(async () => {
    await releaseBrowser(rig.browser);
    await rig.app?.close();
    if (rig.dir) fs.rmSync(rig.dir, { recursive: true, force: true });
  });
  return rig;
}
