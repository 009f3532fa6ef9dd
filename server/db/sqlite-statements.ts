// The SQLite driver adapter with its prepared statements kept: adapter-better-sqlite3 prepares every
// query anew (SQLite parses and plans it each time, BEGIN and COMMIT included: ~150 µs of an edit's CPU).
import type BetterSqlite3 from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { SqliteConnection } from "./sqlite-connection.ts";
import { keepOutsideQueriesOut, type Reader } from "./sqlite-outside-queries.ts";

/** How many distinct SQL texts stay prepared (the least recently used one goes first). Model queries
 *  with IN lists of varying length make new texts; the edit's few come back every time. */
export const STATEMENTS_KEPT = 256;

/** Longer texts (bulk INSERTs of many rows, long IN lists) are prepared each time as before and not kept:
 *  they are rare, and 256 of them with their query plans would hold megabytes. */
export const LONGEST_KEPT_TEXT = 4096;

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** What the adapter (pinned, @prisma/adapter-better-sqlite3 7.10.0) does with a prepared statement:
 *  `prepare(sql).run()`, or `prepare(sql).bind(args)` then `.run()`, or `.reader`, `.columns()` and
 *  `.raw().all()`. A better-sqlite3 statement binds only once, so a kept one is handed out behind this
 *  view, which passes the arguments on every call instead (a class: no closures made per query). */
class KeptStatement {
  constructor(
    private readonly stmt: Statement,
    private readonly args: unknown[] = [],
    private readonly rows: "objects" | "arrays" = "objects",
  ) {}
  get reader() {
    return this.stmt.reader;
  }
  get source() {
    return this.stmt.source;
  }
  get readonly() {
    return this.stmt.readonly;
  }
  bind(...args: unknown[]) {
    return new KeptStatement(this.stmt, args, this.rows);
  }
  run(...more: unknown[]) {
    return this.stmt.run(...this.args, ...more);
  }
  all(...more: unknown[]) {
    return this.stmt.raw(this.rows === "arrays").all(...this.args, ...more);
  }
  columns() {
    return this.stmt.columns();
  }
  raw(on = true) {
    return new KeptStatement(this.stmt, this.args, on ? "arrays" : "objects");
  }
}

/** Makes `client.prepare` keep the statements it prepares, up to `kept` distinct texts. */
export function keepPreparedStatements(client: BetterSqlite3.Database, kept = STATEMENTS_KEPT): void {
  const prepare = client.prepare.bind(client) as (sql: string) => Statement;
  const statements = new Map<string, Statement>();
  client.prepare = ((sql: string) => {
    if (sql.length > LONGEST_KEPT_TEXT) return prepare(sql);
    let stmt = statements.get(sql);
    if (stmt)
      statements.delete(sql); // re-inserted below: the Map's order is the order of last use
    else stmt = prepare(sql);
    statements.set(sql, stmt);
    if (statements.size > kept) statements.delete(statements.keys().next().value!);
    return new KeptStatement(stmt);
  }) as unknown as BetterSqlite3.Database["prepare"];
}

/** PrismaBetterSqlite3 whose connection keeps its prepared statements (the app's client; migrations
 *  use the plain adapter), and hands that connection out for synchronous transactions (`connection`,
 *  null until connected, or when the adapter or its options are not of the shape this knows). */
export class PrismaBetterSqlite3KeepingStatements extends PrismaBetterSqlite3 {
  connection: SqliteConnection | null = null;
  readonly #isoTimestamps: boolean;
  readonly #args: ConstructorParameters<typeof PrismaBetterSqlite3>;

  constructor(...args: ConstructorParameters<typeof PrismaBetterSqlite3>) {
    super(...args);
    this.#args = args;
    // The synchronous writes store dates as the adapter does by default (ISO 8601 text).
    this.#isoTimestamps = (args[1]?.timestampFormat ?? "iso8601") === "iso8601";
  }

  override async connect() {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
    // An adapter of another shape (an upgrade) runs as it is: slower, never wrong.
    if (client && typeof client.prepare === "function") {
      const prepare = client.prepare as unknown as Parameters<typeof SqliteConnection.guard>[1];
      keepPreparedStatements(client);
      this.connection = this.#isoTimestamps ? SqliteConnection.guard(adapter, prepare) : null;
      // Another request's query while a transaction is open runs beside it, never in it.
      if (this.connection) keepOutsideQueriesOut(adapter, this.connection, this.#reader());
    }
    return adapter;
  }

  /** Opens the read-only connection to the same file (none for an in-memory database: it would be
   *  another, empty one; reads then wait for the transaction as writes do). */
  #reader() {
    const [config, options] = this.#args;
    const file = config.url.replace(/^file:/, "");
    if (file === "" || file === ":memory:" || file.includes("mode=memory")) return null;
    return async () => {
      const reader = await new PrismaBetterSqlite3({ ...config, readonly: true }, options).connect();
      keepPreparedStatements((reader as unknown as { client: BetterSqlite3.Database }).client);
      return reader as unknown as Reader; // the adapter's class is not exported; its shape is checked there
    };
  }
}
