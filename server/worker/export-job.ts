// An export thread (issue 13 item 6; server/services/export-threads.ts): on its own connection to the
// database, it runs the CSV and xlsx exports of server/services/export.ts, one at a time, the same
// code as in the server's process, writing each file to the MessagePort it came with
// (server/services/port-stream.ts). After each job, whatever its end, it says "free" on parentPort.
import { finished } from "node:stream/promises";
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { openDatabase, type Db } from "../db/database.ts";
import { DownloadCancelled, exportService } from "../services/export.ts";
import type { ExportJob } from "../services/export-threads.ts";
import { portWriter, type FromThread } from "../services/port-stream.ts";
import { niceThisThread } from "./thread-priority.ts";

const { url, nice } = workerData as { url: string; nice: number };
let db: Db | null = null;

niceThisThread(nice);

async function run(job: ExportJob, port: MessagePort): Promise<FromThread> {
  const out = portWriter(port);
  try {
    // SQLite in WAL reads beside the server's writes; PostgreSQL gets a connection of its own (an
    // export reads one page after the other).
    db ??= (await openDatabase(url, { poolSize: 1 })).db;
    await exportService(db)[job.format](job.by, job.filter, job.sort, out);
    await finished(out); // every chunk sent, none waiting for credit
    return { end: true };
  } catch (e) {
    if (e instanceof DownloadCancelled || out.destroyed) return { error: "cancelled", cancelled: true };
    return { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  } finally {
    out.destroy();
  }
}

parentPort!.on("message", ({ job, port }: { job: ExportJob; port: MessagePort }) => {
  void run(job, port).then((last) => {
    port.postMessage(last);
    port.close();
    parentPort!.postMessage("free");
  });
});
