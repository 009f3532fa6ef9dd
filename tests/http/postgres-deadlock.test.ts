// On PostgreSQL every writer takes its locks in one order (server/db/row-locks.ts): the enterprise rows
// it writes, by id, and the sequence counter last. So an import's apply, a merge or a split racing edits
// of the same rows makes one wait for the other, never each for the other: every request answers 200 or
// 409 (the version it edited moved on), never 503 "try again", the change log has no gap, and every
// write acknowledged is there. (Before, the apply and the split took the counter before some of their
// rows, an edit its row before the counter: PostgreSQL broke the deadlock by killing one of them, 503;
// a merge read its rows unlocked and logged them as read, so an edit saved in between was lost from
// the figures.) A tax code registered while an apply writes the same one gets 201, the file 409.
//
// Each race is set up at a known point rather than by timing: a raw transaction of the test holds what
// the writer needs next (the counter, as a writer ahead of it committing its change log would, or one of
// its rows, as an edit in progress would), the edits are sent once the writer waits for it, and it is
// let go once each edit has answered or waits for a lock too.
//
// A deadlock can still be made by hand, by two raw transactions that lock two rows in opposite orders:
// the last tests show that it answers 503 "nothing was saved".
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../contract/enterprise.ts";
import { ApplyResult, DryRun } from "../../contract/import.ts";
import { MergeResult, SplitResult } from "../../contract/units.ts";
import { databaseTrouble, toApiError } from "../../server/http/errors.ts";
import { poolOf } from "../../server/db/postgres-edit.ts";
import { createTestDatabase, type TestDatabase } from "../scale/support/postgres.ts";
import { errorOf, startTestServer, type Reply, type TestServer } from "../support/server.ts";
import { csvOf, sheetHeaders, sheetRow } from "../support/spreadsheets.ts";

let database: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ enterprises: 200, env: { DATABASE_URL: database.url } });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const byId = (a: Enterprise, b: Enterprise) => a.id - b.id;

/** The enterprises of unit `code`, by id. */
async function enterprisesOf(code: string): Promise<Enterprise[]> {
  const unit = (await server.districts()).find((d) => d.code === code)!;
  const rows = (await server.enterprises(`district=${unit.id}`)).sort(byId);
  expect(rows.length, code).toBeGreaterThan(3);
  return rows;
}

/** Backends of the test database waiting for a lock. */
async function lockWaiters(): Promise<number> {
  const [row] = await database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return row!.n;
}

async function until(what: string, done: () => Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What a raw transaction of the test holds while the race is set up. */
const HOLD_COUNTER = { sql: `UPDATE "Counter" SET "value" = "value" WHERE "name" = 'changeSeq'`, params: [] };
const holdRow = (id: number) => ({
  sql: `UPDATE "Enterprise" SET "version" = "version" WHERE "id" = $1`,
  params: [id],
});

/** Starts `writer` while `hold` is held; once it waits, sends `others`; once each of them has answered or
 *  waits for a lock, lets go. Every reply, the writer's first. */
async function race(
  hold: { sql: string; params: unknown[] },
  writer: () => Promise<Reply>,
  others: (() => Promise<Reply>)[],
): Promise<Reply[]> {
  const holder = new pg.Client({ connectionString: database.url });
  await holder.connect();
  try {
    await holder.query("BEGIN");
    await holder.query(hold.sql, hold.params);
    const first = writer();
    let firstDone = false;
    void first.finally(() => (firstDone = true));
    await until("the writer waits", async () => firstDone || (await lockWaiters()) >= 1);
    let answered = 0;
    const rest = others.map((send) => send().finally(() => answered++));
    await until(
      "every other request answered or waits",
      async () => firstDone || answered + (await lockWaiters()) >= others.length + 1,
    );
    await holder.query("ROLLBACK");
    return await Promise.all([first, ...rest]);
  } finally {
    await holder.query("ROLLBACK").catch(() => {});
    await holder.end();
  }
}

/** The dry run of a file setting each row's initiatives to `value(e)`; its importId. */
async function dryRun(rows: Enterprise[], value: (e: Enterprise) => number): Promise<string> {
  const file = csvOf([["Mã số thuế", "Sáng kiến"], ...rows.map((e) => [e.taxCode, String(value(e))])]);
  const r = await server.api("/api/import/dry-run", {
    method: "POST",
    body: new Uint8Array(file),
    headers: { "content-type": "text/csv" },
  });
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  expect(DryRun.parse(r.body).summary.update).toBe(rows.length);
  return DryRun.parse(r.body).importId;
}

const apply = (importId: string) => () => server.api(`/api/import/${importId}/apply`, { method: "POST" });

/** A merge of one unit into a new commune, sent when called. */
const merge = (sourceId: number, code: string, name: string) => () =>
  server.api("/api/districts/merge", {
    method: "POST",
    json: { sourceIds: [sourceId], into: { code, name, kind: "COMMUNE" }, effectiveDate: "2026-01-01" },
  });

/** An edit of `e` at the version read, setting its initiatives to `value`. */
const edit = (e: Enterprise, value: number) => () => server.patch(e.id, { version: e.version, initiatives: value });

/** The change log's numbers run 1, 2, 3… with no gap. */
async function expectNoGap() {
  const [log] = await database.query<{ n: number; top: number }>(
    `SELECT count(*)::int AS n, coalesce(max("seq"), 0)::int AS top FROM "ChangeLog"`,
  );
  expect(log!.n).toBe(log!.top);
}

/** Each edit answered 200 is in its row and in the log; one answered 409 is in neither. */
async function expectEdits(edited: { e: Enterprise; value: number }[], replies: Reply[]) {
  for (const [i, { e, value }] of edited.entries()) {
    const reply = replies[i]!;
    expect([200, 409], JSON.stringify(reply.body)).toContain(reply.status);
    const logged = await database.query(`SELECT "seq" FROM "ChangeLog" WHERE "enterpriseId" = $1 AND "diff" LIKE $2`, [
      e.id,
      `%"initiatives":[${e.initiatives},${value}]%`,
    ]);
    const now = await server.enterprise(e.id);
    if (reply.status === 200) {
      expect(now.initiatives).toBe(value);
      expect(logged).toHaveLength(1);
    } else {
      expect(now.initiatives).not.toBe(value);
      expect(logged).toHaveLength(0);
    }
  }
}

describe("an import's apply racing edits of its rows on PostgreSQL", () => {
  it("edits that wait for the rows the apply holds hear 409; the apply writes its whole file", async () => {
    const rows = await enterprisesOf("AP01");
    const importId = await dryRun(rows, (e) => e.initiatives + 1000);
    const edited = rows.slice(-3).map((e, i) => ({ e, value: 7100 + i }));
    // The counter is held (a writer ahead commits its log) until the apply waits for it with its rows.
    const [applied, ...edits] = await race(
      HOLD_COUNTER,
      apply(importId),
      edited.map(({ e, value }) => edit(e, value)),
    );
    expect(applied!.status, JSON.stringify(applied!.body)).toBe(200);
    const result = ApplyResult.parse(applied!.body);
    expect(result.toSeq! - result.fromSeq! + 1).toBe(rows.length);
    for (const e of rows) expect((await server.enterprise(e.id)).initiatives).toBe(e.initiatives + 1000);
    expect(edits.map((r) => r.status)).toEqual([409, 409, 409]);
    await expectEdits(edited, edits);
    await expectNoGap();
  });

  it("edits that get to their rows first are saved; the apply refuses its file with 409 and writes nothing", async () => {
    const rows = await enterprisesOf("AP02");
    const importId = await dryRun(rows, (e) => e.initiatives + 1000);
    const edited = rows.slice(-3).map((e, i) => ({ e, value: 7200 + i }));
    // The file's first row is held (an edit in progress) while the apply waits for it.
    const [applied, ...edits] = await race(
      holdRow(rows[0]!.id),
      apply(importId),
      edited.map(({ e, value }) => edit(e, value)),
    );
    expect(applied!.status, JSON.stringify(applied!.body)).toBe(409);
    for (const e of rows.slice(0, -3)) expect((await server.enterprise(e.id)).version).toBe(e.version);
    expect(edits.map((r) => r.status)).toEqual([200, 200, 200]);
    await expectEdits(edited, edits);
    await expectNoGap();
  });
});

describe("an import's apply racing a new enterprise on PostgreSQL", () => {
  it("a tax code registered after the apply checked it and before it wrote it: 201, then 409 for the file", async () => {
    const taxCode = "0999777001";
    const file = csvOf([
      sheetHeaders(),
      sheetRow({
        taxCode,
        name: "Công ty Đăng Ký Cùng Lúc",
        unit: "AP07",
        sector: "C",
        ownership: "Tư nhân trong nước",
        headcount: 40,
        unionMembers: 0,
      }),
    ]);
    const dry = await server.api("/api/import/dry-run", {
      method: "POST",
      body: new Uint8Array(file),
      headers: { "content-type": "text/csv" },
    });
    expect(dry.status, JSON.stringify(dry.body).slice(0, 300)).toBe(200);
    expect(DryRun.parse(dry.body).summary.create).toBe(1);
    const base = (await enterprisesOf("AP07"))[0]!;
    const { id: _i, version: _v, updatedAt: _u, updatedBy: _b, status: _s, statusDate: _d, ...fields } = base;
    // The form's create writes its row and waits for the counter (a writer ahead holds it); the apply
    // finds the tax code free, then waits for that row.
    const [created, applied] = await race(
      HOLD_COUNTER,
      () => server.api("/api/enterprises", { method: "POST", json: { ...fields, taxCode } }),
      [apply(DryRun.parse(dry.body).importId)],
    );
    expect(created!.status, JSON.stringify(created!.body)).toBe(201);
    expect(applied!.status, JSON.stringify(applied!.body)).toBe(409);
    expect(errorOf(applied!).fieldCodes?.taxCode?.code).toBe("taken");
    const registered = await server.enterprises(`q=${taxCode}`);
    expect(registered.map((e) => e.name)).toEqual([base.name]);
    await expectNoGap();
  });
});

describe("a unit merge racing an import's apply and edits on PostgreSQL", () => {
  it("the apply, then the merge of the rows it wrote: both saved whole, the edits hear 409", async () => {
    const moving = await enterprisesOf("AP04");
    const rows = [...(await enterprisesOf("AP03")), ...moving];
    const importId = await dryRun(rows, (e) => e.initiatives + 1000);
    const edited = moving.slice(-2).map((e, i) => ({ e, value: 7300 + i }));
    const [applied, merged, ...edits] = await race(HOLD_COUNTER, apply(importId), [
      merge(moving[0]!.districtId, "MERGED7", "Xã Hợp Nhất"),
      ...edited.map(({ e, value }) => edit(e, value)),
    ]);
    expect(applied!.status, JSON.stringify(applied!.body)).toBe(200);
    expect(merged!.status, JSON.stringify(merged!.body)).toBe(200);
    const result = MergeResult.parse(merged!.body);
    expect(result.movedEnterprises).toBe(moving.length);
    for (const e of moving) {
      const now = await server.enterprise(e.id);
      expect(now).toMatchObject({
        districtId: result.target.id,
        initiatives: e.initiatives + 1000,
        version: e.version + 2,
      });
    }
    expect(edits.map((r) => r.status)).toEqual([409, 409]);
    await expectEdits(edited, edits);
    await expectNoGap();
    // One move logged for each, after the file's change.
    const moves = await database.query<{ seq: number }>(
      `SELECT "seq" FROM "ChangeLog" WHERE "enterpriseId" = ANY($1) AND "diff" = $2`,
      [moving.map((e) => e.id), JSON.stringify({ districtId: [moving[0]!.districtId, result.target.id] })],
    );
    expect(moves).toHaveLength(moving.length);
    expect(Math.min(...moves.map((m) => m.seq))).toBeGreaterThan(ApplyResult.parse(applied!.body).toSeq!);
  });

  it("edits that get to their rows before a merge are saved, and the merge moves the rows as edited", async () => {
    const moving = await enterprisesOf("AP06");
    const edited = moving.slice(-3).map((e, i) => ({ e, value: 7400 + i }));
    // The merge waits for its first row (an edit in progress) while the other edits race it.
    const [merged, ...edits] = await race(
      holdRow(moving[0]!.id),
      merge(moving[0]!.districtId, "MERGED8", "Xã Hợp Nhất Hai"),
      edited.map(({ e, value }) => edit(e, value)),
    );
    expect(merged!.status, JSON.stringify(merged!.body)).toBe(200);
    const result = MergeResult.parse(merged!.body);
    expect(result.movedEnterprises).toBe(moving.length);
    expect(edits.map((r) => r.status)).toEqual([200, 200, 200]);
    await expectEdits(edited, edits);
    for (const e of moving) expect((await server.enterprise(e.id)).districtId).toBe(result.target.id);
    // The figures the server keeps in memory follow the rows as written (the merge's "before" is the
    // row it locked, edits included).
    const counted = await database.query<{ n: number }>(
      `SELECT coalesce(sum("initiatives"), 0)::int AS n FROM "Enterprise" WHERE "erasedAt" IS NULL AND "districtId" = $1`,
      [result.target.id],
    );
    await until("the feed has every change", async () => {
      const stats = await server.stats(`district=${result.target.id}`);
      return stats.totals.initiatives === counted[0]!.n;
    });
    await expectNoGap();
  });
});

describe("a unit split racing edits of its rows on PostgreSQL", () => {
  it("edits that wait for the rows the split holds hear 409; the split moves every row", async () => {
    const rows = await enterprisesOf("AP05");
    const half = Math.floor(rows.length / 2);
    const edited = rows.slice(-2).map((e, i) => ({ e, value: 7500 + i }));
    const [split, ...edits] = await race(
      HOLD_COUNTER,
      () =>
        server.api(`/api/districts/${rows[0]!.districtId}/split`, {
          method: "POST",
          json: {
            into: [
              {
                code: "SPLIT7A",
                name: "Xã Tách Bảy A",
                kind: "COMMUNE",
                enterpriseIds: rows.slice(0, half).map((e) => e.id),
              },
              {
                code: "SPLIT7B",
                name: "Xã Tách Bảy B",
                kind: "COMMUNE",
                enterpriseIds: rows.slice(half).map((e) => e.id),
              },
            ],
            effectiveDate: "2026-01-01",
          },
        }),
      edited.map(({ e, value }) => edit(e, value)),
    );
    expect(split!.status, JSON.stringify(split!.body)).toBe(200);
    const result = SplitResult.parse(split!.body);
    for (const [i, e] of rows.entries())
      expect((await server.enterprise(e.id)).districtId).toBe(result.created[i < half ? 0 : 1]!.id);
    expect(edits.map((r) => r.status)).toEqual([409, 409]);
    await expectEdits(edited, edits);
    await expectNoGap();
  });
});

/** Resolves for both callers once both have arrived: each holds its first row lock by then. */
function meeting() {
  let arrived = 0;
  let open!: () => void;
  const met = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === 2) open();
    return met;
  };
}

const touch = `UPDATE "Enterprise" SET "version" = "version" WHERE "id" = $1`;

/** The one error of two writers that lock the same two rows in opposite orders. */
async function deadlockOf(cross: (first: number, second: number, met: () => Promise<void>) => Promise<unknown>) {
  const [x, y] = await server.enterprises();
  const met = meeting();
  const outcomes = await Promise.allSettled([cross(x!.id, y!.id, met), cross(y!.id, x!.id, met)]);
  const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
  expect(failed).toHaveLength(1);
  return failed[0]!.reason as unknown;
}

describe("a deadlock made by hand on PostgreSQL (no writer of ours makes one)", () => {
  it("in a Prisma transaction answers 503, nothing saved", async () => {
    const e = await deadlockOf((first, second, met) =>
      server.db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(touch, first);
          await met();
          await tx.$executeRawUnsafe(touch, second);
        },
        { timeout: 20_000 },
      ),
    );
    expect(databaseTrouble(e)).toBe("busy");
    expect(toApiError(e)?.status).toBe(503);
    expect(toApiError(e)?.body.error.message).toMatch(/nothing was saved/);
  });

  it("on pg's pool answers 503, nothing saved", async () => {
    const pool = poolOf(server.db)!.pool;
    const e = await deadlockOf(async (first, second, met) => {
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        await c.query(touch, [first]);
        await met();
        await c.query(touch, [second]);
        await c.query("COMMIT");
      } catch (err) {
        await c.query("ROLLBACK");
        throw err;
      } finally {
        c.release();
      }
    });
    expect(databaseTrouble(e)).toBe("busy");
    expect(toApiError(e)?.status).toBe(503);
  });
});
