// What the query threads (replays, exports, import dry runs: ./replay-threads.ts, ./export-threads.ts,
// ./dry-run-threads.ts) share: up to `size` worker threads on their own database connections, started
// when first needed and kept for the next jobs (starting one costs a second of loading), handed out in
// the order asked; and, once a thread cannot start or dies, every job of this process in this process
// from then on, said once in the log. What a job does with its thread is its module's own.
import { Worker } from "node:worker_threads";
import type { Logger } from "../log.ts";
import { askThread, JobFailed } from "./history-thread.ts";

/** The query threads' niceness on Linux: 5 steps nicer than the main thread (live pushes, requests),
 *  whatever the process's own (server/worker/thread-priority.ts), a weight of about a third of the
 *  main thread's when the cores are contended. */
const QUERY_THREAD_NICE = 5;

export interface ThreadPool {
  /** A free thread for one job, or null: threads have failed, the job runs in this process. Waits in
   *  the order asked; `signal` leaves the queue (the promise rejects with its reason). */
  thread(signal?: AbortSignal): Promise<Worker | null>;
  /** `w` has finished its job and is free for the next. */
  release(w: Worker): void;
  /** `w` could not start or died (`e`): every job runs in this process from now on. */
  failed(w: Worker, e: unknown): void;
  /** `job`'s one answer from `w` (./history-thread.ts), `w` free again afterwards; null when the thread
   *  was lost (failed: the caller runs this job, and every later one, in this process). A job the
   *  thread reported as failed (JobFailed), or any failure once the pool is closed, is thrown. */
  ask<T>(w: Worker, job: unknown, what: string, transfer?: readonly ArrayBuffer[]): Promise<{ answer: T } | null>;
  /** `w` has answered a job through ask: it runs (a thread that never started has not). */
  hasAnswered(w: Worker): boolean;
  readonly closed: boolean;
  /** Ends the threads; jobs waiting, and asked afterwards, fail. */
  close(): Promise<void>;
}

/** Threads started from `entry` on the database at `url`. `jobs` names them in errors ("the replays
 *  are closed"); `failure` is what the log says once when a thread fails. */
export function threadPool(opts: {
  entry: URL;
  url: string;
  size: number;
  log: Logger;
  jobs: string;
  failure: string;
}): ThreadPool {
  const size = Math.max(1, opts.size);
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  /** Jobs waiting for a thread, in the order asked. */
  const queue: { take: (w: Worker | null) => void; fail: (e: unknown) => void }[] = [];
  const answered = new WeakSet<Worker>();
  let threadsWork = true;
  let closed = false;

  function started(): Worker {
    const w = new Worker(opts.entry, { workerData: { url: opts.url, nice: QUERY_THREAD_NICE }, execArgv: [] });
    all.add(w);
    w.on("exit", () => {
      all.delete(w);
      const i = idle.indexOf(w);
      if (i >= 0) idle.splice(i, 1);
    });
    w.on("error", () => {}); // reported to the job under way (its module); an idle thread's ends it (exit)
    w.unref(); // a job refs its thread while it works: idle, it does not keep the process alive
    return w;
  }

  /** Hands free threads to waiting jobs; after a failure, every waiting job runs here (null). */
  function next(): void {
    while (queue.length > 0 && !closed) {
      const w = !threadsWork ? null : (idle.pop() ?? (all.size < size ? started() : undefined));
      if (w === undefined) return;
      queue.shift()!.take(w);
    }
  }

  function release(w: Worker): void {
    if (!closed && all.has(w)) idle.push(w); // not one that has ended meanwhile
    next();
  }

  function failed(w: Worker, e: unknown): void {
    if (threadsWork) opts.log.error(opts.failure, e);
    threadsWork = false;
    void w.terminate();
    next();
  }

  return {
    thread(signal) {
      if (closed) return Promise.reject(new Error(`the ${opts.jobs} are closed`));
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const left = () => {
          queue.splice(queue.indexOf(waiting), 1);
          reject(signal!.reason);
        };
        const waiting = {
          take: (w: Worker | null) => {
            signal?.removeEventListener("abort", left);
            resolve(w);
          },
          fail: (e: unknown) => {
            signal?.removeEventListener("abort", left);
            reject(e);
          },
        };
        signal?.addEventListener("abort", left, { once: true });
        queue.push(waiting);
        next();
      });
    },
    release,
    failed,
    hasAnswered: (w) => answered.has(w),
    async ask<T>(w: Worker, job: unknown, what: string, transfer: readonly ArrayBuffer[] = []) {
      try {
        const answer = await askThread<T>(w, job, what, transfer);
        answered.add(w); // before the next job can be given it
        release(w);
        return { answer };
      } catch (e) {
        if (closed || e instanceof JobFailed) {
          release(w);
          throw e;
        }
        failed(w, e);
        return null;
      }
    },
    get closed() {
      return closed;
    },
    async close() {
      closed = true;
      for (const waiting of queue.splice(0)) waiting.fail(new Error(`the ${opts.jobs} are closed`));
      await Promise.all([...all].map((w) => w.terminate()));
    },
  };
}
