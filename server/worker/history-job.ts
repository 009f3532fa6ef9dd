// The history worker threads (issue 13 item 6): on its own connection to the database, each runs the
// jobs it is sent, one at a time, and posts each answer back: the one-off builds of
// server/services/history-builds.ts (their arrays transferred), in the builds' thread
// (server/services/history-worker.ts), the replays of server/services/history-replays.ts, in the
// query threads (server/services/replay-threads.ts), and the import's dry runs, in their own thread
// (server/services/dry-run-threads.ts). A thread lives as long as the server's process.
import { parentPort, workerData } from "node:worker_threads";
import { niceThisThread } from "./thread-priority.ts";
import { openDatabase, type Db } from "../db/database.ts";
import { buildLedger, buildSnapshots, postLedger, postSnapshots } from "../services/history-builds.ts";
import type { HistoryJob } from "../services/history-worker.ts";
import { runReplay, type ReplayJob } from "../services/history-replays.ts";
import { dryRunPosted, type DryRunJob } from "../services/dry-run-threads.ts";

const { url, nice } = workerData as { url: string; nice?: number };
let db: Db | null = null;

// A query thread runs a little below the main thread (./thread-priority.ts); the builds' thread keeps
// the process's priority.
if (nice) niceThisThread(nice);

async function run(job: HistoryJob | ReplayJob | DryRunJob): Promise<{ message: unknown; transfer: ArrayBuffer[] }> {
  // SQLite in WAL reads beside the server's writes; PostgreSQL gets a tiny pool of its own.
  db ??= (await openDatabase(url, { poolSize: 2 })).db;
  switch (job.kind) {
    case "ledger":
      return postLedger(await buildLedger(db, job.view));
    case "snapshots":
      return postSnapshots(await buildSnapshots(db));
    case "importDryRun":
      return dryRunPosted(db, job);
    default:
      return { message: await runReplay(db, job), transfer: [] };
  }
}

parentPort!.on("message", (job: HistoryJob | ReplayJob | DryRunJob) => {
  run(job).then(
    ({ message, transfer }) => parentPort!.postMessage({ ok: message }, transfer),
    (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
