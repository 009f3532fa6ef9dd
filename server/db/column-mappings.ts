// Each account's answers to "what does this column of your sheet hold?" (table ImportColumnMapping),
// keyed by the header without accents, case or punctuation: read at every dry run, written when the
// person maps columns on the dry-run page.
import type { ColumnTarget } from "../../contract/import-fields.ts";
import type { Db } from "./database.ts";

export async function columnMappingsOf(db: Db, userId: number): Promise<Map<string, ColumnTarget>> {
  const rows = await db.importColumnMapping.findMany({ where: { userId }, select: { header: true, field: true } });
  return new Map(rows.map((r) => [r.header, r.field as ColumnTarget]));
}

/** An account keeps its newest mappings up to this many: enough for every sheet an office keeps. */
const KEEP = 300;

/** Adds or replaces these headers' mappings for the account; its others stay (the newest KEEP). */
export async function rememberColumnMappings(
  db: Db,
  userId: number,
  mapping: ReadonlyMap<string, ColumnTarget>,
  now = new Date(),
): Promise<void> {
  if (mapping.size === 0) return;
  await db.$transaction(
    [...mapping].map(([header, field]) =>
      db.importColumnMapping.upsert({
        where: { userId_header: { userId, header } },
        create: { userId, header, field, updatedAt: now },
        update: { field, updatedAt: now },
      }),
    ),
  );
  const old = await db.importColumnMapping.findMany({
    where: { userId },
    orderBy: { updatedAt: "desc" },
    skip: KEEP,
    select: { header: true },
  });
  if (old.length)
    await db.importColumnMapping.deleteMany({ where: { userId, header: { in: old.map((o) => o.header) } } });
}
