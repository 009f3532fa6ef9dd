// An edit on PostgreSQL runs as a read and one statement on pg's pool (server/db/postgres-edit.ts)
// instead of a Prisma interactive transaction: it must read and write exactly what Prisma's path does
// (dates in UTC whatever the server's time zone), refuse a stale version with the current record, and
// keep the change log's sequence gap-free when two servers edit at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enterprise } from "../../contract/enterprise.ts";
import type { Tx } from "../../server/db/change-log.ts";
import { enterpriseRow } from "../../server/db/enterprise-writes.ts";
import { enterpriseRowDirect, poolOf } from "../../server/db/postgres-edit.ts";
import { createTestDatabase, type TestDatabase } from "../scale/support/postgres.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let database: TestDatabase;
/** Two servers on one database with direct edits (as two processes of a cluster), one without. */
let a: TestServer, b: TestServer, prismaPath: TestServer;
const zone = process.env.TZ;

beforeAll(async () => {
  // A server in Viet Nam's time zone: a date bound or read as local time would be 7 hours off.
  process.env.TZ = "Asia/Ho_Chi_Minh";
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url };
  a = await startTestServer({ enterprises: 120, env });
  b = await startTestServer({ enterprises: 120, env });
  prismaPath = await startTestServer({ enterprises: 120, env: { ...env, POSTGRES_DIRECT_EDITS: "off" } });
}, 180_000);

afterAll(async () => {
  await Promise.all([a, b, prismaPath].map((s) => s?.close()));
  await database?.drop();
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

const changeLog = (enterpriseId: number) =>
  a.db.changeLog.findMany({ where: { enterpriseId }, orderBy: { seq: "asc" } });

/** Every sequence number from 1 to the last is in the log once. */
async function expectLogGapFree() {
  const seqs = (await database.query<{ seq: number }>(`SELECT "seq" FROM "ChangeLog" ORDER BY "seq"`)).map(
    (r) => r.seq,
  );
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  const [counter] = await database.query<{ value: number }>(`SELECT "value" FROM "Counter" WHERE "name" = 'changeSeq'`);
  expect(counter?.value).toBe(seqs.length);
}

describe("edits on PostgreSQL through pg's pool", () => {
  it("is the path an edit takes (unless switched off), and reads a row exactly as Prisma does", async () => {
    expect(poolOf(a.db)).not.toBeNull();
    expect(poolOf(prismaPath.db)).toBeNull();
    const [first, second] = await a.enterprises();
    expect((await a.api(`/api/enterprises/${second!.id}`, { method: "DELETE" })).status).toBe(200);
    for (const id of [first!.id, second!.id, 999_999]) {
      const direct = await enterpriseRowDirect(poolOf(a.db)!, id);
      expect(direct).toEqual(await enterpriseRow(a.db as unknown as Tx, id));
    }
    expect((await enterpriseRowDirect(poolOf(a.db)!, second!.id))?.erasedAt).toBeInstanceOf(Date);
  });

  it("writes the row and the log entry as Prisma's transaction does", async () => {
    const e = (await a.enterprises()).find((x) => x.headcount > x.unionMembers + 1)!;
    const change = { unionMembers: e.unionMembers + 1, hasParty: !e.hasParty, initiatives: e.initiatives + 2 };
    const direct = await a.patch(e.id, { version: e.version, ...change });
    expect(direct.status).toBe(200);
    // What the direct path wrote, read through Prisma on the server without it: the same record.
    const written = Enterprise.parse(direct.body);
    expect(written).toMatchObject({ ...change, version: e.version + 1 });
    expect(await prismaPath.enterprise(e.id)).toEqual(written);
    expect(Math.abs(Date.parse(written.updatedAt) - Date.now())).toBeLessThan(60_000);
    // The same change back through Prisma's path: the record as it was, two versions on.
    const back = { unionMembers: e.unionMembers, hasParty: e.hasParty, initiatives: e.initiatives };
    const undone = await prismaPath.patch(e.id, { version: e.version + 1, ...back });
    expect(undone.status).toBe(200);
    const { version: _v, updatedAt: _u, updatedBy: _b, ...rest } = e;
    expect(await a.enterprise(e.id)).toMatchObject({ ...rest, version: e.version + 2 });

    const [viaDirect, viaPrisma] = (await changeLog(e.id)).slice(-2);
    expect(viaDirect!.seq + 1).toBe(viaPrisma!.seq);
    expect(viaDirect!.at.toISOString()).toBe(written.updatedAt);
    const diff = Object.fromEntries(Object.entries(change).map(([k, v]) => [k, [e[k as keyof typeof e], v]]));
    expect(JSON.parse(viaDirect!.diff)).toEqual(diff);
    expect(JSON.parse(viaPrisma!.diff)).toEqual(
      Object.fromEntries(Object.entries(diff).map(([k, [before, after]]) => [k, [after, before]])),
    );
    // Each test server made its own "local" account: the same person, another account id.
    const entry = ({ seq: _s, at: _a, diff: _d, actorUserId, ...columns }: typeof viaDirect & object) => ({
      ...columns,
      actorUserId: typeof actorUserId,
    });
    expect(entry(viaDirect!)).toEqual(entry(viaPrisma!));
    await expectLogGapFree();
  });

  it("two servers editing one record at the same version: one saves, the other gets 409 with the current record", async () => {
    const e = (await a.enterprises())[5]!;
    const logged = (await changeLog(e.id)).length;
    let version = e.version;
    for (let round = 0; round < 15; round++) {
      const replies = await Promise.all([
        a.patch(e.id, { version, initiatives: 1000 + round }),
        b.patch(e.id, { version, initiatives: 2000 + round }),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
      const saved = Enterprise.parse(replies.find((r) => r.status === 200)!.body);
      const current = Enterprise.parse(errorOf(replies.find((r) => r.status === 409)!).current);
      expect(current).toEqual(saved);
      expect(saved.version).toBe(version + 1);
      version = saved.version;
    }
    expect(await changeLog(e.id)).toHaveLength(logged + 15);
    await expectLogGapFree();
  });

  it("many edits at once on two servers are all saved and logged, numbered without a gap", async () => {
    const list = (await a.enterprises()).slice(10, 50);
    const before = (await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ChangeLog"`))[0]!.n;
    const replies = await Promise.all(
      list.map((e, i) => (i % 2 ? a : b).patch(e.id, { version: e.version, initiatives: e.initiatives + 1 })),
    );
    expect(replies.map((r) => r.status)).toEqual(list.map(() => 200));
    const after = (await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ChangeLog"`))[0]!.n;
    expect(after).toBe(before + list.length);
    await expectLogGapFree();
  });
});
