// SQLite picks an index by its statistics (sqlite_stat1). Without them it takes any equality filter
// (ownership IN … for the non-state selection) over the sort key's index and sorts the whole
// selection for every page of an export: seconds on the event loop at 1,000,000. They are gathered
// for the enterprise table only (the change log's reads were tuned without them), from at most
// ANALYSIS_LIMIT entries of each index, at start before the server listens (on its own connection:
// another writer would make a request's transaction that read before it fail to write after it),
// and again only once the table has grown or shrunk by half since. Not after listening: an ordinary
// restart does not gather them (its check reads two rows), and when a start must (a new or bulk-loaded
// file: 0.8 s at 1,000,000) better-sqlite3 holds the event loop meanwhile, so the first dashboard
// would wait behind it anyway, and an export planned before it would sort the whole selection.
import type { Db } from "./database.ts";

const ANALYSIS_LIMIT = 20_000;

/** The rows the statistics were gathered over and the rows there are now (by the highest id). */
async function rowsThenAndNow(db: Db): Promise<{ then: number | null; now: number }> {
  const [stat] = await db
    .$queryRawUnsafe<{ stat: string }[]>(`SELECT stat FROM sqlite_stat1 WHERE tbl = 'Enterprise' LIMIT 1`)
    .catch(() => []); // no sqlite_stat1 before the first ANALYZE
  // Answered from the primary key's last entry. Prisma's aggregate({ _max }) wraps MAX in a subquery
  // that reads every row: 0.5–0.9 s of every start at 1,000,000 enterprises.
  const [max] = await db.$queryRawUnsafe<{ id: number | bigint | null }[]>(
    `SELECT MAX("id") AS "id" FROM "Enterprise"`,
  );
  return { then: stat ? Number(stat.stat.split(" ")[0]) : null, now: Number(max?.id ?? 0) };
}

/** Gathers the enterprise table's planner statistics when missing or stale; true if it did. */
export async function refreshPlannerStats(db: Db): Promise<boolean> {
  const { then, now } = await rowsThenAndNow(db);
  if (then !== null && now <= then * 1.5 && now >= then / 1.5) return false;
  await db.$executeRawUnsafe(`PRAGMA analysis_limit = ${ANALYSIS_LIMIT}`);
  await db.$executeRawUnsafe(`ANALYZE "Enterprise"`);
  return true;
}
