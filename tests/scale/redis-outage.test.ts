// Redis goes away under two running processes (a restart): each keeps serving correct figures from
// the database, says "degraded" on /api/ready with 200 (a load balancer keeps it), logs in and
// limits writes on its own, and is "ready" again once Redis is back. The Redis here is a private
// redis-server on a free port, so the machine's own (which other tests use) is never touched.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { getEnterprise, getStats, patch } from "./support/clients.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { freePort } from "../support/free-ports.ts";
import { startBuiltServer, stop, type ServerProcess } from "./support/processes.ts";

const REDIS_SERVER = "/usr/bin/redis-server";

let db: TestDatabase;
let redisPort: number;
let redis: ChildProcess | null = null;
let a: ServerProcess;
let b: ServerProcess;

async function startRedis() {
  const child = spawn(
    REDIS_SERVER,
    ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  for (const until = Date.now() + 10_000; Date.now() < until;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(redisPort, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("redis-server did not start");
}

async function stopRedis() {
  if (!redis || redis.exitCode !== null) return;
  const gone = new Promise((r) => redis!.once("exit", r));
  redis.kill("SIGKILL");
  await gone;
}

type Ready = { status: string; checks: Record<string, string> };
const readyOf = async (base: string) => {
  const res = await fetch(`${base}/api/ready`);
  return { status: res.status, body: (await res.json()) as Ready };
};

async function until(what: string, test: () => Promise<boolean>, timeoutMs = 20_000) {
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not within ${timeoutMs} ms: ${what}`);
}

describe.skipIf(!fs.existsSync(REDIS_SERVER))("Redis restarting under two processes", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    redisPort = await freePort();
    redis = await startRedis();
    const env = { DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${redisPort}`, SEED_ENTERPRISES: "100" };
    a = await startBuiltServer(env);
    b = await startBuiltServer(env);
  }, 240_000); // two processes starting on a busy machine

  afterAll(async () => {
    await Promise.all([a, b].map((p) => stop(p)));
    await stopRedis();
    await db?.drop();
  });

  it("every process keeps serving and says degraded (200), B catches A's change from the database, and both are ready again after", async () => {
    for (const p of [a, b]) expect((await readyOf(p.url)).body.status).toBe("ready");
    await stopRedis();
    for (const p of [a, b]) {
      await until(`${p.url} says degraded`, async () => (await readyOf(p.url)).body.status === "degraded");
      const r = await readyOf(p.url);
      expect(r.status).toBe(200);
      expect(r.body.checks).toMatchObject({ database: "ok", redis: "down" });
    }

    // Serving: a login (its limits count in memory meanwhile) and a write on A, seen by B's figures
    // through the database's sequence check, with no message through Redis.
    await login(a.url, "admin", DEMO_PASSWORD);
    const e = await getEnterprise(a.url, 7);
    const saved = await patch(a.url, 7, { version: e.version, initiatives: e.initiatives + 1 });
    expect(saved.status).toBe(200);
    await until("B's figures equal A's", async () => {
      const [sa, sb] = await Promise.all([getStats(a.url), getStats(b.url)]);
      return sb.seq === sa.seq && JSON.stringify(sb.totals) === JSON.stringify(sa.totals);
    });
    expect((await getEnterprise(b.url, 7)).initiatives).toBe(e.initiatives + 1);

    redis = await startRedis();
    for (const p of [a, b])
      await until(`${p.url} is ready again`, async () => (await readyOf(p.url)).body.status === "ready", 30_000);
    for (const p of [a, b]) expect((await readyOf(p.url)).body.checks.redis).toBe("ok");
    // And changes travel through Redis again.
    const e2 = await getEnterprise(b.url, 8);
    expect((await patch(b.url, 8, { version: e2.version, initiatives: e2.initiatives + 1 })).status).toBe(200);
    await until("A has B's change", async () => (await getStats(a.url)).seq === (await getStats(b.url)).seq);
  });
});
