// `npm run cluster` as the README writes it (no REDIS_URL: the machine's Redis) keeps its processes
// running: one killed outright is started again, says so in the log, and serves behind nginx again.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { freePortBlock } from "../support/free-ports.ts";
import { startCluster, stop, waitReady, type Spawned } from "./support/processes.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "./support/redis.ts";

const NGINX = "/usr/sbin/nginx";
const MACHINE_REDIS = "redis://127.0.0.1:6379";

let db: TestDatabase;
let prefix: string;
let cluster: Spawned;
let port: number;

const pidOf = async (p: number) => {
  const text = await (await fetch(`http://127.0.0.1:${p}/metrics`)).text();
  return Number(/pid="(\d+)"/.exec(text)?.[1]);
};

describe.skipIf(!fs.existsSync(NGINX))("npm run cluster keeps its processes running", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    prefix = testPrefix();
    port = await freePortBlock(3);
    cluster = startCluster(2, port, {
      DATABASE_URL: db.url,
      ...(REDIS_URL === MACHINE_REDIS ? {} : { REDIS_URL }), // the README's command sets none
      REDIS_PREFIX: prefix,
      SEED_ENTERPRISES: "50",
    });
    await waitReady(`http://127.0.0.1:${port}`, cluster, 180_000);
  }, 240_000);

  afterAll(async () => {
    await stop(cluster);
    await db?.drop();
    if (prefix) await deleteKeys(prefix);
  });

  it("a process killed with SIGKILL is restarted after a pause, logged, and ready again", async () => {
    if (REDIS_URL === MACHINE_REDIS)
      expect(cluster.output()).toMatch(/REDIS_URL is not set: using this machine's Redis/);
    const victim = port + 1;
    const pid = await pidOf(victim);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, "SIGKILL");
    // nginx keeps answering from the other process meanwhile.
    expect((await fetch(`http://127.0.0.1:${port}/api/ready`)).status).toBe(200);
    for (const until = Date.now() + 150_000; ;) {
      const again = await pidOf(victim).catch(() => 0);
      if (again && again !== pid && (await fetch(`http://127.0.0.1:${victim}/api/ready`)).status === 200) break;
      if (Date.now() > until) throw new Error(`not restarted:\n${cluster.output()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(cluster.output()).toMatch(
      new RegExp(`p1:${victim} exited \\(SIGKILL\\).*restarting it in 1 s \\(restart 1\\)`),
    );
  }, 180_000);
});
