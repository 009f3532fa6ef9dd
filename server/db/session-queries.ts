// Reads and writes of login sessions (stored by the digest of their secret), named by what they answer.
import type { Db } from "./database.ts";
import { USER_SELECT } from "./user-queries.ts";

export const insertSession = (db: Db, s: { id: string; userId: number; at: Date; expiresAt: Date }) =>
  db.session.create({
    data: { id: s.id, userId: s.userId, createdAt: s.at, lastSeenAt: s.at, expiresAt: s.expiresAt },
  });

export const deleteSession = (db: Db, id: string) => db.session.deleteMany({ where: { id } });

/** Every session of a user but `except` (the one he is using), if given. */
export const deleteSessionsOf = (db: Db, userId: number, except?: string) =>
  db.session.deleteMany({ where: { userId, ...(except ? { id: { not: except } } : {}) } });

export const sessionWithUser = (db: Db, id: string) =>
  db.session.findUnique({
    where: { id },
    select: { createdAt: true, expiresAt: true, lastSeenAt: true, user: { select: USER_SELECT } },
  });

export const touchSession = (db: Db, id: string, lastSeenAt: Date, expiresAt: Date) =>
  db.session.updateMany({ where: { id }, data: { lastSeenAt, expiresAt } });
