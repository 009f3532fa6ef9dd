// The app's SQLite connection for synchronous transactions (server/db/sqlite-connection.ts), driven
// through the real adapter on a real file: a synchronous transaction waits for a Prisma transaction
// open on the connection and never joins it, a body that throws leaves nothing behind, and an adapter
// or option it does not know leaves the synchronous path off.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteConnection } from "../../server/db/sqlite-connection.ts";
import { PrismaBetterSqlite3KeepingStatements } from "../../server/db/sqlite-statements.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-connection-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sql = (text: string, ...args: unknown[]) => ({
  sql: text,
  args,
  argTypes: args.map(() => ({ scalarType: "string", arity: "scalar" })) as never,
});

async function connected(options?: ConstructorParameters<typeof PrismaBetterSqlite3KeepingStatements>[1]) {
  const factory = new PrismaBetterSqlite3KeepingStatements({ url: path.join(dir, `${Math.random()}.db`) }, options);
  const adapter = await factory.connect();
  await adapter.executeScript(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`);
  return { factory, adapter };
}

const names = (c: SqliteConnection) =>
  (c.statement(`SELECT name FROM t ORDER BY id`).all() as { name: string }[]).map((r) => r.name);

describe("synchronous transactions beside the adapter's own", () => {
  it("run at once when no Prisma transaction is open; one that throws writes nothing", async () => {
    const { factory } = await connected();
    const c = factory.connection!;
    expect(await c.transaction(() => c.statement(`INSERT INTO t (name) VALUES (?)`).run("a").changes)).toEqual({
      value: 1,
    });
    await expect(
      c.transaction(() => {
        c.statement(`INSERT INTO t (name) VALUES (?)`).run("b");
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(names(c)).toEqual(["a"]);
  });

  it("wait for an open Prisma transaction, run after it, and survive its rollback", async () => {
    const { factory, adapter } = await connected();
    const c = factory.connection!;
    const tx = await adapter.startTransaction();
    await tx.executeRaw(sql(`INSERT INTO t (name) VALUES (?)`, "prisma"));
    let ran = false;
    const sync = c.transaction(() => {
      ran = true;
      return c.statement(`INSERT INTO t (name) VALUES (?)`).run("sync").changes;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(ran).toBe(false); // still waiting: it would have run inside the Prisma transaction
    await tx.executeRaw(sql(`ROLLBACK`)); // what Prisma sends, then it releases the transaction
    await tx.rollback();
    expect(await sync).toEqual({ value: 1 });
    expect(names(c)).toEqual(["sync"]);
  });

  it("give way to the Prisma path after waiting too long, having run nothing", async () => {
    const { factory, adapter } = await connected();
    const c = factory.connection!;
    const tx = await adapter.startTransaction();
    let ran = false;
    expect(await c.transaction(() => (ran = true), 30)).toBeNull();
    expect(ran).toBe(false);
    await tx.executeRaw(sql(`COMMIT`));
    await tx.commit();
    expect(await c.transaction(() => (ran = true))).toEqual({ value: true });
  });

  it("stay off for timestamps stored another way, or an adapter of another shape", async () => {
    expect((await connected({ timestampFormat: "unixepoch-ms" })).factory.connection).toBeNull();
    expect(SqliteConnection.guard({}, () => undefined as never)).toBeNull();
    const { adapter } = await connected();
    const client = (adapter as unknown as { client: unknown }).client;
    expect(SqliteConnection.guard({ client }, () => undefined as never)).toBeNull(); // no startTransaction
  });
});
