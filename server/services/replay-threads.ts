// Where the replays of ./history-replays.ts run (issue 13 item 6): in query threads with their own
// database connections, so a replay of millions of log entries never holds this process's event
// loop. A worker that cannot start or dies sends every replay of this process to the in-process
// replay (sliced, as before), logged once.
//
// Why a pool of its own, small and first come first served: the history builds' thread
// (./history-worker.ts) runs builds of a minute or more one after another, and a replay queued
// behind one would wait that long. Replays get `threads` threads of their own (2 by default: two
// analysts replaying at once both progress, and on a machine of 2 cores the main thread still gets
// its share; the threads run at a slightly lower priority where the system allows: ./thread-pool.ts).
// Replays wait in one queue in the order asked, so a replay waits at most for those asked before
// it, whoever asked them: one analyst asking many cannot push another's back without bound. A
// replay asked while the same one is still queued (not started) shares its answer, which counts
// every write made before either was asked.
import type { Worker } from "node:worker_threads";
import { HISTORY_THREAD_ENTRY } from "./history-thread.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../log.ts";
import { runReplay, type ReplayAnswer, type ReplayJob } from "./history-replays.ts";
import { threadPool } from "./thread-pool.ts";

export interface HistoryReplays {
  /** `signal`: the asker has gone (a closed page, a superseded request). A replay still queued is
   *  dropped when all who asked it have gone, and their promises reject with the signal's reason;
   *  one already running goes on (its answer may be shared). */
  run<J extends ReplayJob>(job: J, signal?: AbortSignal): Promise<ReplayAnswer<J>>;
  /** Ends the threads; replays asked afterwards fail. */
  close(): Promise<void>;
}

/** Replays in this process, sliced so live pushes go on (tests, scripts, and the fallback). */
export function inProcessReplays(db: Db): HistoryReplays {
  return { run: (job) => runReplay(db, job), close: async () => {} };
}

interface Waiter {
  resolve: (answer: unknown) => void;
  reject: (e: unknown) => void;
}

interface Queued {
  key: string;
  job: ReplayJob;
  /** Who asked this replay and still waits for it. */
  waiters: Waiter[];
  /** Aborted when every asker has gone: the replay leaves the pool's queue. */
  unwanted: AbortController;
}

/** Replays in up to `threads` worker threads on the database at `url` (./thread-pool.ts); `entry` is
 *  for tests of the fallback. */
export function workerReplays(
  db: Db,
  opts: { url: string; log: Logger; threads?: number; entry?: URL },
): HistoryReplays {
  const inProcess = inProcessReplays(db);
  const pool = threadPool({
    entry: opts.entry ?? HISTORY_THREAD_ENTRY,
    url: opts.url,
    size: opts.threads ?? 2,
    log: opts.log,
    jobs: "replays",
    failure: "replays run in this process from now on: the replay thread failed",
  });
  /** Replays asked and not started yet, by job: the same asked again meanwhile shares the answer. */
  const queued = new Map<string, Queued>();

  /** The replay's answer from `w`, or here once threads have failed. */
  async function replayed(w: Worker | null, job: ReplayJob): Promise<unknown> {
    const got = w && (await pool.ask(w, job, `the replay thread's ${job.kind}`));
    return got ? got.answer : inProcess.run(job);
  }

  /** Runs one queued replay once a thread is free, and answers all who still wait for it. */
  async function serve(q: Queued): Promise<void> {
    try {
      const w = await pool.thread(q.unwanted.signal);
      if (queued.get(q.key) === q) queued.delete(q.key);
      if (q.unwanted.signal.aborted) {
        if (w) pool.release(w); // every asker left as it got its thread
        return;
      }
      const answer = await replayed(w, q.job);
      for (const waiter of q.waiters) waiter.resolve(answer);
    } catch (e) {
      for (const waiter of q.waiters) waiter.reject(e);
    }
  }

  return {
    run<J extends ReplayJob>(job: J, signal?: AbortSignal): Promise<ReplayAnswer<J>> {
      if (pool.closed) return Promise.reject(new Error("the replays are closed"));
      if (signal?.aborted) return Promise.reject(signal.reason);
      const key = JSON.stringify(job);
      let q = queued.get(key);
      if (!q) {
        queued.set(key, (q = { key, job, waiters: [], unwanted: new AbortController() }));
        void serve(q);
      }
      const queuedHere = q;
      const answer = new Promise<unknown>((resolve, reject) => {
        const waiter = { resolve, reject };
        queuedHere.waiters.push(waiter);
        signal?.addEventListener(
          "abort",
          () => {
            // Once started, it runs to its end; until then nobody's replay waits behind one nobody wants.
            if (queued.get(key) !== queuedHere) return;
            queuedHere.waiters.splice(queuedHere.waiters.indexOf(waiter), 1);
            reject(signal.reason);
            if (queuedHere.waiters.length > 0) return;
            queued.delete(key);
            queuedHere.unwanted.abort(signal.reason);
          },
          { once: true },
        );
      });
      return answer as Promise<ReplayAnswer<J>>;
    },
    close: pool.close,
  };
}
