// The append-only change log and the gapless sequence numbers it is keyed by.
import { dayOf } from "../domain/calendar.ts";
import type { Db } from "./database.ts";

/** A Prisma transaction client (what $transaction hands its callback). */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const SEQ_COUNTER = "changeSeq";

/** Reserves n sequence numbers and returns the first. Inside the writing transaction the
 *  counter row stays locked until commit, so commit order is sequence order. */
export async function reserveSeq(tx: Tx, n: number): Promise<number> {
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

export async function appendChanges(tx: Tx, entries: ChangeEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.changeLog.createMany({
    data: entries.map((e) => ({ ...e, factDate: e.factDate ?? dayOf(e.at), diff: JSON.stringify(e.diff) })),
  });
}

export async function lastChangeAt(db: Db): Promise<Date | null> {
  const last = await db.changeLog.findFirst({ orderBy: { seq: "desc" }, select: { at: true } });
  return last?.at ?? null;
}
