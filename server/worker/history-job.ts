// The history worker thread (issue 13 item 6): on its own connection to the database, runs each build
// of server/services/history-builds.ts it is sent, one at a time, and posts it back with its arrays
// transferred. It lives as long as the server's process (server/services/history-worker.ts).
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase, type Db } from "../db/database.ts";
import { buildLedger, buildSnapshots, postLedger, postSnapshots } from "../services/history-builds.ts";
import type { HistoryJob } from "../services/history-worker.ts";

const { url } = workerData as { url: string };
let db: Db | null = null;

async function run(job: HistoryJob) {
  // SQLite in WAL reads beside the server's writes; PostgreSQL gets a tiny pool of its own.
  db ??= (await openDatabase(url, { poolSize: 2 })).db;
  return job.kind === "ledger" ? postLedger(await buildLedger(db, job.view)) : postSnapshots(await buildSnapshots(db));
}

parentPort!.on("message", (job: HistoryJob) => {
  run(job).then(
    ({ message, transfer }) => parentPort!.postMessage({ ok: message }, transfer),
    (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
