// The documented way to run several processes: `npm run cluster` puts Debian's nginx in front of
// them. A dashboard connects through nginx (as the browser does, and WebSocket-only) and sees the
// changes saved through any process; stopping the script stops everything it started.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnterprise, getStats, openDashboard, patch, sequenceGap } from "./support/clients.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { freePortBlock } from "../support/free-ports.ts";
import { startCluster, stop, waitReady, type Spawned } from "./support/processes.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "./support/redis.ts";

const NGINX = "/usr/sbin/nginx";
const PROCESSES = 2;

let db: TestDatabase;
let prefix: string;
let cluster: Spawned;
let port: number;
const proxy = () => `http://127.0.0.1:${port}`;
const backend = (i: number) => `http://127.0.0.1:${port + 1 + i}`;

describe.skipIf(!fs.existsSync(NGINX))("nginx in front of two processes (npm run cluster)", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    prefix = testPrefix();
    port = await freePortBlock(PROCESSES + 1);
    cluster = startCluster(PROCESSES, port, {
      DATABASE_URL: db.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      SEED_ENTERPRISES: "200",
    });
    await waitReady(proxy(), cluster, 80_000);
  });

  afterAll(async () => {
    await stop(cluster);
    await db?.drop();
    if (prefix) await deleteKeys(prefix);
  });

  it("a dashboard connected through nginx receives the changes saved on every process, in order", async () => {
    const websocket = await openDashboard(proxy(), {}, ["websocket"]);
    const browserLike = await openDashboard(proxy(), {}, ["polling", "websocket"]); // sticky sessions make polling work
    try {
      const seq = websocket.snapshot.stats.seq;
      // One change through each process directly and one through nginx: whichever process nginx
      // chose for the dashboards, at least one change crosses to it through Redis.
      for (const [base, id] of [
        [backend(0), 11],
        [backend(1), 12],
        [proxy(), 13],
      ] as const) {
        const e = await getEnterprise(base, id);
        expect((await patch(base, id, { version: e.version, initiatives: e.initiatives + 1 })).status).toBe(200);
      }
      for (const d of [websocket, browserLike]) {
        const last = await d.batchReaching(seq + 3);
        expect(last.toSeq).toBe(seq + 3);
        expect(sequenceGap(d)).toBeNull();
        expect(d.batches.flatMap((b) => b.enterprises.map((e) => e.id)).sort()).toEqual([11, 12, 13]);
      }
      const stats = await getStats(proxy());
      expect(stats.seq).toBe(seq + 3);
      for (const i of [0, 1]) expect(await getStats(backend(i))).toEqual(stats);
    } finally {
      websocket.close();
      browserLike.close();
    }
  });

  it("answers /api/ready through nginx, and stopping the script stops nginx and every process", async () => {
    const ready = await fetch(`${proxy()}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: "ok", redis: "ok" } });

    cluster.kill("SIGTERM");
    expect(await cluster.exited).toBe(0);
    for (const base of [proxy(), backend(0), backend(1)]) {
      await expect(fetch(`${base}/api/health`), base).rejects.toThrow();
    }
  });
});
