// What the history threads share: the builds' (./history-worker.ts), the replays'
// (./replay-threads.ts) and the import dry runs' (./dry-run-threads.ts) start from the same script
// and answer one job at a time.
import type { Worker } from "node:worker_threads";

/** The script a history thread starts with. From the TypeScript source the thread must register tsx
 *  before loading the job (history-entry.mjs); in the bundle (scripts/build-server.ts) every module is
 *  main.js, and the job is an entry point of its own beside it. */
export const HISTORY_THREAD_ENTRY = import.meta.url.endsWith(".ts")
  ? new URL("../worker/history-entry.mjs", import.meta.url)
  : new URL("./history-job.js", import.meta.url);

/** A job the thread itself reported as failed (the database, say): not a reason to stop using threads. */
export class JobFailed extends Error {}

/** Posts `job` to the thread `w` and waits for its one answer. `what` names the thread and the job in
 *  errors; `transfer`, what of the job is handed over rather than copied. The thread keeps this
 *  process alive only while it works. */
export function askThread<T>(w: Worker, job: unknown, what: string, transfer: readonly ArrayBuffer[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      w.off("message", onMessage).off("error", onError).off("exit", onExit);
      w.unref();
    };
    const onMessage = (m: { ok?: T; error?: string }) => {
      settle();
      if (m.error === undefined) resolve(m.ok as T);
      else reject(new JobFailed(`${what} failed: ${m.error}`));
    };
    const onError = (e: unknown) => {
      settle();
      reject(e);
    };
    const onExit = (code: number) => {
      settle();
      reject(new Error(`${what} stopped (exit code ${code}) before its answer`));
    };
    w.on("message", onMessage).on("error", onError).on("exit", onExit);
    w.ref();
    w.postMessage(job, transfer);
  });
}
