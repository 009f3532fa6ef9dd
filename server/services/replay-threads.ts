// Where the replays of ./history-replays.ts run (issue 13 item 6): in query threads with their own
// database connections, so a replay of millions of log entries never holds this process's event
// loop. A worker that cannot start or dies sends every replay of this process to the in-process
// replay (sliced, as before), logged once.
//
// Why a pool of its own, small and first come first served: the history builds' thread
// (./history-worker.ts) runs builds of a minute or more one after another, and a replay queued
// behind one would wait that long. Replays get `threads` threads of their own (2 by default: two
// analysts replaying at once both progress, and on a machine of 2 cores the main thread still gets
// its share; the threads run at a slightly lower priority where the system allows, REPLAY_NICE).
// Replays wait in one queue in the order asked, so a replay waits at most for those asked before
// it, whoever asked them: one analyst asking many cannot push another's back without bound. A
// replay asked while the same one is still queued (not started) shares its answer, which counts
// every write made before either was asked.
import { Worker } from "node:worker_threads";
import { askThread, HISTORY_THREAD_ENTRY, JobFailed } from "./history-thread.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../log.ts";
import { runReplay, type ReplayAnswer, type ReplayJob } from "./history-replays.ts";

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

/** The query threads' niceness on Linux (the main thread's is the process's, usually 0): a weight of
 *  about a third of the main thread's when the cores are contended. */
const REPLAY_NICE = 5;

interface Waiter {
  resolve: (answer: unknown) => void;
  reject: (e: unknown) => void;
}

interface Queued {
  key: string;
  job: ReplayJob;
  /** Who asked this replay and still waits for it. */
  waiters: Waiter[];
}

/** Replays in up to `threads` worker threads on the database at `url`; `entry` is for tests of the
 *  fallback. A thread is started when a replay finds none idle, and kept for the next ones (starting
 *  one costs a second of loading); idle, it does not keep the process alive. */
export function workerReplays(
  db: Db,
  opts: { url: string; log: Logger; threads?: number; entry?: URL },
): HistoryReplays {
  const size = Math.max(1, opts.threads ?? 2);
  const inProcess = inProcessReplays(db);
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  const queue: Queued[] = [];
  let workerWorks = true;
  let closed = false;

  function started(): Worker {
    const w = new Worker(opts.entry ?? HISTORY_THREAD_ENTRY, {
      workerData: { url: opts.url, nice: REPLAY_NICE },
      execArgv: [],
    });
    all.add(w);
    w.on("exit", () => {
      all.delete(w);
      const i = idle.indexOf(w);
      if (i >= 0) idle.splice(i, 1);
    });
    w.on("error", () => {}); // reported to the replay waiting (below); an idle thread's ends it (exit)
    return w;
  }

  function inWorker(w: Worker, job: ReplayJob): Promise<unknown> {
    return askThread(w, job, `the replay thread's ${job.kind}`);
  }

  function settled(q: Queued, answer: unknown): void {
    for (const waiter of q.waiters) waiter.resolve(answer);
  }

  /** Runs one queued replay on a thread (or here, once threads have failed), then the next. */
  async function serve(w: Worker | null, q: Queued): Promise<void> {
    try {
      if (w && workerWorks)
        try {
          settled(q, await inWorker(w, q.job));
          return;
        } catch (e) {
          if (closed || e instanceof JobFailed) throw e;
          if (workerWorks) opts.log.error("replays run in this process from now on: the replay thread failed", e);
          workerWorks = false;
          void w.terminate();
          w = null;
        }
      settled(q, await inProcess.run(q.job));
    } catch (e) {
      for (const waiter of q.waiters) waiter.reject(e);
    } finally {
      if (w && all.has(w)) idle.push(w);
      next();
    }
  }

  /** Starts queued replays while there is a thread (or, after a failure, always: in process). */
  function next(): void {
    while (queue.length > 0 && !closed) {
      if (!workerWorks) {
        void serve(null, queue.shift()!);
        continue;
      }
      const w = idle.pop() ?? (all.size < size ? started() : undefined);
      if (!w) return;
      void serve(w, queue.shift()!);
    }
  }

  return {
    run<J extends ReplayJob>(job: J, signal?: AbortSignal): Promise<ReplayAnswer<J>> {
      if (closed) return Promise.reject(new Error("the replays are closed"));
      if (signal?.aborted) return Promise.reject(signal.reason);
      const key = JSON.stringify(job);
      const answer = new Promise<unknown>((resolve, reject) => {
        let q = queue.find((waiting) => waiting.key === key);
        if (!q) queue.push((q = { key, job, waiters: [] }));
        const waiter = { resolve, reject };
        q.waiters.push(waiter);
        const queued = q;
        signal?.addEventListener(
          "abort",
          () => {
            // Once started, it runs to its end; until then nobody's replay waits behind one nobody wants.
            if (!queue.includes(queued)) return;
            queued.waiters.splice(queued.waiters.indexOf(waiter), 1);
            if (queued.waiters.length === 0) queue.splice(queue.indexOf(queued), 1);
            reject(signal.reason);
          },
          { once: true },
        );
      });
      next();
      return answer as Promise<ReplayAnswer<J>>;
    },
    async close() {
      closed = true;
      for (const q of queue.splice(0))
        for (const waiter of q.waiters) waiter.reject(new Error("the replays are closed"));
      await Promise.all([...all].map((w) => w.terminate()));
    },
  };
}
