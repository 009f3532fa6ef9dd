// A federation running the 2026-11-24 release upgrades: the new migrations apply to its SQLite file
// and to its PostgreSQL database, and nothing is lost. Its districts become units of kind DISTRICT,
// still active; its enterprises are ACTIVE; its accounts still log in; its figures and history read.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { District } from "../../contract/units.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { ROOT } from "./support/processes.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";

const FIXTURES = path.join(ROOT, "tests/fixtures/release-2026-11-24");
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface Counts {
  enterprises: number;
  changes: number;
  users: number;
  districts: number;
}

async function checkUpgraded(server: TestServer, before: Counts) {
  const db = server.db;
  expect({
    enterprises: await db.enterprise.count(),
    changes: await db.changeLog.count(),
    users: await db.user.count(),
    districts: await db.district.count(),
  }).toEqual(before);
  const units = z.array(District).parse((await server.api("/api/districts")).body);
  expect(units).toHaveLength(before.districts);
  expect(units.every((u) => u.kind === "DISTRICT" && u.active && u.validTo === null)).toBe(true);
  const enterprises = await server.enterprises();
  expect(enterprises).toHaveLength(before.enterprises);
  expect(enterprises.every((e) => e.status === "ACTIVE" && e.statusDate === null)).toBe(true);
  // The released accounts still log in, with their rights.
  const cookie = await login(server.url, "editor.ap01", DEMO_PASSWORD);
  const me = (await server.api("/api/me", { headers: { cookie } })).body as { districtIds: number[] };
  expect(me.districtIds).toEqual([units.find((u) => u.code === "AP01")!.id]);
  // Figures and history read as before, by units then and now.
  const stats = (await server.api("/api/stats")).body as { totals: { enterprises: number } };
  expect(stats.totals.enterprises).toBe(before.enterprises);
  for (const units of ["now", "then"]) {
    const t = await server.api(`/api/trends?units=${units}`);
    expect(t.status).toBe(200);
    expect((t.body as { totals: { enterprises: number } }[]).at(-1)!.totals.enterprises).toBe(before.enterprises);
  }
  // And the upgraded installation takes the new things: a merge of two of its districts.
  const [a, b] = units;
  const r = await server.api("/api/districts/merge", {
    method: "POST",
    json: { sourceIds: [a!.id], into: b!.id, effectiveDate: "2026-11-30" },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

describe("upgrading a released installation", () => {
  it("SQLite: the released file upgrades without loss", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-upgrade-"));
    fs.copyFileSync(path.join(FIXTURES, "sqlite.db"), path.join(dir, "unionpulse.db"));
    const server = await startTestServer({ env: { DATA_DIR: dir, SEED_DEMO: "never" } });
    cleanups.push(async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    await checkUpgraded(server, { enterprises: 40, changes: 41, users: 12, districts: 9 });
  }, 180_000);

  it("PostgreSQL: the released dump upgrades without loss", async () => {
    const database: TestDatabase = await createTestDatabase();
    cleanups.push(() => database.drop());
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(fs.readFileSync(path.join(FIXTURES, "postgres.sql"), "utf8"));
      // The dump sets an empty search_path for its session; this connection ends here anyway.
    } finally {
      await client.end();
    }
    const [released] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM "Enterprise"');
    expect(released!.n).toBe(40);
    const server = await startTestServer({ env: { DATABASE_URL: database.url, SEED_DEMO: "never" } });
    cleanups.push(() => server.close());
    await checkUpgraded(server, { enterprises: 40, changes: 41, users: 12, districts: 9 });
  }, 180_000);
});
