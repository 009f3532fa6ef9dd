// Reads of the change log for rebuilding the past: every entry whose fact happened up to a day, in
// fact order, in batches so memory holds one batch of rows (plus the replayed state) at a time.
import { dayOf } from "../domain/calendar.ts";
import type { LogEntry } from "../domain/history.ts";
import type { Db } from "./database.ts";

/** Entries whose fact happened before `before` (a day's end in Viet Nam), ordered by fact date then
 *  sequence number. Keyset paging on the row value (factDate, seq) keeps each batch an index range
 *  read on ChangeLog_factDate_seq_idx, however deep into the log (Prisma's OR form made SQLite scan);
 *  batches are small (1,000 rows) because a SQLite read holds the event loop while it runs. Rows from before fact dates existed
 *  were given the day of their `at` by the migration that added the column. */
export async function* changeLogBefore(db: Db, before: Date, batch = 1_000): AsyncGenerator<LogEntry[]> {
  const lastDay = dayOf(new Date(before.getTime() - 1));
  let after = { factDate: "", seq: 0 };
  for (;;) {
    const rows: RawRow[] = await db.$queryRaw`
      SELECT "seq", "enterpriseId", "at", "factDate", "action", "diff" FROM "ChangeLog"
      WHERE ("factDate", "seq") > (${after.factDate}, ${after.seq}) AND "factDate" <= ${lastDay}
      ORDER BY "factDate", "seq" LIMIT ${batch}`;
    if (rows.length === 0) return;
    const entries = rows.map((r) =>
      toEntry({ ...r, seq: Number(r.seq), enterpriseId: Number(r.enterpriseId), at: new Date(r.at) }),
    );
    const last = entries[entries.length - 1]!;
    after = { factDate: last.factDate!, seq: last.seq };
    yield entries;
    if (rows.length < batch) return;
  }
}

interface RawRow {
  seq: number | bigint;
  enterpriseId: number | bigint;
  at: Date | string;
  factDate: string | null;
  action: string;
  diff: string;
}

/** Entries with a sequence number above `seq`, in sequence order (what was written since). */
export async function* changeLogAfterSeq(db: Db, seq: number, batch = 2_000): AsyncGenerator<LogEntry[]> {
  let after = seq;
  for (;;) {
    const rows = await db.changeLog.findMany({
      where: { seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: batch,
      select: { seq: true, enterpriseId: true, at: true, factDate: true, action: true, diff: true },
    });
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.seq;
    yield rows.map(toEntry);
    if (rows.length < batch) return;
  }
}

/** Every entry of the given enterprises up to sequence number `upToSeq`, each enterprise's in fact
 *  order (factDate, seq): what one enterprise's past is folded from. */
export async function changeLogOfEnterprises(
  db: Db,
  enterpriseIds: readonly number[],
  upToSeq: number,
): Promise<Map<number, LogEntry[]>> {
  const rows = await db.changeLog.findMany({
    where: { enterpriseId: { in: [...enterpriseIds] }, seq: { lte: upToSeq } },
    select: { seq: true, enterpriseId: true, at: true, factDate: true, action: true, diff: true },
  });
  const out = new Map<number, LogEntry[]>(enterpriseIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.enterpriseId)?.push(toEntry(r));
  for (const entries of out.values())
    entries.sort((a, b) => (a.factDate! < b.factDate! ? -1 : a.factDate! > b.factDate! ? 1 : a.seq - b.seq));
  return out;
}

function toEntry(r: {
  seq: number;
  enterpriseId: number;
  at: Date;
  factDate: string | null;
  action: string;
  diff: string;
}): LogEntry {
  return {
    seq: r.seq,
    enterpriseId: r.enterpriseId,
    at: r.at,
    factDate: r.factDate ?? dayOf(r.at),
    action: r.action === "create" || r.action === "erase" ? r.action : "update",
    diff: parseLogDiff(r.diff),
  };
}

/** A log entry's diff as stored, unchecked (history folds read millions: change-log-queries.ts's
 *  checked parseDiff is for what the API shows). Unreadable text reads as no change. */
export function parseLogDiff(text: string): Record<string, [unknown, unknown]> {
  try {
    const raw: unknown = JSON.parse(text);
    return typeof raw === "object" && raw !== null ? (raw as Record<string, [unknown, unknown]>) : {};
  } catch {
    return {};
  }
}
