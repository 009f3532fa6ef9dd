// Reporting completeness from the change log by grouped SQL over a time window: per unit, its active
// enterprises and how many of them had an accepted change entered since each window start. A reorganisation
// (a merge or split moving enterprises) is the federation's act, not a unit's report: left out.
import { NON_STATE } from "../../contract/codes.ts";
import type { UpdateCounts } from "../domain/completeness.ts";
import type { Db } from "./database.ts";
import { Prisma } from "./generated/sqlite/client.ts";

/** The change sources that are not a report by the unit (contract/change-log.ts names them all). */
export const NOT_A_REPORT = "reorganisation";

export interface CompletenessFilter {
  district?: number[];
  ownership?: string[];
  nonState?: boolean;
  sector?: string[];
}

/** The enterprises counted: active (not ceased, not erased) and matching the dashboard's filters. */
function enterpriseConditions(f: CompletenessFilter): Prisma.Sql {
  const and = [Prisma.sql`e."erasedAt" IS NULL`, Prisma.sql`e."status" = 'ACTIVE'`];
  if (f.district?.length) and.push(Prisma.sql`e."districtId" IN (${Prisma.join(f.district)})`);
  if (f.ownership?.length) and.push(Prisma.sql`e."ownership" IN (${Prisma.join(f.ownership)})`);
  if (f.nonState) and.push(Prisma.sql`e."ownership" IN (${Prisma.join([...NON_STATE])})`);
  if (f.sector?.length) and.push(Prisma.sql`e."sector" IN (${Prisma.join(f.sector)})`);
  return Prisma.join(and, " AND ");
}

/** SQLite hands back the stored ISO text, PostgreSQL a Date; counts may come as bigint or text. */
const instant = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string | Date));
const int = (v: unknown) => Number(v ?? 0);

/** Per unit holding counted enterprises: how many, how many were updated since `since30` and since
 *  `since90`, and the latest update since `since90` (null when none). Two grouped reads, no replay:
 *  the enterprises counted from Enterprise_districtId_status_erasedAt_idx alone, and the window of
 *  the change log from ChangeLog_at_enterpriseId_source_idx alone, one row per enterprise updated,
 *  each looked up by its id. The unary + on enterpriseId keeps SQLite from walking the whole log in
 *  enterprise order to save the grouping's sort (its choice without statistics, 3× slower at 100,000
 *  enterprises); PostgreSQL plans it the same either way. */
export async function updatesByUnit(
  db: Db,
  f: CompletenessFilter,
  since30: Date,
  since90: Date,
): Promise<Map<number, UpdateCounts>> {
  const where = enterpriseConditions(f);
  const counted = await db.$queryRaw<{ districtId: unknown; enterprises: unknown }[]>`
    SELECT e."districtId" AS "districtId", COUNT(*) AS "enterprises" FROM "Enterprise" e
    WHERE ${where} GROUP BY e."districtId"`;
  const updated = await db.$queryRaw<{ districtId: unknown; updated30: unknown; updated90: unknown; last: unknown }[]>`
    SELECT e."districtId" AS "districtId",
           SUM(CASE WHEN r."last" >= ${since30} THEN 1 ELSE 0 END) AS "updated30",
           COUNT(*) AS "updated90",
           MAX(r."last") AS "last"
    FROM (
      SELECT +"enterpriseId" AS "enterpriseId", MAX("at") AS "last" FROM "ChangeLog"
      WHERE "at" >= ${since90} AND "source" <> ${NOT_A_REPORT}
      GROUP BY +"enterpriseId"
    ) r JOIN "Enterprise" e ON e."id" = r."enterpriseId"
    WHERE ${where}
    GROUP BY e."districtId"`;
  const out = new Map<number, UpdateCounts>(
    counted.map((r) => [
      int(r.districtId),
      { enterprises: int(r.enterprises), updated30: 0, updated90: 0, lastUpdate: null },
    ]),
  );
  for (const r of updated) {
    const unit = out.get(int(r.districtId));
    if (!unit) continue; // an enterprise counted in the window but not above: changed between the two reads
    unit.updated30 = Math.min(unit.enterprises, int(r.updated30));
    unit.updated90 = Math.min(unit.enterprises, int(r.updated90));
    unit.lastUpdate = instant(r.last);
  }
  return out;
}

/** The latest update ever entered for the counted enterprises of these units, by unit: for the units
 *  with none in the window. Reads their enterprises' log through ChangeLog_enterpriseId_seq_idx, so
 *  it costs the history of those (quiet) units only. */
export async function lastUpdateOf(db: Db, f: CompletenessFilter, districtIds: number[]): Promise<Map<number, Date>> {
  if (districtIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ districtId: unknown; last: unknown }[]>`
    SELECT e."districtId" AS "districtId", MAX(c."at") AS "last"
    FROM "Enterprise" e JOIN "ChangeLog" c ON c."enterpriseId" = e."id"
    WHERE ${enterpriseConditions({ ...f, district: districtIds })} AND c."source" <> ${NOT_A_REPORT}
    GROUP BY e."districtId"`;
  const out = new Map<number, Date>();
  for (const r of rows) {
    const last = instant(r.last);
    if (last) out.set(int(r.districtId), last);
  }
  return out;
}
