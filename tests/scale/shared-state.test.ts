// Two processes behind one address keep nothing another process needs: login and write limits are
// counted in Redis, so trying the other process buys nothing; a burst of writes over both is served
// (200 or 409, never 503) while PostgreSQL is healthy; each process shows its figures on /metrics.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserView } from "../../contract/accounts.ts";
import { accountCache, TEST_PASSWORD } from "../support/accounts.ts";
import { listEnterprises } from "./support/clients.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { startBuiltServer, stop, type ServerProcess } from "./support/processes.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "./support/redis.ts";

const WRITE_LIMIT = 20;
let db: TestDatabase;
let prefix: string;
let a: ServerProcess;
let b: ServerProcess;
let people: ReturnType<typeof accountCache>;

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testPrefix();
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    SEED_ENTERPRISES: "200",
    WRITE_RATE_LIMIT: String(WRITE_LIMIT),
  };
  a = await startBuiltServer(env); // alone first: on the empty database it migrates and seeds, once
  b = await startBuiltServer(env);
  people = accountCache(a.url);
}, 240_000); // two processes starting on a busy machine

afterAll(async () => {
  await Promise.all([a, b].map((p) => stop(p)));
  await db?.drop();
  if (prefix) await deleteKeys(prefix);
});

const loginAt = (base: string, username: string, password: string) =>
  fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });

async function patchAs(base: string, cookie: string, id: number, change: Record<string, unknown>) {
  const res = await fetch(`${base}/api/enterprises/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify(change),
  });
  return { status: res.status, body: (await res.json()) as { version?: number; error?: { message: string } } };
}

describe("limits shared by every process", () => {
  it("failed logins on A and on B add up: the account's pair is stopped on both", async () => {
    const r = await fetch(`${a.url}/api/users`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await people.adminCookie() },
      body: JSON.stringify({ username: "guessed", displayName: "Bị đoán", password: TEST_PASSWORD, role: "LEADER" }),
    });
    expect(r.status).toBe(201);
    const { username } = UserView.parse(await r.json());
    for (const [base, i] of [
      [a.url, 1],
      [b.url, 2],
      [a.url, 3],
      [b.url, 4],
      [a.url, 5],
    ] as const)
      expect((await loginAt(base, username, `wrong-${i}`)).status).toBe(401);
    for (const base of [a.url, b.url]) expect((await loginAt(base, username, TEST_PASSWORD)).status).toBe(429);
  });

  it("writes of one account on A and on B count against one limit a minute", async () => {
    const cookie = await people.cookieOf("Người viết nhanh");
    const [e] = await listEnterprises(a.url, "pageSize=1&sort=taxCode");
    let version = e!.version;
    for (let i = 0; i < WRITE_LIMIT; i++) {
      const r = await patchAs(i % 2 ? b.url : a.url, cookie, e!.id, { version, initiatives: i + 1 });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      version = r.body.version!;
    }
    for (const base of [a.url, b.url]) {
      const refused = await patchAs(base, cookie, e!.id, { version, initiatives: 0 });
      expect(refused.status).toBe(429);
    }
  });
});

describe("a burst of writes over both processes", () => {
  it("300 PATCHes at once get 200 or 409 only: one winner per enterprise, nothing refused as unavailable", async () => {
    // Fifteen people (each within the write limit), twenty edits each, three on each enterprise with
    // the same version: the first to commit wins, the two others are told of the conflict.
    const cookies = await Promise.all(Array.from({ length: 15 }, (_, i) => people.cookieOf(`Biên tập ${i}`)));
    const targets = (await listEnterprises(a.url, "pageSize=100&sort=name")).slice(0, 100);
    expect(targets).toHaveLength(100);
    const before = await db.query<{ n: string }>('SELECT count(*) AS n FROM "ChangeLog"');
    const sends = Array.from({ length: 300 }, (_, i) => {
      const e = targets[i % 100]!;
      return patchAs(i % 2 ? b.url : a.url, cookies[i % 15]!, e.id, {
        version: e.version,
        initiatives: e.initiatives + 1 + Math.floor(i / 100),
      });
    });
    const t = Date.now();
    const answers = await Promise.all(sends);
    console.log(`300 concurrent PATCHes over 2 processes answered in ${Date.now() - t} ms`);
    const counts: Record<number, number> = {};
    for (const r of answers) counts[r.status] = (counts[r.status] ?? 0) + 1;
    expect(counts, JSON.stringify(answers.find((r) => r.status !== 200 && r.status !== 409)?.body)).toEqual({
      200: 100,
      409: 200,
    });
    const after = await db.query<{ n: string }>('SELECT count(*) AS n FROM "ChangeLog"');
    expect(Number(after[0]!.n) - Number(before[0]!.n)).toBe(100);
  });
});

describe("an import checked on one process", () => {
  it("is applied through the other, once: the dry run is kept in the database", async () => {
    const cookie = await people.cookieOf("Người nhập");
    const [e] = await listEnterprises(a.url, "pageSize=1&sort=-taxCode");
    const csv = `Mã số thuế;Sáng kiến\n${e!.taxCode};${e!.initiatives + 7}\n`;
    const dry = await fetch(`${a.url}/api/import/dry-run`, {
      method: "POST",
      headers: { cookie, "content-type": "text/csv" },
      body: csv,
    });
    const plan = (await dry.json()) as { importId: string; applicable: boolean; summary: { update: number } };
    expect(dry.status, JSON.stringify(plan)).toBe(200);
    expect(plan).toMatchObject({ applicable: true, summary: { update: 1 } });

    const applyOn = (base: string) =>
      fetch(`${base}/api/import/${plan.importId}/apply`, { method: "POST", headers: { cookie } });
    const applied = await applyOn(b.url);
    expect(applied.status, await applied.clone().text()).toBe(200);
    expect(await applied.json()).toMatchObject({ updated: 1, created: 0 });
    expect((await applyOn(a.url)).status).toBe(404); // applied already, whichever process is asked
    const rows = await db.query<{ initiatives: number }>('SELECT initiatives FROM "Enterprise" WHERE id = $1', [e!.id]);
    expect(rows[0]!.initiatives).toBe(e!.initiatives + 7);
  });
});

describe("metrics", () => {
  it("each process shows its own figures to loopback: writes by outcome, its pool, Redis and the database up", async () => {
    for (const p of [a, b]) {
      const res = await fetch(`${p.url}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      const instance = `instance="127.0.0.1:${p.port}"`;
      expect(text).toMatch(
        new RegExp(`unionpulse_writes_total\\{outcome="accepted",reason="ok",${instance}[^}]*\\} [1-9]`),
      );
      expect(text).toMatch(new RegExp(`unionpulse_writes_total\\{outcome="refused",reason="conflict",${instance}`));
      expect(text).toMatch(new RegExp(`unionpulse_redis_up\\{${instance}[^}]*\\} 1`));
      expect(text).toMatch(new RegExp(`unionpulse_database_up\\{${instance}[^}]*\\} 1`));
      expect(text).toMatch(/unionpulse_db_pool_total\{[^}]*\} \d+/);
      expect(text).toMatch(/unionpulse_db_pool_waits_total\{[^}]*\} \d+/);
      expect(text).toMatch(/unionpulse_nodejs_eventloop_lag_p99_seconds\{[^}]*\} [\d.e-]+/);
    }
  });
});
