// SQLite picks an index by its statistics (sqlite_stat1). Without them it takes any equality filter
// (ownership IN … for the non-state selection) over the sort key's index and sorts the whole
// selection for every page of the table or of an export: seconds on the event loop at 1,000,000.
// They are gathered for the enterprise table only (the change log's reads were tuned without them)
// on a connection of its own in a worker thread, so the loop is not held, from at most
// ANALYSIS_LIMIT entries of each index: ANALYZE holds the write lock while it runs, and a sample
// keeps that short (edits wait, they do not fail). Then the server's connection reloads them.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Db } from "./database.ts";

const ANALYSIS_LIMIT = 20_000;
const WORKER = `
const { workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const c = new Database(workerData.file, { timeout: workerData.timeoutMs });
try { c.exec("PRAGMA analysis_limit = " + workerData.limit + "; ANALYZE Enterprise"); } finally { c.close(); }
`;

/** Brings the planner's statistics of the SQLite file up to date; `db` is the server's client on it,
 *  reloaded only if still `open()` (a query on a closed Prisma client would open it again). */
export async function refreshPlannerStats(
  db: Db,
  file: string,
  { timeoutMs = 10_000, open = () => true }: { timeoutMs?: number; open?: () => boolean } = {},
): Promise<void> {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { driver, file, timeoutMs, limit: ANALYSIS_LIMIT } });
    // A process that stops meanwhile does not wait: SQLite rolls the unfinished statistics back.
    worker.unref();
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`planner statistics: exit ${code}`))));
  });
  if (open()) await db.$executeRawUnsafe("ANALYZE sqlite_schema");
}
