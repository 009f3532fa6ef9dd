// Test servers start from a copy of a database made once per test run for the same seed settings:
// migrating through the WASM schema engine and seeding the demo province take seconds each time,
// copying the file a few milliseconds. Each test still gets a database of its own, exactly what a
// server restarted on its own data finds (migrations applied, demo province and accounts in place).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startUnionPulse } from "../../server/compose.ts";
import { loadConfig, type Config } from "../../server/config.ts";
import type { Logger } from "../../server/log.ts";
import { HISTORY_BUILDS_INLINE } from "./history-env.ts";

/** Set by tests/global-setup.ts for the whole run (its workers inherit it); else one per process. */
const root = () => {
  process.env.UNIONPULSE_TEMPLATES ??= fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-templates-"));
  return process.env.UNIONPULSE_TEMPLATES;
};

const DB_FILE = "unionpulse.db";
/** What decides the content of a fresh database; the rest of the configuration does not touch it. */
const SEED_KEYS = ["NODE_ENV", "SEED_DEMO", "SEED_ENTERPRISES"] as const;

async function waitForFile(file: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!fs.existsSync(file)) {
    if (Date.now() > until) throw new Error(`no template database at ${file} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The template database called `name`, made once per test run by the first worker that asks for it:
 *  `build` fills an empty folder with it (DB_FILE, closed, its WAL checkpointed), the others wait. */
export async function templateDatabase(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(root(), name);
  const file = path.join(dir, DB_FILE);
  if (fs.existsSync(file)) return file;
  try {
    fs.mkdirSync(`${dir}.lock`); // atomic: one worker builds, the others wait for the rename
  } catch {
    await waitForFile(file, 180_000);
    return file;
  }
  const building = fs.mkdtempSync(`${dir}.building-`);
  await build(building);
  fs.renameSync(building, dir);
  return file;
}

/** The template database for these seed settings. */
async function templateFor(env: Record<string, string | undefined>): Promise<string> {
  const seedEnv = Object.fromEntries(SEED_KEYS.filter((k) => env[k] !== undefined).map((k) => [k, env[k]!]));
  const config = loadConfig(seedEnv);
  return templateDatabase(
    `seed-${config.seedDemo}-accounts-${config.demoAccounts}-n${config.seedEnterprises}`,
    async (dir) => {
      const app = await startUnionPulse(
        loadConfig({ ...seedEnv, DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
      );
      await app.close(); // checkpoints the WAL: the .db file alone is the whole database
    },
  );
}

/** startUnionPulse over env (and `more` configuration that has no variable, such as clientDir), its SQLite file in DATA_DIR first filled from the template (unless the
 *  folder already holds a database, or DATABASE_URL names another one). */
export async function startSeeded(env: Record<string, string>, log?: Logger, more: Partial<Config> = {}) {
  const target = env.DATA_DIR ? path.join(env.DATA_DIR, DB_FILE) : null;
  if (target && !env.DATABASE_URL && !fs.existsSync(target)) fs.copyFileSync(await templateFor(env), target);
  return startUnionPulse({ ...loadConfig({ ...HISTORY_BUILDS_INLINE, ...env }), ...more }, log);
}
