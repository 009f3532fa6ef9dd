// Reads of the change log for rebuilding the past: every entry up to an instant, oldest first,
// in batches so memory holds one batch of rows (plus the replayed state) at a time.
import type { LogEntry } from "../domain/history.ts";
import type { Db } from "./database.ts";

/** Entries accepted strictly before `before`, ordered by time then sequence number. Keyset
 *  paging on (at, seq) keeps each batch an index range read, however deep into the log. */
export async function* changeLogBefore(db: Db, before: Date, batch = 20_000): AsyncGenerator<LogEntry[]> {
  let after: { at: Date; seq: number } | null = null;
  for (;;) {
    const rows: { seq: number; enterpriseId: number; at: Date; action: string; diff: string }[] =
      await db.changeLog.findMany({
        where: after
          ? { at: { lt: before }, OR: [{ at: { gt: after.at } }, { at: after.at, seq: { gt: after.seq } }] }
          : { at: { lt: before } },
        orderBy: [{ at: "asc" }, { seq: "asc" }],
        take: batch,
        select: { seq: true, enterpriseId: true, at: true, action: true, diff: true },
      });
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.at, seq: last.seq };
    yield rows.map((r) => ({
      seq: r.seq,
      enterpriseId: r.enterpriseId,
      at: r.at,
      action: r.action === "create" || r.action === "erase" ? r.action : "update",
      diff: parseDiff(r.diff),
    }));
    if (rows.length < batch) return;
  }
}

function parseDiff(text: string): Record<string, [unknown, unknown]> {
  try {
    const raw: unknown = JSON.parse(text);
    return typeof raw === "object" && raw !== null ? (raw as Record<string, [unknown, unknown]>) : {};
  } catch {
    return {};
  }
}
