// The row locks a PostgreSQL writer of several enterprises (an import's apply, a merge, a split) takes
// before anything else, so that every writer takes its locks in one order: enterprise rows by ascending
// id, then the sequence counter last (reserveSeq), after which it only appends to the change log. An
// edit is the one-row case of the same order (its UPDATE, then the counter), so no two writers can
// each hold what the other waits for: PostgreSQL has no deadlock to break (docs/scale-out.md). A new
// row's unique tax code is the one wait outside that order: a writer claims it before the counter and
// waits for whoever claimed it first, who never waits for the first one's rows. What is left is two
// imports at once that both register the same two new tax codes, in opposite orders: one answers 503.
// FOR NO KEY UPDATE is the lock the UPDATE itself takes: it does not block the KEY SHARE lock another
// transaction's change-log row takes on its enterprise (the foreign key). SQLite has one writer at a
// time and no row locks: its writers read as before.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Enterprise } from "../../contract/enterprise.ts";
import type { Tx } from "./change-log.ts";
import type { EnterpriseRow } from "./database.ts";
// Prisma.join is a value (the other imports are types): taken from the generated client as enterprise-writes.ts does.
import { Prisma } from "./generated/sqlite/client.ts";
import { toEnterprise } from "./records.ts";

/** Ids per locking statement (PostgreSQL caps a statement's parameters). */
const SLICE = 500;

/** The enterprises with these ids (erased ones too), locked until the transaction ends, read as locked:
 *  a row another writer holds is waited for and read as that writer committed it. Locked in ascending
 *  id order, in slices with a turn of the event loop between two (20,000 rows are 40 statements). */
export async function lockedEnterprises(tx: Tx, ids: readonly number[]): Promise<Enterprise[]> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const out: Enterprise[] = [];
  for (let i = 0; i < sorted.length; i += SLICE) {
    if (i > 0) await nextTurn();
    const rows = await tx.$queryRaw<EnterpriseRow[]>`
      SELECT * FROM "Enterprise" WHERE "id" IN (${Prisma.join(sorted.slice(i, i + SLICE))})
      ORDER BY "id" FOR NO KEY UPDATE`;
    out.push(...rows.map(toEnterprise));
  }
  return out;
}

/** The enterprises (not erased) of these units that are not in unit `to` yet, whole, locked as
 *  lockedEnterprises locks them (one statement: ORDER BY comes before the lock, so in id order). A row
 *  an edit moves out of these units while this waits for it is left out, as the edit committed it. */
export function lockedEnterprisesOfUnits(tx: Tx, unitIds: readonly number[], to: number): Promise<EnterpriseRow[]> {
  return tx.$queryRaw<EnterpriseRow[]>`
    SELECT * FROM "Enterprise"
    WHERE "districtId" IN (${Prisma.join([...unitIds])}) AND "erasedAt" IS NULL AND "districtId" <> ${to}
    ORDER BY "id" FOR NO KEY UPDATE`;
}

/** The ids of the unit's enterprises (not erased), locked as lockedEnterprises locks them: a split
 *  locks every row it may move before it creates its first part. */
export async function lockedIdsOfUnit(tx: Tx, id: number): Promise<number[]> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    SELECT "id" FROM "Enterprise" WHERE "districtId" = ${id} AND "erasedAt" IS NULL
    ORDER BY "id" FOR NO KEY UPDATE`;
  return rows.map((r) => r.id);
}
