// Keeps the monthly snapshots (server/domain/snapshots.ts) of this process in memory and up to date:
// built from the log on the first trend asked for (in slices, so live pushes go on), then caught up
// before each use with the entries written since (by any process: read from the log by sequence
// number). A fact entered late (dated before the latest fact applied) invalidates them: they are
// rebuilt from the log on the next use. Nothing is stored: the log stays the only truth.
import { currentSeq } from "../db/change-log.ts";
import type { Db } from "../db/database.ts";
import { changeLogBefore, changeLogAfterSeq } from "../db/history-queries.ts";
import { yieldToLoop } from "../domain/history.ts";
import { MonthlySnapshots } from "../domain/snapshots.ts";

const SLICE_MS = 8;
/** Far enough ahead that every fact (never dated in the future) is read. */
const END_OF_TIME = new Date(Date.UTC(9999, 0, 1));

export function historySnapshots(db: Db) {
  let snapshots: MonthlySnapshots | null = null;
  let pending: Promise<MonthlySnapshots> | null = null;

  async function build(): Promise<MonthlySnapshots> {
    const head = await currentSeq(db);
    const built = new MonthlySnapshots();
    let sliceStart = performance.now();
    for await (const batch of changeLogBefore(db, END_OF_TIME))
      for (let i = 0; i < batch.length; i++) {
        const entry = batch[i]!;
        // Entries after `head` are applied by the catch-up, in sequence order.
        if (entry.seq <= head) built.apply(entry);
        // Every 256 entries and at each batch's end (the time of the read that follows counts too).
        if (((i & 255) === 255 || i === batch.length - 1) && performance.now() - sliceStart > SLICE_MS) {
          await yieldToLoop();
          sliceStart = performance.now();
        }
      }
    built.lastSeq = head;
    return built;
  }

  /** Applies the entries written since; false when one was dated before the facts applied. */
  async function catchUp(s: MonthlySnapshots): Promise<boolean> {
    for await (const batch of changeLogAfterSeq(db, s.lastSeq)) {
      for (const entry of batch) if (!s.apply(entry)) return false;
      await yieldToLoop(); // SQLite reads are synchronous: let live pushes run between batches
    }
    return true;
  }

  async function current(): Promise<MonthlySnapshots> {
    let s = snapshots ?? (await build());
    if (!(await catchUp(s))) {
      s = await build();
      await catchUp(s);
    }
    snapshots = s;
    return s;
  }

  return {
    /** The snapshots with every accepted change applied; concurrent callers share one build. */
    ready(): Promise<MonthlySnapshots> {
      pending ??= current().finally(() => (pending = null));
      return pending;
    },
  };
}
export type HistorySnapshots = ReturnType<typeof historySnapshots>;
