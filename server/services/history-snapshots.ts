// Keeps the monthly snapshots (server/domain/snapshots.ts) of this process in memory and up to date:
// built from the log in a worker thread (./history-worker.ts) shortly after start or on the first
// trend asked for, then caught up before each use with the entries written since (by any process:
// read from the log by sequence number). A fact entered late (dated before the latest fact applied)
// invalidates them: they are rebuilt from the log (in the worker too), one build shared by every
// reader waiting. Nothing is stored: the log stays the only truth.
import type { Db } from "../db/database.ts";
import { changeLogAfterSeq } from "../db/history-queries.ts";
import { yieldToLoop } from "../domain/history.ts";
import type { MonthlySnapshots } from "../domain/snapshots.ts";
import { inProcessBuilds, type HistoryBuilds } from "./history-worker.ts";

/** `builds`: where the one-off builds run (server/services/history-worker.ts); in this process unless given. */
export function historySnapshots(db: Db, builds: HistoryBuilds = inProcessBuilds(db)) {
  let snapshots: MonthlySnapshots | null = null;
  let pending: Promise<MonthlySnapshots> | null = null;
  const build = () => builds.snapshots();

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
