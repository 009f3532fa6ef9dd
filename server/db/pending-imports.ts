// Dry runs waiting to be applied, kept in the database (table PendingImport) so any process can
// apply what another one checked. Generic over the kind of sheet ("units", "enterprises"): the body
// is the plan as JSON, read back only by its owner, before it expires.
import { randomUUID } from "node:crypto";
import type { Db } from "./database.ts";

export type PendingKind = "enterprises" | "units" | "targets";

export async function savePending(
  db: Db,
  kind: PendingKind,
  userId: number,
  body: unknown,
  ttlMs: number,
  now = new Date(),
): Promise<{ id: string; expiresAt: Date }> {
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + ttlMs);
  // Expired plans are swept as new ones arrive: no timer, nothing to forget.
  await db.pendingImport.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.pendingImport.create({ data: { id, kind, userId, body: JSON.stringify(body), createdAt: now, expiresAt } });
  return { id, expiresAt };
}

/** The plan `id` of this kind made by this user and not expired, or null. */
export async function findPending(
  db: Db,
  id: string,
  kind: PendingKind,
  userId: number,
  now = new Date(),
): Promise<unknown> {
  const row = await db.pendingImport.findUnique({ where: { id } });
  if (!row || row.kind !== kind || row.userId !== userId || row.expiresAt <= now) return null;
  try {
    return JSON.parse(row.body) as unknown;
  } catch {
    return null;
  }
}

/** Deletes a plan once applied (inside the applying transaction, so it is applied at most once). */
export async function deletePending(db: Pick<Db, "pendingImport">, id: string): Promise<boolean> {
  const { count } = await db.pendingImport.deleteMany({ where: { id } });
  return count === 1;
}

/** Forgets every plan of this kind a user has (a new dry run replaces the last: one per user). */
export async function deletePendingOf(db: Db, kind: PendingKind, userId: number): Promise<void> {
  await db.pendingImport.deleteMany({ where: { kind, userId } });
}
