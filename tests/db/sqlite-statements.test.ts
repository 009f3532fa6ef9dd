// The SQLite connection keeps its prepared statements (server/db/sqlite-statements.ts): a statement
// prepared once answers every later use of its text with that use's own arguments, a failed run
// leaves it usable, and no more than the cap stay prepared.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { LONGEST_KEPT_TEXT, keepPreparedStatements } from "../../server/db/sqlite-statements.ts";
import { startTestServer } from "../support/server.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-statements-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A better-sqlite3 connection keeping `kept` statements, and how many times SQLite really prepared. */
function connection(kept?: number) {
  const db = new Database(path.join(dir, `${Math.random()}.db`));
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`);
  const prepare = db.prepare.bind(db);
  const prepared: string[] = [];
  db.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;
  keepPreparedStatements(db, kept);
  return { db, prepared };
}

describe("kept prepared statements (the adapter's own calls)", () => {
  it("a text is prepared once and each use binds its own arguments", () => {
    const { db, prepared } = connection();
    const insert = `INSERT INTO t (id, name) VALUES (?, ?)`;
    for (let i = 1; i <= 50; i++)
      expect(
        db
          .prepare(insert)
          .bind([i, `n${i}`])
          .run().changes,
      ).toBe(1);
    const select = `SELECT name FROM t WHERE id = ?`;
    for (const id of [3, 40, 3, 17]) {
      const stmt = db.prepare(select).bind([id]);
      expect(stmt.reader).toBe(true);
      expect(stmt.columns().map((c) => c.name)).toEqual(["name"]);
      expect(stmt.raw().all()).toEqual([[`n${id}`]]);
    }
    // Rows as objects again once asked without raw(): the mode is the use's, not the kept statement's.
    expect(db.prepare(select).bind([40]).all()).toEqual([{ name: "n40" }]);
    expect(db.prepare(select).bind([17]).raw().all()).toEqual([["n17"]]);
    expect(prepared.filter((s) => s === insert)).toHaveLength(1);
    expect(prepared.filter((s) => s === select)).toHaveLength(1);
  });

  it("a run that fails (a unique name taken) leaves the statement usable with other arguments", () => {
    const { db } = connection();
    const insert = `INSERT INTO t (id, name) VALUES (?, ?)`;
    db.prepare(insert).bind([1, "a"]).run();
    expect(() => db.prepare(insert).bind([2, "a"]).run()).toThrow(/UNIQUE/);
    expect(db.prepare(insert).bind([2, "b"]).run().changes).toBe(1);
    expect(db.prepare(`SELECT id, name FROM t ORDER BY id`).bind([]).raw().all()).toEqual([
      [1, "a"],
      [2, "b"],
    ]);
  });

  it("too few arguments are refused as before", () => {
    const { db } = connection();
    expect(() => db.prepare(`INSERT INTO t (id, name) VALUES (?, ?)`).bind([1]).run()).toThrow(RangeError);
  });

  it("a long text (a bulk insert) is prepared each time, not kept", () => {
    const { db, prepared } = connection();
    const rows = Math.ceil(LONGEST_KEPT_TEXT / 8);
    const insert = `INSERT INTO t (id, name) VALUES ${Array.from({ length: rows }, () => "(?, ?)").join(", ")}`;
    for (const start of [0, rows]) {
      const args = Array.from({ length: rows }, (_, i) => [start + i + 1, `n${start + i + 1}`]).flat();
      expect(db.prepare(insert).bind(args).run().changes).toBe(rows);
    }
    expect(prepared.filter((s) => s === insert)).toHaveLength(2);
    expect(db.prepare(`SELECT count(*) FROM t`).bind([]).raw().all()).toEqual([[rows * 2]]);
  });

  it("keeps at most the cap, the least recently used text going first", () => {
    const { db, prepared } = connection(3);
    const q = (n: number) => `SELECT ${n} AS v`;
    for (const n of [1, 2, 3, 1, 4, 1, 2]) expect(db.prepare(q(n)).bind([]).raw().all()).toEqual([[n]]);
    // 1, 2, 3 prepared; 1 kept by its use; 4 pushes out 2 (least recent); 1 still kept; 2 prepared again.
    expect(prepared).toEqual([q(1), q(2), q(3), q(4), q(2)]);
  });
});

describe("the server's SQLite client on kept statements", () => {
  it("answers each repeated query with its own row, across more texts than are kept, and rolls back", async () => {
    const s = await startTestServer({ enterprises: 20 });
    try {
      const rows = await s.db.$queryRaw<{ id: number }[]>`SELECT "id" FROM "Enterprise" ORDER BY "id"`;
      const ids = rows.map((r) => Number(r.id));
      for (const id of [...ids, ...ids]) {
        const [row] = await s.db.$queryRaw<{ id: number }[]>`SELECT "id" FROM "Enterprise" WHERE "id" = ${id}`;
        expect(Number(row!.id)).toBe(id);
      }
      // More distinct texts than the cap: each still answers, the first again after it was pushed out.
      for (let n = 0; n < 300; n++)
        expect(await s.db.$queryRawUnsafe(`SELECT 'n${n}' AS "v"`)).toEqual([{ v: `n${n}` }]);
      expect(await s.db.$queryRawUnsafe(`SELECT 'n0' AS "v"`)).toEqual([{ v: "n0" }]);
      // A transaction that fails leaves nothing; the next (same BEGIN and COMMIT statements) writes.
      const first = ids[0]!;
      await expect(
        s.db.$transaction(async (tx) => {
          await tx.$executeRaw`UPDATE "Enterprise" SET "initiatives" = 999 WHERE "id" = ${first}`;
          throw new Error("abandoned");
        }),
      ).rejects.toThrow("abandoned");
      expect((await s.enterprise(first)).initiatives).not.toBe(999);
      await s.db.$transaction(async (tx) => {
        await tx.$executeRaw`UPDATE "Enterprise" SET "initiatives" = 998 WHERE "id" = ${first}`;
      });
      expect((await s.enterprise(first)).initiatives).toBe(998);
    } finally {
      await s.close();
    }
  });
});
