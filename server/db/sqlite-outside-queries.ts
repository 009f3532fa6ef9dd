// Queries made outside a Prisma transaction while one is open on the app's SQLite connection.
// adapter-better-sqlite3 (7.10.0) runs every query on its one connection and takes its mutex only to
// start a transaction: another request's query made while an interactive transaction waits between two
// of its statements (an import's apply lets the loop turn between its chunks) would run INSIDE that
// transaction, reading rows not yet committed, and its write would commit or roll back with it. So
// while the connection is in a transaction, a read runs on a second, read-only connection to the same
// file (WAL: it sees what is committed, as every other process always has), and anything else waits
// for the transaction to close; out of a transaction everything runs on the connection as before.
import type BetterSqlite3 from "better-sqlite3";
import type { SqliteConnection } from "./sqlite-connection.ts";

/** The adapter's query, as it hands it on (only `sql` is read here). */
type Query = { sql: string };
type Run<R> = (query: Query) => Promise<R>;
interface Queryable {
  queryRaw: Run<unknown>;
  executeRaw: Run<unknown>;
}
/** The read-only connection's adapter. */
export type Reader = Queryable & { client: BetterSqlite3.Database; dispose(): Promise<void> };
/** The parts of the adapter's connection object this wraps (checked before wrapping). */
interface AdapterShape extends Queryable {
  client: BetterSqlite3.Database;
  executeScript: (script: string) => Promise<void>;
  dispose: () => Promise<void>;
}

/** A waiting write also looks again this often, should a transaction close unseen (it never should). */
const LOOK_AGAIN_MS = 50;

/** Only these may go to the read-only connection, and only when SQLite says the statement writes
 *  nothing (a WITH may end in an INSERT; BEGIN and SAVEPOINT count as read-only in SQLite's eyes). */
const READ_TEXT = /^\s*(SELECT|WITH)\b/i;

/**
 * Wraps `adapter`'s own queryRaw, executeRaw and executeScript (not its transactions', which are other
 * objects). `openReader` opens the read-only connection, once, when a read first needs it (its client's
 * `prepare` must hand out statements with `readonly`). False, changing nothing, for an adapter of another
 * shape (an upgrade): queries then run as the adapter runs them.
 */
export function keepOutsideQueriesOut(
  adapter: unknown,
  connection: SqliteConnection,
  openReader: (() => Promise<Reader>) | null,
): boolean {
  const a = adapter as Partial<AdapterShape>;
  const client = a.client;
  if (
    !client ||
    typeof a.queryRaw !== "function" ||
    typeof a.executeRaw !== "function" ||
    typeof a.executeScript !== "function" ||
    typeof a.dispose !== "function"
  )
    return false;
  let reader: Promise<Reader> | null = null;

  /** Resolves once the connection is in no transaction; the caller's query must start in the same turn. */
  const outOfTransaction = async () => {
    while (client.inTransaction) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        connection.closing(),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, LOOK_AGAIN_MS).unref())),
      ]);
      clearTimeout(timer);
    }
  };

  const isRead = async (sql: string) => {
    if (!openReader || !READ_TEXT.test(sql)) return null;
    const r = await (reader ??= openReader());
    return r.client.prepare(sql).readonly ? r : null;
  };

  /** A read goes to the reader, anything else waits; both only while a transaction is open. */
  const gate =
    <R>(run: Run<R>, onReader: ((r: Queryable, query: Query) => Promise<R>) | null): Run<R> =>
    async (query: Query) => {
      if (!client.inTransaction) return run.call(adapter, query);
      const r = onReader ? await isRead(query.sql) : null;
      if (r) return onReader!(r, query); // committed rows, whether the transaction closed meanwhile or not
      await outOfTransaction();
      return run.call(adapter, query);
    };

  a.queryRaw = gate(a.queryRaw, (r, query) => r.queryRaw(query));
  a.executeRaw = gate(a.executeRaw, null);
  const script = a.executeScript;
  a.executeScript = async (text: string) => {
    await outOfTransaction();
    return script.call(adapter, text);
  };
  const dispose = a.dispose;
  a.dispose = async () => {
    const r = reader;
    reader = null;
    if (r) await (await r).dispose();
    return dispose.call(adapter);
  };
  return true;
}
