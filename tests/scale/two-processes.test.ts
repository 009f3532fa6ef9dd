// Two UnionPulse processes on one PostgreSQL database and one Redis, as a load balancer would run
// them: a district editor's change saved through one process reaches the leaders' dashboards on the
// other; a process that dies takes no accepted change with it; a process told to stop finishes
// what it accepted first.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enterprise } from "../../contract/enterprise.ts";
import { getEnterprise, getStats, listEnterprises, openDashboard, patch, sequenceGap } from "./support/clients.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { startBuiltServer, stop, type ServerProcess } from "./support/processes.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "./support/redis.ts";

let db: TestDatabase;
let prefix: string;
let a: ServerProcess;
let b: ServerProcess;
const others: ServerProcess[] = [];

const env = () => ({ DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: prefix, SEED_ENTERPRISES: "200" });

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testPrefix();
  a = await startBuiltServer(env()); // alone first: on the empty database it migrates and seeds, once
  b = await startBuiltServer(env());
});

afterAll(async () => {
  await Promise.all([a, b, ...others].map((p) => stop(p)));
  await db?.drop();
  if (prefix) await deleteKeys(prefix);
});

async function changeLogSeqs() {
  return (await db.query<{ seq: number }>('SELECT seq FROM "ChangeLog" ORDER BY seq')).map((r) => r.seq);
}

describe("two processes behind one address", () => {
  it("a change saved through process A reaches a dashboard on process B, numbered right after B's snapshot", async () => {
    const dashboard = await openDashboard(b.url);
    const onA = await openDashboard(a.url); // same filter, same room name, on the other process
    try {
      const seq = dashboard.snapshot.stats.seq;
      const target = (await listEnterprises(a.url, "pageSize=50")).find((e) => e.headcount > e.unionMembers)!;
      expect(target).toBeDefined();

      const saved = await patch(a.url, target.id, { version: target.version, unionMembers: target.unionMembers + 1 });
      expect(saved.status).toBe(200);

      const batch = await dashboard.batchReaching(seq + 1);
      expect([batch.fromSeq, batch.toSeq]).toEqual([seq + 1, seq + 1]);
      expect(batch.enterprises).toEqual([saved.body]);
      expect(batch.stats.totals.unionMembers).toBe(dashboard.snapshot.stats.totals.unionMembers + 1);
      expect(await getStats(b.url)).toEqual(await getStats(a.url));
      // Each dashboard gets the batch once, from its own process: neither process broadcasts to the other's sockets.
      expect((await onA.batchReaching(seq + 1)).stats).toEqual(batch.stats);
      await new Promise((r) => setTimeout(r, 300));
      expect(dashboard.batches).toHaveLength(1);
      expect(onA.batches).toHaveLength(1);
    } finally {
      dashboard.close();
      onA.close();
    }
  });

  it("killing process A in the middle of a stream of writes loses no accepted write, and B ends up with the database's figures", async () => {
    const dashboard = await openDashboard(b.url);
    try {
      const targets = await listEnterprises(b.url, "pageSize=150&sort=taxCode");
      const accepted: Enterprise[] = [];
      let unknown = 0;
      let next = 0;
      let killed = false;
      // One PATCH per enterprise, so each accepted one has exactly one expected row in the database.
      const editor = async () => {
        while (next < targets.length) {
          const e = targets[next++]!;
          try {
            const r = await patch(a.url, e.id, { version: e.version, initiatives: e.initiatives + 1 });
            if (r.status === 200) accepted.push(Enterprise.parse(r.body));
          } catch {
            unknown++; // the connection died with A: saved or not, either is fine; only a 200 is a promise
          }
          if (accepted.length >= 25 && !killed) {
            killed = true;
            a.kill("SIGKILL");
          }
        }
      };
      await Promise.all([editor(), editor(), editor(), editor()]);
      expect(killed).toBe(true);
      expect(await a.exited).toBe("SIGKILL");
      expect(unknown).toBeGreaterThan(0);

      // Every 200 is in the database, with the version and the value it answered.
      const rows = await db.query<{ id: number; version: number; initiatives: number }>(
        'SELECT id, version, initiatives FROM "Enterprise" WHERE id = ANY($1::int[])',
        [accepted.map((e) => e.id)],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const e of accepted)
        expect(byId.get(e.id), `enterprise ${e.id}`).toEqual({
          id: e.id,
          version: e.version,
          initiatives: e.initiatives,
        });

      // The change log is gapless, and the counter agrees with it.
      const seqs = await changeLogSeqs();
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const [counter] = await db.query<{ value: number }>(`SELECT value FROM "Counter" WHERE name = 'changeSeq'`);
      expect(counter?.value).toBe(seqs.length);

      // B kept serving, and converges on what a process starting now computes from the database.
      expect((await fetch(`${b.url}/api/ready`)).status).toBe(200);
      const fresh = await startBuiltServer(env());
      others.push(fresh);
      const truth = await getStats(fresh.url);
      expect(truth.seq).toBe(seqs.length);
      await expect.poll(() => getStats(b.url), { timeout: 10_000, interval: 200 }).toEqual(truth);

      // B's dashboard got there through batches without a gap (a rebuild arrives as a truncated batch).
      const last = await dashboard.batchReaching(truth.seq);
      expect(last.toSeq).toBe(truth.seq);
      expect(sequenceGap(dashboard)).toBeNull();
      expect(dashboard.batches.at(-1)?.stats).toEqual(truth);
    } finally {
      dashboard.close();
    }
  });

  it("a process that missed messages rebuilds from the database: B catches up with a change it was never told about", async () => {
    // A writer on another Redis prefix: its messages never reach B, as if Redis had lost them.
    const unheard = await startBuiltServer({ ...env(), REDIS_PREFIX: testPrefix() });
    others.push(unheard);
    const dashboard = await openDashboard(b.url);
    try {
      const seq = dashboard.snapshot.stats.seq;
      const target = await getEnterprise(unheard.url, 5);
      expect(
        (
          await patch(unheard.url, target.id, {
            version: target.version,
            partyRecommended: target.partyRecommended + 2,
          })
        ).status,
      ).toBe(200);

      const batch = await dashboard.batchReaching(seq + 1, 8000);
      // The rebuild knows the figures but not which enterprises changed: a truncated batch says so.
      expect(batch).toMatchObject({ fromSeq: seq + 1, toSeq: seq + 1, truncated: true, enterprises: [] });
      expect(batch.stats).toEqual(await getStats(unheard.url));
      expect(await getStats(b.url)).toEqual(await getStats(unheard.url));
    } finally {
      dashboard.close();
      await stop(unheard);
    }
  });

  it("SIGTERM: a process stops taking connections, finishes the write it is in the middle of, passes it on, and exits cleanly", async () => {
    const leaving = await startBuiltServer(env());
    others.push(leaving);
    const dashboard = await openDashboard(b.url);
    // Hold the sequence counter's row so the write below stops inside its transaction, in flight.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query(`SELECT value FROM "Counter" WHERE name = 'changeSeq' FOR UPDATE`);
      const target = await getEnterprise(leaving.url, 3);
      const pending = patch(leaving.url, target.id, { version: target.version, initiatives: target.initiatives + 5 });
      await expect
        .poll(() => db.query(`SELECT 1 FROM pg_locks WHERE NOT granted`), { timeout: 5000, interval: 50 })
        .not.toEqual([]);

      leaving.kill("SIGTERM");
      await expect
        .poll(
          () =>
            fetch(`${leaving.url}/api/health`).then(
              () => "answering",
              () => "refused",
            ),
          { timeout: 5000, interval: 50 },
        )
        .toBe("refused");
      expect(leaving.child.exitCode).toBeNull(); // still finishing the write

      await blocker.query("COMMIT");
      const saved = await pending;
      expect(saved.status).toBe(200);
      expect(await leaving.exited).toBe(0);

      const seq = (await changeLogSeqs()).at(-1)!;
      const [row] = await db.query<{ version: number; initiatives: number }>(
        'SELECT version, initiatives FROM "Enterprise" WHERE id = $1',
        [target.id],
      );
      expect(row).toEqual({ version: target.version + 1, initiatives: target.initiatives + 5 });
      const batch = await dashboard.batchReaching(seq);
      expect(batch.enterprises.map((e) => e.id)).toContain(target.id);
      expect(sequenceGap(dashboard)).toBeNull();
    } finally {
      await blocker.end();
      dashboard.close();
    }
  });
});
