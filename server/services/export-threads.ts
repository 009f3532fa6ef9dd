// Where the CSV and xlsx exports are made (issue 13 item 6): in export threads with their own database
// connections, so reading a million rows through Prisma (synchronous with SQLite), formatting them
// and zipping the xlsx never hold this process's event loop; the file comes to the response as it is
// made (./port-stream.ts). A thread that cannot start or dies sends every export of this process to
// the in-process export (sliced, as before), logged once.
//
// Why a pool of their own, of 2 by default (EXPORT_THREADS): an export of the whole province runs
// for minutes (an xlsx of 1,000,000 rows), so in the replays' threads it would make trends wait that
// long; and an export queued behind another waits as long, with a download that does not start. Two
// let two analysts download at once; more would share the same cores (2 on the machines we run on)
// while each holds a connection and exceljs' memory, so a third waits in the queue, in the order
// asked. The threads run a little below the main thread, as the replays' do (./thread-pool.ts).
import type { Writable } from "node:stream";
import { MessageChannel, type Worker } from "node:worker_threads";
import type { Filter } from "../../contract/filter.ts";
import type { Actor } from "../domain/rights.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../log.ts";
import { DownloadCancelled, exportService, type ExportService } from "./export.ts";
import { pipeFromPort, StreamCancelled } from "./port-stream.ts";
import { threadPool } from "./thread-pool.ts";

export interface ExportJob {
  format: "csv" | "xlsx";
  by: Actor;
  filter: Filter;
  sort: string;
}

/** The script an export thread starts with: from the TypeScript source it registers tsx first; in
 *  the bundle (scripts/build-server.ts) the job is an entry point of its own beside main.js. */
const EXPORT_THREAD_ENTRY = import.meta.url.endsWith(".ts")
  ? new URL("../worker/export-entry.mjs", import.meta.url)
  : new URL("./export-job.js", import.meta.url);

export type ThreadedExports = ExportService & {
  /** Ends the threads; an export under way is cut short. */
  close(): Promise<void>;
};

/** Exports in up to `threads` worker threads on the database at `url` (./thread-pool.ts); `entry` is
 *  for tests of the fallback. */
export function workerExports(
  db: Db,
  opts: { url: string; log: Logger; threads?: number; entry?: URL },
): ThreadedExports {
  const inProcess = exportService(db);
  const pool = threadPool({
    entry: opts.entry ?? EXPORT_THREAD_ENTRY,
    url: opts.url,
    size: opts.threads ?? 2,
    log: opts.log,
    jobs: "exports",
    failure: "exports run in this process from now on: the export thread failed",
  });

  /** A thread for one export, or null: exports run here (threads failed). Gives up when `out` closes. */
  async function thread(out: Writable): Promise<Worker | null> {
    const unwanted = new AbortController();
    const gone = () => unwanted.abort(new DownloadCancelled());
    out.once("close", gone);
    try {
      return await pool.thread(unwanted.signal);
    } finally {
      out.off("close", gone);
    }
  }

  /** Runs the export on `w`, writing to `out`; `w` is free again once the thread says so, which after
   *  a cancelled download is as soon as the export there notices. */
  async function inThread(w: Worker, job: ExportJob, out: Writable): Promise<void> {
    const { port1, port2 } = new MessageChannel();
    const pipe = pipeFromPort(port1, out);
    let lost = false;
    const ended = (e: unknown) => {
      lost = true;
      pipe.lost(e instanceof Error ? e : new Error(String(e)));
    };
    const onExit = (code: number) => ended(new Error(`the export thread stopped (exit code ${code})`));
    const settle = () => {
      w.off("message", onFree).off("error", ended).off("exit", onExit);
      w.unref();
    };
    const onFree = () => {
      settle();
      pool.release(w);
    };
    w.on("message", onFree).on("error", ended).on("exit", onExit);
    w.ref();
    w.postMessage({ job, port: port2 }, [port2]);
    try {
      await pipe.done;
    } catch (e) {
      if (e instanceof StreamCancelled) throw new DownloadCancelled();
      if (!lost || pool.closed) throw e;
      settle();
      pool.failed(w, e);
      // Before its first byte the export can still be made here; after, the download is cut short.
      if (pipe.received()) throw e;
      return inProcess[job.format](job.by, job.filter, job.sort, out);
    }
  }

  async function run(job: ExportJob, out: Writable): Promise<void> {
    inProcess.check(job.by);
    const w = await thread(out);
    if (w) return inThread(w, job, out);
    return inProcess[job.format](job.by, job.filter, job.sort, out);
  }

  return {
    check: inProcess.check,
    csv: (by, filter, sort, out) => run({ format: "csv", by, filter, sort }, out),
    xlsx: (by, filter, sort, out) => run({ format: "xlsx", by, filter, sort }, out),
    close: pool.close,
  };
}
