// The append-only change log and the gapless sequence numbers it is keyed by.
import { dayOf } from "../domain/calendar.ts";
import type { Db, Prisma } from "./database.ts";

/** A Prisma transaction client (what $transaction hands its callback). */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const SEQ_COUNTER = "changeSeq";

/** Reserves n sequence numbers and returns the first. Inside the writing transaction the
 *  counter row stays locked until commit, so commit order is sequence order. */
export async function reserveSeq(tx: Tx, n: number): Promise<number> {
  // One statement (SQLite ≥ 3.35 and PostgreSQL both have RETURNING), and a raw one: the hot path of
  // every edit. The upsert is only for a database whose counter row is not there yet.
  const rows = await tx.$queryRaw<{ value: number | bigint }[]>`
    UPDATE "Counter" SET "value" = "value" + ${n} WHERE "name" = ${SEQ_COUNTER} RETURNING "value"`;
  if (rows.length) return Number(rows[0]!.value) - n + 1;
  const c = await tx.counter.upsert({
    where: { name: SEQ_COUNTER },
    create: { name: SEQ_COUNTER, value: n },
    update: { value: { increment: n } },
  });
  return c.value - n + 1;
}

export async function currentSeq(db: Db | Tx): Promise<number> {
  const c = await db.counter.findUnique({ where: { name: SEQ_COUNTER } });
  return c?.value ?? 0;
}

export interface ChangeEntry {
  seq: number;
  enterpriseId: number;
  at: Date;
  /** The day the fact happened (YYYY-MM-DD, Viet Nam); default the day of `at`. */
  factDate?: string;
  actor: string;
  /** The account behind the change; null for the seed. */
  actorUserId?: number | null;
  source: string;
  /** What the client said it was (X-Change-Source); null or absent when it said nothing. */
  claimedSource?: string | null;
  action: "create" | "update" | "erase";
  /** field → [old, new]; old is null on create. */
  diff: Record<string, [unknown, unknown]>;
}

/** A ChangeLog row: every column of the model, none optional. */
type ChangeLogRow = Required<Prisma.ChangeLogCreateManyInput>;

/** A change entry as its ChangeLog row, the diff as JSON text. Typed as every column of the model, so a
 *  column added to the model and not written here does not compile; both raw INSERTs take their column
 *  list from it (here and bulk-writes.ts). */
export function changeRow(e: ChangeEntry): ChangeLogRow {
  return {
    seq: e.seq,
    enterpriseId: e.enterpriseId,
    at: e.at,
    factDate: e.factDate ?? dayOf(e.at),
    actor: e.actor,
    actorUserId: e.actorUserId ?? null,
    source: e.source,
    claimedSource: e.claimedSource ?? null,
    action: e.action,
    diff: JSON.stringify(e.diff),
  };
}

/** The ChangeLog columns in the order changeRow writes them. */
export const CHANGE_COLUMNS = Object.keys(
  changeRow({ seq: 0, enterpriseId: 0, at: new Date(0), actor: "", source: "", action: "create", diff: {} }),
) as (keyof ChangeLogRow)[];

/** INSERT of one row as the parts of a tagged template (Prisma puts each provider's placeholders
 *  between them): built once from CHANGE_COLUMNS. */
const INSERT_ONE: TemplateStringsArray = (() => {
  const parts = [
    `INSERT INTO "ChangeLog" (${CHANGE_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (`,
    ...CHANGE_COLUMNS.slice(1).map(() => ", "),
    ")",
  ];
  return Object.assign(parts, { raw: [...parts] });
})();

export async function appendChanges(tx: Tx, entries: ChangeEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (entries.length === 1) {
    // One edit, the common case: a raw INSERT costs a fraction of createMany's CPU.
    const row = changeRow(entries[0]!);
    await tx.$executeRaw(INSERT_ONE, ...CHANGE_COLUMNS.map((c) => row[c]));
    return;
  }
  await tx.changeLog.createMany({ data: entries.map(changeRow) });
}

export async function lastChangeAt(db: Db): Promise<Date | null> {
  const last = await db.changeLog.findFirst({ orderBy: { seq: "desc" }, select: { at: true } });
  return last?.at ?? null;
}
