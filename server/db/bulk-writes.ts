// Many enterprises and change-log rows in a few statements, for an import's one transaction.
// The same columns and values the services write through Prisma, in multi-row SQL: Prisma's
// createMany/updateMany cost about 1 ms a row here (20,000 rows: half a minute), these ~0.05 ms.
// The SQL is the common subset of SQLite and PostgreSQL (quoted identifiers, multi-row VALUES,
// INSERT … ON CONFLICT … DO UPDATE … WHERE); only the placeholders differ. Values are always
// bound parameters, never spliced into the text.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Enterprise, EnterpriseFields, Lifecycle } from "../../contract/enterprise.ts";
import { CHANGE_COLUMNS, changeRow, type ChangeEntry, type Tx } from "./change-log.ts";
import type { Provider } from "./database.ts";
import { derivedColumns } from "./records.ts";

/** Rows per statement: 500 × 22 columns stays well under both databases' parameter caps. On SQLite a
 *  statement runs synchronously on the event loop, ~0.1 ms a row: 200 rows hold it some 20-30 ms. On
 *  PostgreSQL it is awaited, and fewer rows would only add round trips. */
const rowsPer = (provider: Provider) => (provider === "sqlite" ? 200 : 500);

/** Between two statements the event loop turns: 20,000 rows written without a turn held every other
 *  request and live push for seconds. The transaction stays open meanwhile; other requests' queries keep
 *  out of it (sqlite-outside-queries.ts). On PostgreSQL the turn adds no round trip. */
const between = (i: number) => (i > 0 ? nextTurn() : undefined);

/** The Enterprise columns every write sets (the id and createdAt aside), in the order of enterpriseValues. */
export const ENTERPRISE_COLUMNS = [
  "taxCode",
  "name",
  "searchText",
  "sortName",
  "districtId",
  "sector",
  "ownership",
  "headcount",
  "unionMembers",
  "hasUnion",
  "hasParty",
  "hasYouthUnion",
  "hasWomenUnion",
  "hasVeterans",
  "partyRecommended",
  "partyAdmitted",
  "initiatives",
  "status",
  "statusDate",
  "density",
  "version",
  "updatedAt",
  "updatedBy",
] as const;

const quoted = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(", ");

function valuesClause(provider: Provider, rows: number, width: number): string {
  let n = 0;
  const one = () => `(${Array.from({ length: width }, () => (provider === "postgres" ? `$${++n}` : "?")).join(", ")})`;
  return Array.from({ length: rows }, one).join(", ");
}

/** One enterprise's values for ENTERPRISE_COLUMNS (dates as Date, flags as booleans). */
export function enterpriseValues(
  e: EnterpriseFields & Partial<Lifecycle>,
  version: number,
  at: Date,
  by: string,
): unknown[] {
  const d = derivedColumns(e);
  return [
    e.taxCode,
    e.name,
    d.searchText,
    d.sortName,
    e.districtId,
    e.sector,
    e.ownership,
    e.headcount,
    e.unionMembers,
    e.hasUnion,
    e.hasParty,
    e.hasYouthUnion,
    e.hasWomenUnion,
    e.hasVeterans,
    e.partyRecommended,
    e.partyAdmitted,
    e.initiatives,
    e.status ?? "ACTIVE",
    e.statusDate ?? null,
    d.density,
    version,
    at,
    by,
  ];
}

/** New enterprises (version 1, created and updated at `at`). Ids are the database's: read them back by tax code. */
export async function insertEnterprises(
  tx: Tx,
  provider: Provider,
  rows: readonly EnterpriseFields[],
  at: Date,
  by: string,
): Promise<void> {
  const cols = [...ENTERPRISE_COLUMNS, "createdAt"];
  for (let i = 0; i < rows.length; i += rowsPer(provider)) {
    await between(i);
    const part = rows.slice(i, i + rowsPer(provider));
    const args = part.flatMap((e) => [...enterpriseValues(e, 1, at, by), at]);
    await tx.$executeRawUnsafe(
      `INSERT INTO "Enterprise" (${quoted(cols)}) VALUES ${valuesClause(provider, part.length, cols.length)}`,
      ...args,
    );
  }
}

/** Each enterprise rewritten with its merged values and version + 1, only if its version is still
 *  `before.version`. Returns false when some row had moved on (the caller rolls back). */
export async function updateEnterprises(
  tx: Tx,
  provider: Provider,
  rows: readonly { before: Enterprise; merged: EnterpriseFields }[],
  at: Date,
  by: string,
): Promise<boolean> {
  const cols = ["id", ...ENTERPRISE_COLUMNS];
  const set = ENTERPRISE_COLUMNS.map((c) => `"${c}" = excluded."${c}"`).join(", ");
  for (let i = 0; i < rows.length; i += rowsPer(provider)) {
    await between(i);
    const part = rows.slice(i, i + rowsPer(provider));
    const args = part.flatMap(({ before, merged }) => [
      before.id,
      ...enterpriseValues(merged, before.version + 1, at, by),
    ]);
    // Every id exists, so each row takes the DO UPDATE branch; the WHERE is the version check.
    const count = await tx.$executeRawUnsafe(
      `INSERT INTO "Enterprise" (${quoted(cols)}) VALUES ${valuesClause(provider, part.length, cols.length)} ` +
        `ON CONFLICT ("id") DO UPDATE SET ${set} WHERE "Enterprise"."version" = excluded."version" - 1`,
      ...args,
    );
    if (count !== part.length) return false;
  }
  return true;
}

/** The change log's rows, as appendChanges writes them (changeRow: every column, diff as JSON text). */
export async function insertChanges(tx: Tx, provider: Provider, entries: readonly ChangeEntry[]): Promise<void> {
  const cols = CHANGE_COLUMNS;
  for (let i = 0; i < entries.length; i += rowsPer(provider)) {
    await between(i);
    const part = entries.slice(i, i + rowsPer(provider));
    const args = part.flatMap((e) => {
      const row = changeRow(e);
      return cols.map((c) => row[c]);
    });
    await tx.$executeRawUnsafe(
      `INSERT INTO "ChangeLog" (${quoted(cols)}) VALUES ${valuesClause(provider, part.length, cols.length)}`,
      ...args,
    );
  }
}
