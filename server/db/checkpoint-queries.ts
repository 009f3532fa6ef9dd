// The stored checkpoint of the aggregate cells (table AggregatesCheckpoint, one row) and what a start
// from it reads to catch up, all inside the snapshot's one read transaction (snapshot.ts query): the
// enterprises written after the checkpoint, their log up to it, and their counted columns now.
import type { Counted } from "../domain/figures.ts";
import type { LogEntry } from "../domain/history.ts";
import type { Db } from "./database.ts";
import { parseLogDiff } from "./history-queries.ts";
import { counted, COUNTED_COLUMNS, type FeedSnapshot } from "./snapshot.ts";

type Query = FeedSnapshot["query"];

export interface StoredCheckpoint {
  version: number;
  seq: number;
  cells: string;
}

export async function readCheckpoint(query: Query): Promise<StoredCheckpoint | null> {
  const [row] = await query(`SELECT "version", "seq", "cells" FROM "AggregatesCheckpoint" WHERE "id" = 1`);
  if (!row) return null;
  return { version: Number(row[0]), seq: Number(row[1]), cells: String(row[2]) };
}

/** The enterprises with an entry after `after` up to `upTo`, at most `limit` of them (one more tells "too many"). */
export async function enterprisesWrittenBetween(query: Query, after: number, upTo: number, limit: number) {
  const rows = await query(`SELECT DISTINCT "enterpriseId" FROM "ChangeLog" WHERE "seq" > ? AND "seq" <= ? LIMIT ?`, [
    after,
    upTo,
    limit,
  ]);
  return rows.map((r) => Number(r[0]));
}

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** Each enterprise's entries up to sequence number `upTo`, in sequence order (the order they were
 *  applied to its record). Only what applyEntry reads is filled in. */
export async function logUpTo(query: Query, ids: readonly number[], upTo: number): Promise<Map<number, LogEntry[]>> {
  const rows = await query(
    `SELECT "enterpriseId", "seq", "action", "diff" FROM "ChangeLog"
     WHERE "enterpriseId" IN (${marks(ids.length)}) AND "seq" <= ? ORDER BY "enterpriseId", "seq"`,
    [...ids, upTo],
  );
  const out = new Map<number, LogEntry[]>();
  for (const [id, seq, action, diff] of rows) {
    const enterpriseId = Number(id);
    let entries = out.get(enterpriseId);
    if (!entries) out.set(enterpriseId, (entries = []));
    entries.push({
      seq: Number(seq),
      enterpriseId,
      at: new Date(0),
      action: action === "create" || action === "erase" ? action : "update",
      diff: parseLogDiff(String(diff)),
    });
  }
  return out;
}

/** The counted columns of these enterprises now (erased ones are absent). */
export async function countedNow(query: Query, ids: readonly number[]): Promise<Map<number, Counted>> {
  const rows = await query(
    `SELECT "id", ${COUNTED_COLUMNS} FROM "Enterprise" WHERE "erasedAt" IS NULL AND "id" IN (${marks(ids.length)})`,
    [...ids],
  );
  return new Map(rows.map((r) => [Number(r[0]), counted(r.slice(1))]));
}

/** Stores the cells as of `seq`, unless the stored ones are as new or newer (another process's, of the
 *  same version); a newer version is never replaced by an older one. True when written. */
export async function writeCheckpoint(db: Db, c: StoredCheckpoint, at = new Date()): Promise<boolean> {
  const n = await db.$executeRaw`
    INSERT INTO "AggregatesCheckpoint" ("id", "version", "seq", "cells", "writtenAt")
    VALUES (1, ${c.version}, ${c.seq}, ${c.cells}, ${at})
    ON CONFLICT ("id") DO UPDATE SET "version" = excluded."version", "seq" = excluded."seq",
      "cells" = excluded."cells", "writtenAt" = excluded."writtenAt"
    WHERE excluded."version" > "AggregatesCheckpoint"."version"
      OR (excluded."version" = "AggregatesCheckpoint"."version" AND excluded."seq" > "AggregatesCheckpoint"."seq")`;
  return n > 0;
}
