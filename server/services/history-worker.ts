// Where the history builds run (issue 13 item 6): in a worker thread with its own database
// connection, so a build of a minute or more at a million enterprises never holds this process's
// event loop, and its result arrives as transferred arrays. One build at a time, in one thread kept
// for them (the machine's cores are for requests and live pushes too). A worker that cannot start or dies sends every build of this
// process to the in-process build in slices (./history-builds.ts), logged once.
import { Worker } from "node:worker_threads";
import { askThread, HISTORY_THREAD_ENTRY, JobFailed } from "./history-thread.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../log.ts";
import { MonthlySnapshots } from "../domain/snapshots.ts";
import type { UnitsView } from "../../contract/units.ts";
import { buildLedger, buildSnapshots, ledgerFromPost, type BuiltLedger, type PostedBuild } from "./history-builds.ts";

export type HistoryJob = { kind: "ledger"; view: UnitsView } | { kind: "snapshots" };

export interface HistoryBuilds {
  ledger(view: UnitsView): Promise<BuiltLedger>;
  snapshots(): Promise<MonthlySnapshots>;
  /** Ends a build under way; no build starts afterwards. */
  close(): Promise<void>;
}

/** Builds in this process, in slices (tests, scripts, and the fallback). */
export function inProcessBuilds(db: Db): HistoryBuilds {
  return { ledger: (view) => buildLedger(db, view), snapshots: () => buildSnapshots(db), close: async () => {} };
}

/** Builds in a worker thread on the database at `url`; `entry` is for tests of the fallback. The
 *  thread is started on the first build and kept for the next ones: a thread that ends after a build
 *  of a million enterprises makes this one wait seconds while its heap is torn down (measured: 4.4 s
 *  at 100,000 on a loaded machine), and starting one costs a second of loading. Idle, it holds
 *  nothing but its memory until V8 returns it, and does not keep the process alive. */
export function workerBuilds(db: Db, opts: { url: string; log: Logger; entry?: URL }): HistoryBuilds {
  const inProcess = inProcessBuilds(db);
  let workerWorks = true;
  let closed = false;
  let thread: Worker | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  function started(): Worker {
    if (thread) return thread;
    const w = new Worker(opts.entry ?? HISTORY_THREAD_ENTRY, { workerData: { url: opts.url }, execArgv: [] });
    w.on("exit", () => {
      if (thread === w) thread = null;
    });
    w.on("error", () => {}); // reported to the build waiting (below); an idle thread's is seen at the next
    return (thread = w);
  }

  async function inWorker(job: HistoryJob): Promise<PostedBuild> {
    return askThread<PostedBuild>(started(), job, `the history worker's ${job.kind} build`);
  }

  /** Runs one build after the others: in the worker while it works, else in this process. */
  function build<T>(job: HistoryJob, here: () => Promise<T>, from: (p: PostedBuild) => T | Promise<T>): Promise<T> {
    const run = queue.then(async () => {
      if (closed) throw new Error("the history builds are closed");
      if (workerWorks)
        try {
          return await from(await inWorker(job));
        } catch (e) {
          if (closed || e instanceof JobFailed) throw e;
          workerWorks = false;
          opts.log.error("history builds run in this process from now on: the worker thread failed", e);
        }
      return here();
    });
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    ledger: (view) =>
      build(
        { kind: "ledger", view },
        () => inProcess.ledger(view),
        (p) => ledgerFromPost(expect(p, "ledger")),
      ),
    snapshots: () =>
      build(
        { kind: "snapshots" },
        () => inProcess.snapshots(),
        (p) => MonthlySnapshots.received(expect(p, "snapshots").snapshots),
      ),
    async close() {
      closed = true;
      await thread?.terminate();
    },
  };
}

function expect<K extends PostedBuild["kind"]>(p: PostedBuild, kind: K): Extract<PostedBuild, { kind: K }> {
  if (p.kind !== kind) throw new Error(`the history worker answered a ${p.kind} build for a ${kind} one`);
  return p as Extract<PostedBuild, { kind: K }>;
}
