// A consistent read of the whole state for rebuilding the aggregates: the sequence number, the time
// of the last change and the counted columns of every enterprise as of that number, in one read
// transaction on a connection of its own (SQLite in WAL mode, PostgreSQL in REPEATABLE READ), so
// writers go on meanwhile. One raw query of arrays, read in pages: at 1,000,000 enterprises Prisma's
// model reads of objects were most of the start-up.
import Database from "better-sqlite3";
import type { Counted } from "../domain/figures.ts";
import { SEQ_COUNTER } from "./change-log.ts";
import { providerOf, sqliteFile } from "./database.ts";

/** What a rebuild reads, consistently: the sequence number and every enterprise as of it. */
export interface FeedSnapshot {
  seq: number;
  lastAt: Date | null;
  enterprises: AsyncIterable<Counted[]>;
  /** Another read in the same transaction (what a start from a checkpoint catches up with): rows as
   *  arrays; `?` marks each parameter in turn. */
  query(sql: string, params?: unknown[]): Promise<unknown[][]>;
}
export type SnapshotReader = (use: (s: FeedSnapshot) => Promise<void>) => Promise<void>;

export interface SnapshotOptions {
  /** How long SQLite waits for a lock (the app's SQLITE_BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number;
  /** Rows per page handed to the rebuild (the event loop turns between pages). */
  pageSize?: number;
}

// The columns of Counted, in this order; erased enterprises are gone from every read.
export const COUNTED_COLUMNS = `"districtId", "sector", "ownership", "headcount", "unionMembers", "hasUnion", "hasParty",
  "hasYouthUnion", "hasWomenUnion", "hasVeterans", "partyRecommended", "partyAdmitted", "initiatives", "status"`;
const COUNTED = `SELECT ${COUNTED_COLUMNS} FROM "Enterprise" WHERE "erasedAt" IS NULL`;
const SEQ = `SELECT "value" FROM "Counter" WHERE "name" = $1`;
// The time as UTC ISO text, whatever the column's storage (Prisma's ISO text on SQLite, timestamp on PostgreSQL).
const LAST_AT = {
  sqlite: `SELECT strftime('%Y-%m-%dT%H:%M:%fZ', "at") FROM "ChangeLog" ORDER BY "seq" DESC LIMIT 1`,
  postgres: `SELECT to_char("at", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM "ChangeLog" ORDER BY "seq" DESC LIMIT 1`,
};

/** One row of COUNTED_COLUMNS (booleans are 0/1 on SQLite, true/false on PostgreSQL). */
export function counted(r: unknown[]): Counted {
  return {
    districtId: r[0] as number,
    sector: r[1] as string,
    ownership: r[2] as string,
    headcount: r[3] as number,
    unionMembers: r[4] as number,
    hasUnion: Boolean(r[5]),
    hasParty: Boolean(r[6]),
    hasYouthUnion: Boolean(r[7]),
    hasWomenUnion: Boolean(r[8]),
    hasVeterans: Boolean(r[9]),
    partyRecommended: r[10] as number,
    partyAdmitted: r[11] as number,
    initiatives: r[12] as number,
    status: r[13] as string,
  };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function sqliteReader(file: string, { busyTimeoutMs = 10_000, pageSize = 20_000 }: SnapshotOptions): SnapshotReader {
  return async (use) => {
    const db = new Database(file, { fileMustExist: true, timeout: busyTimeoutMs });
    try {
      db.pragma("query_only = ON");
      db.exec("BEGIN"); // the first read below fixes the snapshot the others see
      const seq = (db.prepare(SEQ.replace("$1", "?")).pluck().get(SEQ_COUNTER) as number | undefined) ?? 0;
      const lastAt = db.prepare(LAST_AT.sqlite).pluck().get() as string | undefined;
      // Opened on first use: while it is open the connection runs no other statement (query below).
      let rows: IterableIterator<unknown[]> | undefined;
      async function* pages() {
        const open = (rows = db.prepare(COUNTED).raw().iterate() as IterableIterator<unknown[]>);
        for (;;) {
          const page: Counted[] = [];
          while (page.length < pageSize) {
            const r = open.next();
            if (r.done) break;
            page.push(counted(r.value));
          }
          if (page.length === 0) return;
          yield page;
          await turn(); // other work of this process goes on between pages
        }
      }
      try {
        await use({
          seq,
          lastAt: lastAt ? new Date(lastAt) : null,
          enterprises: pages(),
          query: async (sql, params = []) =>
            db
              .prepare(sql)
              .raw()
              .all(...params) as unknown[][],
        });
      } finally {
        rows?.return?.();
      }
      db.exec("COMMIT");
    } finally {
      db.close();
    }
  };
}

function postgresReader(url: string, { pageSize = 20_000 }: SnapshotOptions): SnapshotReader {
  return async (use) => {
    const client = await (await import("./postgres.ts")).connectPostgres(url); // pg is not loaded on SQLite
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const seq = (await client.query<{ value: number }>(SEQ, [SEQ_COUNTER])).rows[0]?.value ?? 0;
      const lastAt = (await client.query<unknown[]>({ text: LAST_AT.postgres, rowMode: "array" })).rows[0]?.[0];
      await client.query(`DECLARE counted NO SCROLL CURSOR FOR ${COUNTED}`);
      async function* pages() {
        for (;;) {
          const { rows } = await client.query<unknown[]>({ text: `FETCH ${pageSize} FROM counted`, rowMode: "array" });
          if (rows.length === 0) return;
          yield rows.map(counted);
        }
      }
      await use({
        seq,
        lastAt: typeof lastAt === "string" ? new Date(lastAt) : null,
        enterprises: pages(),
        // In a savepoint: a failed read must not abort the transaction the rows are still read in.
        query: async (sql, params = []) => {
          let i = 0;
          const text = sql.replace(/\?/g, () => `$${++i}`);
          await client.query("SAVEPOINT extra");
          try {
            const { rows } = await client.query<unknown[]>({ text, values: params, rowMode: "array" });
            await client.query("RELEASE SAVEPOINT extra");
            return rows;
          } catch (e) {
            await client.query("ROLLBACK TO SAVEPOINT extra");
            throw e;
          }
        },
      });
      await client.query("COMMIT");
    } finally {
      await client.end();
    }
  };
}

/** Reads the state of the database at `url`, on a connection of its own for each rebuild. */
export function snapshotReader(url: string, opts: SnapshotOptions = {}): SnapshotReader {
  return providerOf(url) === "postgres" ? postgresReader(url, opts) : sqliteReader(sqliteFile(url), opts);
}
