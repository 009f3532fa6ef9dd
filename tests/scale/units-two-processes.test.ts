// Two processes behind one address: a merge made through process A shows on a dashboard connected
// to process B: the units event (with the retired source) and the moved enterprises, with B's
// province totals unchanged and equal to A's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { District, MergeResult } from "../../contract/units.ts";
import { getStats, listEnterprises, openDashboard, post } from "./support/clients.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { startBuiltServer, stop, type ServerProcess } from "./support/processes.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "./support/redis.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";

let db: TestDatabase;
let prefix: string;
let a: ServerProcess;
let b: ServerProcess;

const env = () => ({ DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: prefix, SEED_ENTERPRISES: "120" });

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testPrefix();
  a = await startBuiltServer(env());
  b = await startBuiltServer(env());
}, 180_000);
afterAll(async () => {
  await Promise.all([a, b].map((p) => stop(p)));
  await db?.drop();
  if (prefix) await deleteKeys(prefix);
});

describe("a merge across processes", () => {
  it("made on process A shows on a dashboard of process B", async () => {
    const dashboard = await openDashboard(b.url);
    try {
      const cookie = await login(a.url, "admin", DEMO_PASSWORD);
      const units = z
        .array(District)
        .parse(await (await fetch(`${a.url}/api/districts`, { headers: { cookie } })).json());
      const [from, into] = [units.find((u) => u.code === "AP05")!, units.find((u) => u.code === "AP04")!];
      const moving = (await listEnterprises(a.url, `district=${from.id}&pageSize=500`)).map((e) => e.id);
      expect(moving.length).toBeGreaterThan(0);
      const totals = dashboard.snapshot.stats.totals;

      const r = await post(a.url, "/api/districts/merge", {
        sourceIds: [from.id],
        into: into.id,
        effectiveDate: "2026-11-01",
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(MergeResult.parse(r.body).movedEnterprises).toBe(moving.length);

      const batch = await dashboard.batchReaching(dashboard.snapshot.stats.seq + moving.length);
      const moved = dashboard.batches.flatMap((x) => x.enterprises).filter((e) => moving.includes(e.id));
      expect(new Set(moved.map((e) => e.id)).size).toBe(moving.length);
      expect(moved.every((e) => e.districtId === into.id)).toBe(true);
      expect(batch.stats.totals).toEqual(totals);
      await expect.poll(() => dashboard.units.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(dashboard.units.at(-1)!.districts.find((u) => u.id === from.id)).toMatchObject({ active: false });
      expect(await getStats(b.url)).toEqual(await getStats(a.url));
    } finally {
      dashboard.close();
    }
  });
});
