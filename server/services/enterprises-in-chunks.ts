// Enterprises read by id or tax code in chunks, for the import's dry run and its apply.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Enterprise } from "../../contract/enterprise.ts";
import type { Db } from "../db/database.ts";
import type { Tx } from "../db/change-log.ts";
import { enterprisesByKey } from "../db/enterprise-queries.ts";

/** Reads by id or tax code in chunks: SQLite and PostgreSQL both cap the parameters of one query. */
export const CHUNK = 500;
export async function enterprisesWhere(
  db: Db | Tx,
  key: "id" | "taxCode",
  values: (number | string)[],
): Promise<Enterprise[]> {
  const out: Enterprise[] = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    if (i > 0) await nextTurn(); // 20,000 rows are 40 reads: other requests go between them
    const part = values.slice(i, i + CHUNK);
    out.push(...(await enterprisesByKey(db, key, part)));
  }
  return out;
}
