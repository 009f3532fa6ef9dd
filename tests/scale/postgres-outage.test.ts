// PostgreSQL goes away under a running server (a restart, a network cut): /api/ready says 503,
// writes fail with a clear 503 UNAVAILABLE and are not acknowledged, the process stays up; when
// the database is back the server recovers by itself and the next write succeeds. The outage is a
// TCP relay in front of the machine's PostgreSQL that the test closes and opens again.
import { HISTORY_BUILDS_INLINE } from "../support/history-env.ts";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enterprise } from "../../contract/enterprise.ts";
import { startUnionPulse, type RunningApp } from "../../server/compose.ts";
import { loadConfig } from "../../server/config.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { freePort } from "../support/free-ports.ts";

/** A TCP relay to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
async function relay(port: number, target: URL) {
  const open = new Set<net.Socket>();
  let server: net.Server | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          open.add(s);
          s.on("close", () => open.delete(s));
          s.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  await listen();
  return {
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server!.close(() => resolve());
      }),
    restore: listen,
  };
}

let db: TestDatabase;
let app: RunningApp;
let dir: string;
let link: Awaited<ReturnType<typeof relay>>;
beforeAll(async () => {
  db = await createTestDatabase();
  const port = await freePort();
  link = await relay(port, new URL(db.url));
  const url = new URL(db.url);
  url.host = `127.0.0.1:${port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-pg-outage-"));
  app = await startUnionPulse(
    loadConfig({
      ...HISTORY_BUILDS_INLINE,
      DATA_DIR: dir,
      DATABASE_URL: url.toString(),
      PORT: "0",
      LOG_LEVEL: "silent",
      SEED_ENTERPRISES: "40",
    }),
  );
});
afterAll(async () => {
  await link?.restore().catch(() => {});
  await app?.close();
  await link?.cut();
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("PostgreSQL unavailable", () => {
  it("answers 503 for readiness and writes while it is gone, saves nothing, and recovers when it returns", async () => {
    const cookie = await login(app.url, "admin", DEMO_PASSWORD);
    const call = async (p: string, init: RequestInit = {}) => {
      const res = await fetch(app.url + p, { ...init, headers: { "content-type": "application/json", cookie } });
      return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
    };
    const e = Enterprise.parse((await call("/api/enterprises/1")).body);
    // The seed's own history (reorganisation moves, backdated facts) may hold updates of it already.
    const seqBefore = ((await call("/api/stats")).body as unknown as { seq: number }).seq;

    await link.cut();
    const ready = await call("/api/ready");
    expect(ready.status).toBe(503);
    const refused = await call(`/api/enterprises/${e.id}`, {
      method: "PATCH",
      body: JSON.stringify({ version: e.version, initiatives: e.initiatives + 1 }),
    });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({
      code: "UNAVAILABLE",
      message: expect.stringMatching(/cannot be reached.*nothing was saved/), // unreachable, not busy
    });
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200); // the process itself is fine

    await link.restore();
    // The pool reconnects on its own: within a few seconds the same write goes through, once.
    let accepted: Awaited<ReturnType<typeof call>> | null = null;
    for (const until = Date.now() + 15_000; Date.now() < until;) {
      const r = await call(`/api/enterprises/${e.id}`, {
        method: "PATCH",
        body: JSON.stringify({ version: e.version, initiatives: e.initiatives + 1 }),
      });
      if (r.status === 200) {
        accepted = r;
        break;
      }
      expect(r.status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(accepted, "no write succeeded after the database came back").not.toBeNull();
    expect(Enterprise.parse(accepted!.body)).toMatchObject({ version: e.version + 1, initiatives: e.initiatives + 1 });
    expect((await call("/api/ready")).status).toBe(200);
    const rows = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM "ChangeLog" WHERE "enterpriseId" = $1 AND action = \'update\' AND seq > $2',
      [e.id, seqBefore],
    );
    expect(Number(rows[0]!.n)).toBe(1);
  });
});
