// The app's own better-sqlite3 connection, for a write that runs as one synchronous transaction
// (better-sqlite3's db.transaction) instead of a Prisma interactive one: no other query can run in
// between, and none of Prisma's per-statement machinery runs at all.
//
// Prisma's interactive transactions on this adapter (@prisma/adapter-better-sqlite3 7.10.0) issue
// BEGIN on this same connection and hold the adapter's private mutex until COMMIT or ROLLBACK; any
// query run meanwhile on the connection is inside that transaction. So the adapter's startTransaction
// (and the transaction's commit and rollback) are wrapped with a count of our own, and a synchronous
// transaction runs only when that count is zero and the connection is in no transaction.
import type BetterSqlite3 from "better-sqlite3";

/** How long a synchronous write waits for a moment with no Prisma transaction open (they may follow
 *  one another without a gap, e.g. an import's batches); then it queues behind them on the Prisma path,
 *  in turn, with Prisma's own maxWait. */
export const TURN_WAIT_MS = 1_000;

type Queryable = { client?: BetterSqlite3.Database; startTransaction?: (...args: unknown[]) => Promise<unknown> };
/** Statements of our own kept prepared (an edit's UPDATE text depends on the columns it changes). */
const STATEMENTS_HELD = 64;

type Statement = BetterSqlite3.Statement<unknown[], unknown>;
/** The connection's own prepare, taken before sqlite-statements.ts wraps it. */
type Prepare = (this: BetterSqlite3.Database, sql: string) => Statement;
type Closable = { commit?: () => Promise<void>; rollback?: () => Promise<void> };

export class SqliteConnection {
  /** Prisma transactions started (waiting for the adapter's mutex, or open) and not yet closed. */
  #open = 0;
  #waiters: (() => void)[] = [];
  /** Woken at every close of a Prisma transaction, not only the last (see closing). */
  #closings: (() => void)[] = [];

  /** better-sqlite3's transaction function, made once: it calls the body it is given. */
  readonly #run: BetterSqlite3.Transaction<(body: () => unknown) => unknown>;

  readonly #prepare: Prepare;
  readonly #statements = new Map<string, Statement>();

  constructor(
    readonly client: BetterSqlite3.Database,
    prepare: Prepare,
  ) {
    this.#run = client.transaction((body: () => unknown) => body());
    this.#prepare = prepare;
  }

  /** A statement of our own on the connection, prepared once per text (callers use a few fixed
   *  texts), integers read as numbers (the connection's default is BigInt, for the adapter). */
  statement(sql: string): Statement {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.#prepare.call(this.client, sql).safeIntegers(false);
      if (this.#statements.size >= STATEMENTS_HELD) this.#statements.delete(this.#statements.keys().next().value!);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Counts the adapter's transactions; null when the adapter is not of the shape this knows. */
  static guard(adapter: unknown, prepare: Prepare): SqliteConnection | null {
    const a = adapter as Queryable;
    const client = a.client;
    if (!client || typeof client.transaction !== "function" || typeof a.startTransaction !== "function") return null;
    const connection = new SqliteConnection(client, prepare);
    const start = a.startTransaction.bind(adapter);
    a.startTransaction = async (...args: unknown[]) => {
      connection.#open++; // before the adapter's BEGIN, which may come in any later microtask
      let tx: Closable;
      try {
        tx = (await start(...args)) as Closable;
      } catch (e) {
        connection.#closed();
        throw e;
      }
      if (typeof tx?.commit !== "function" || typeof tx.rollback !== "function") {
        // Not a shape we know: never count it closed, so the synchronous path stays off for good.
        return tx;
      }
      let counted = true;
      const close = (end: () => Promise<void>) => async () => {
        try {
          return await end();
        } finally {
          if (counted) {
            counted = false;
            connection.#closed();
          }
        }
      };
      tx.commit = close(tx.commit.bind(tx));
      tx.rollback = close(tx.rollback.bind(tx));
      return tx;
    };
    return connection;
  }

  /** Resolves when the next Prisma transaction closes (committed or rolled back). */
  closing(): Promise<void> {
    return new Promise((resolve) => this.#closings.push(resolve));
  }

  #closed() {
    for (const wake of this.#closings.splice(0)) wake();
    this.#open--;
    if (this.#open === 0) for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Runs `body` as one synchronous IMMEDIATE transaction (rolled back if it throws) once no Prisma
   *  transaction is open, checked again on every wake-up. Null, having run nothing, when the connection
   *  is in a transaction nobody counted or after `waitMs` without a turn: the caller then takes the
   *  Prisma path. */
  async transaction<T>(body: () => T, waitMs = TURN_WAIT_MS): Promise<{ value: T } | null> {
    let until = 0;
    for (;;) {
      if (this.#open === 0) return this.client.inTransaction ? null : { value: this.#run.immediate(body) as T };
      until ||= Date.now() + waitMs;
      const left = until - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** The connection of each SQLite client made by openDatabase: read when a write starts (the adapter
 *  connects on the client's first query). */
const connections = new WeakMap<object, { readonly connection: SqliteConnection | null }>();

/** Lets writes on `db` run synchronously on the connection `source` holds once connected. */
export function attachConnection(db: object, source: { readonly connection: SqliteConnection | null }): void {
  connections.set(db, source);
}

/** The connection for synchronous transactions on `db`, or null (PostgreSQL, switched off, an
 *  adapter of another shape): the caller takes the Prisma path. */
export function connectionOf(db: object): SqliteConnection | null {
  return connections.get(db)?.connection ?? null;
}
