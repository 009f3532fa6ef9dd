// Start-up from a checkpoint of the aggregate cells instead of counting every enterprise (issue 13
// item 6: first dashboard ≤ 2 s at 1,000,000). The stored cells are exact at their sequence number;
// within the snapshot's one read transaction each enterprise written since has its state at that
// number (folded from its own log entries, in sequence order) taken out and its row now put in.
// Anything off (no checkpoint, another version, unreadable, ahead of the log, too much written
// since) answers why, and the feed counts from the rows as before. The feed then checks the result
// against a full count in the background (change-feed.ts verify). Writing: at a graceful stop and
// every few minutes while changes arrive, never over a newer checkpoint.
import type { Db } from "../db/database.ts";
import {
  enterprisesWrittenBetween,
  countedNow,
  logUpTo,
  readCheckpoint,
  writeCheckpoint,
} from "../db/checkpoint-queries.ts";
import type { FeedSnapshot } from "../db/snapshot.ts";
import { Aggregates, CELLS_VERSION } from "../domain/aggregates.ts";
import { decodeCells, encodeCells } from "../domain/cells-checkpoint.ts";
import { applyEntry, type PastState } from "../domain/history.ts";
import { yieldToLoop } from "../domain/loop.ts";
import type { Logger } from "../log.ts";
import type { ChangeFeed } from "./change-feed.ts";

export interface CatchUpLimits {
  /** Above this many enterprises written since the checkpoint, counting every row is as quick. */
  maxEnterprises: number;
  /** Above this many log entries since the checkpoint, the same without reading them. */
  maxEntries: number;
}
export const CATCH_UP_LIMITS: CatchUpLimits = { maxEnterprises: 50_000, maxEntries: 500_000 };
/** How long a graceful stop waits for its checkpoint to be written. */
const STOP_WRITE_MS = 3_000;
/** Enterprises folded per read. */
const CHUNK = 500;

/** The cells at snap.seq from the stored checkpoint, or the reason the rows must be counted instead. */
export async function cellsFromCheckpoint(
  snap: FeedSnapshot,
  limits: CatchUpLimits = CATCH_UP_LIMITS,
): Promise<{ aggregates: Aggregates; from: number; enterprises: number } | { reason: string }> {
  const stored = await readCheckpoint(snap.query);
  if (!stored) return { reason: "no checkpoint" };
  if (stored.version !== CELLS_VERSION)
    return { reason: `checkpoint of version ${stored.version}, not ${CELLS_VERSION}` };
  if (stored.seq > snap.seq) return { reason: `checkpoint at seq ${stored.seq}, ahead of the log (${snap.seq})` };
  if (snap.seq - stored.seq > limits.maxEntries)
    return {
      reason: `checkpoint at seq ${stored.seq}, ${snap.seq - stored.seq} changes behind (limit ${limits.maxEntries})`,
    };
  const ids = await enterprisesWrittenBetween(snap.query, stored.seq, snap.seq, limits.maxEnterprises + 1);
  if (ids.length > limits.maxEnterprises)
    return { reason: `more than ${limits.maxEnterprises} enterprises written since the checkpoint` };
  const frozen = decodeCells(stored.cells);
  if (!frozen) return { reason: "checkpoint unreadable" };
  const aggregates = await Aggregates.thaw(frozen);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const logs = await logUpTo(snap.query, chunk, stored.seq);
    const now = await countedNow(snap.query, chunk);
    for (const id of chunk) {
      let then: PastState | undefined;
      for (const entry of logs.get(id) ?? []) then = entry.action === "erase" ? undefined : applyEntry(then, entry);
      aggregates.apply(then, now.get(id));
    }
    await yieldToLoop();
  }
  return { aggregates, from: stored.seq, enterprises: ids.length };
}

/** Writes the feed's cells as a checkpoint every `everyMs` when its seq moved, and once more at stop. */
export function checkpointWriter(db: Db, feed: ChangeFeed, { everyMs, log }: { everyMs: number; log: Logger }) {
  let lastWritten = -1;
  let writing: Promise<boolean> | null = null;

  async function writeNow(): Promise<boolean> {
    const cells = feed.trustedCells();
    if (!cells || cells.seq <= lastWritten) return false;
    const text = encodeCells(cells.frozen);
    const written = await writeCheckpoint(db, { version: CELLS_VERSION, seq: cells.seq, cells: text });
    lastWritten = cells.seq;
    if (written) log.debug(`aggregates checkpoint written at seq ${cells.seq} (${text.length} bytes)`);
    return written;
  }
  const write = () => (writing ??= writeNow().finally(() => (writing = null)));

  const timer = setInterval(() => {
    void write().catch((e: unknown) => log.error("could not write the aggregates checkpoint", e));
  }, everyMs);
  timer.unref();

  return {
    /** Writes now (when the cells are newer than the last written); true when the row was replaced. */
    write,
    /** Stops the timer and writes a last time (a graceful stop); errors are logged, not thrown, and a
     *  database that does not answer within STOP_WRITE_MS does not hold the stop (the next start
     *  catches up from an older checkpoint, or counts the rows). */
    async close(): Promise<void> {
      clearInterval(timer);
      let waited: NodeJS.Timeout | undefined;
      const last = (async () => {
        await writing?.catch(() => false);
        await write();
      })().catch((e: unknown) => log.error("could not write the aggregates checkpoint at stop", e));
      await Promise.race([last, new Promise((resolve) => (waited = setTimeout(resolve, STOP_WRITE_MS)))]);
      clearTimeout(waited);
    },
  };
}
