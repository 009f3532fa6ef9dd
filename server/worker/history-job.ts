// The history worker thread's job (issue 13 item 6): opens its own connection to the database, runs
// one build of server/services/history-builds.ts, posts it back with its arrays transferred, and ends.
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../db/database.ts";
import { buildLedger, buildSnapshots, postLedger, postSnapshots } from "../services/history-builds.ts";
import type { HistoryJob } from "../services/history-worker.ts";

const { url, job } = workerData as { url: string; job: HistoryJob };
// SQLite in WAL reads beside the server's writes; PostgreSQL gets a tiny pool of its own.
const { db } = await openDatabase(url, { poolSize: 2 });
try {
  const { message, transfer } =
    job.kind === "ledger" ? postLedger(await buildLedger(db, job.view)) : postSnapshots(await buildSnapshots(db));
  parentPort!.postMessage({ ok: message }, transfer);
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
} finally {
  await db.$disconnect();
}
