// Reads and writes of wall display tokens (stored by the digest of the token), named by what they answer.
import type { Db } from "./database.ts";

export const displayTokenByHash = (db: Db, tokenHash: string) => db.displayToken.findUnique({ where: { tokenHash } });

export const displayTokenById = (db: Db, id: number) => db.displayToken.findUnique({ where: { id } });

export const displayTokensInOrder = (db: Db) => db.displayToken.findMany({ orderBy: { id: "asc" } });

export const insertDisplayToken = (db: Db, t: { tokenHash: string; label: string; createdBy: number }) =>
  db.displayToken.create({ data: t });

export const markDisplayTokenRevoked = (db: Db, id: number) =>
  db.displayToken.update({ where: { id }, data: { revokedAt: new Date() } });
