// Another request's queries while a Prisma transaction is open on the app's SQLite connection and lets
// the event loop turn (server/db/sqlite-outside-queries.ts), through the app's own client on a real
// file: a read sees only what is committed and does not wait, a write waits for the transaction and is
// neither rolled back with it nor lost.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openDatabase, type Db } from "../../server/db/database.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-outside-"));
let db: Db;
beforeAll(async () => {
  const url = `file:${path.join(dir, "app.db")}`;
  await migrate(url);
  db = (await openDatabase(url)).db;
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const counters = async (prefix: string) =>
  (await db.counter.findMany({ where: { name: { startsWith: prefix } }, orderBy: { name: "asc" } })).map(
    (c) => `${c.name}=${c.value}`,
  );

/** A transaction that writes `name`, lets the loop turn a few times (as an import's apply does between
 *  its chunks), then commits or throws; `beside` runs in one of those turns. */
async function transactionWith(name: string, end: "commit" | "throw", beside: () => Promise<void>) {
  let besideDone: Promise<void> = Promise.resolve();
  const tx = db
    .$transaction(async (t) => {
      await t.counter.create({ data: { name, value: 1 } });
      await nextTurn();
      besideDone = beside();
      for (let i = 0; i < 5; i++) await nextTurn();
      await new Promise((r) => setTimeout(r, 30));
      if (end === "throw") throw new Error("found a stale row inside");
    })
    .then(
      () => "committed",
      (e: Error) => e.message,
    );
  const outcome = await tx;
  await besideDone;
  return outcome;
}

describe("queries beside an open transaction that lets the loop turn", () => {
  it("a read sees only committed rows, at once; after the commit it sees the transaction's", async () => {
    let seen: string[] = [];
    let readWhileOpen = false;
    const outcome = await transactionWith("a.tx", "commit", async () => {
      seen = await counters("a.");
      readWhileOpen = true;
    });
    expect(outcome).toBe("committed");
    expect(readWhileOpen).toBe(true);
    expect(seen).toEqual([]);
    expect(await counters("a.")).toEqual(["a.tx=1"]);
  });

  it("a write waits for the transaction, then stays when the transaction rolls back", async () => {
    const order: string[] = [];
    let during: string[] = [];
    const outcome = await transactionWith("b.tx", "throw", async () => {
      const write = db.counter.create({ data: { name: "b.beside", value: 7 } }).then(() => order.push("write"));
      during = await counters("b.");
      order.push("read");
      await write;
    });
    expect(outcome).toBe("found a stale row inside");
    expect(during).toEqual([]);
    expect(order).toEqual(["read", "write"]); // the read did not wait for the write queued before it
    expect(await counters("b.")).toEqual(["b.beside=7"]);
  });

  it("a write beside a committing transaction is kept too, after it", async () => {
    const outcome = await transactionWith("c.tx", "commit", async () => {
      await db.$executeRaw`UPDATE "Counter" SET "value" = "value" + 10 WHERE "name" = 'c.tx'`;
    });
    expect(outcome).toBe("committed");
    // Waited for the commit, so it found the row: not run inside the transaction, not lost.
    expect(await counters("c.")).toEqual(["c.tx=11"]);
  });
});
