// Reporting completeness (GET /api/completeness and its CSV): which units' enterprises were updated
// lately, with the units that have gone quiet marked. One grouped query over the last 90 days; a
// second only for units with nothing in that window, to say when they last reported at all.
import {
  QUIET_BELOW_SHARE,
  RECENT_DAYS,
  WINDOW_DAYS,
  type Completeness,
  type CompletenessFigures,
  type UnitCompleteness,
} from "../../contract/completeness.ts";
import { csvField } from "../../contract/csv-field.ts";
import { UNIT_KINDS, type UnitKind } from "../../contract/units.ts";
import { completenessOf, totalOf, windowStarts, type UpdateCounts } from "../domain/completeness.ts";
import { requireExport, requireRead, type Actor } from "../domain/rights.ts";
import { lastUpdateOf, updatesByUnit, type CompletenessFilter } from "../db/completeness-queries.ts";
import type { Db } from "../db/database.ts";

const NONE: UpdateCounts = { enterprises: 0, updated30: 0, updated90: 0, lastUpdate: null };

const CSV_COLUMNS: readonly { header: string; value: (f: CompletenessFigures) => string | number | null }[] = [
  { header: "Số doanh nghiệp đang hoạt động", value: (f) => f.enterprises },
  { header: `Cập nhật trong ${RECENT_DAYS} ngày`, value: (f) => f.updated30 },
  { header: `Tỷ lệ cập nhật ${RECENT_DAYS} ngày`, value: (f) => f.share30 },
  { header: `Cập nhật trong ${WINDOW_DAYS} ngày`, value: (f) => f.updated90 },
  { header: `Tỷ lệ cập nhật ${WINDOW_DAYS} ngày`, value: (f) => f.share90 },
  { header: "Lần cập nhật gần nhất", value: (f) => f.lastUpdate },
  {
    header: "Tình trạng",
    value: (f) => (f.enterprises === 0 ? "Không có doanh nghiệp" : f.quiet ? "Lâu không cập nhật" : "Có cập nhật"),
  },
];

/** The table for a filter, read from the database now (what the bench measures). */
export async function readCompleteness(db: Db, f: CompletenessFilter, now: Date): Promise<Completeness> {
  const { since30, since90 } = windowStarts(now, RECENT_DAYS, WINDOW_DAYS);
  const counts = await updatesByUnit(db, f, since30, since90);
  const silent = [...counts].filter(([, c]) => c.lastUpdate === null).map(([id]) => id);
  for (const [id, last] of await lastUpdateOf(db, f, silent)) counts.get(id)!.lastUpdate = last;

  const units = await db.district.findMany({
    where: f.district?.length ? { id: { in: f.district } } : {},
    select: { id: true, code: true, name: true, kind: true, active: true },
    orderBy: { code: "asc" },
  });
  const rows: UnitCompleteness[] = units
    .filter((u) => u.active || counts.has(u.id))
    .map((u) => ({
      districtId: u.id,
      code: u.code,
      name: u.name,
      kind: (UNIT_KINDS as readonly string[]).includes(u.kind) ? (u.kind as UnitKind) : "DISTRICT",
      ...completenessOf(counts.get(u.id) ?? NONE, now),
    }));
  return {
    generatedAt: now.toISOString(),
    recentDays: RECENT_DAYS,
    windowDays: WINDOW_DAYS,
    quietBelowShare: QUIET_BELOW_SHARE,
    units: rows,
    total: completenessOf(totalOf([...counts.values()]), now),
  };
}

/** Every open page reloads the panel a few seconds after the same live batch: answers this fresh are
 *  shared, so a room of dashboards costs one query per filter. A page's reload comes REFRESH_MS (5 s)
 *  after the batch that caused it, so a shared answer always includes that batch. */
const SHARED_FOR_MS = 2_000;

export function completenessService(db: Db) {
  const shared = new Map<string, { at: number; answer: Promise<Completeness> }>();
  function sharedRead(f: CompletenessFilter): Promise<Completeness> {
    const now = Date.now();
    for (const [k, v] of shared) if (now - v.at >= SHARED_FOR_MS) shared.delete(k);
    const key = JSON.stringify([f.district, f.ownership, f.nonState, f.sector]);
    const hit = shared.get(key);
    if (hit) return hit.answer;
    const answer = readCompleteness(db, f, new Date(now));
    shared.set(key, { at: now, answer });
    answer.catch(() => shared.delete(key));
    return answer;
  }

  return {
    async read(by: Actor, f: CompletenessFilter): Promise<Completeness> {
      requireRead(by);
      return sharedRead(f);
    },

    /** The same table as CSV (UTF-8 with a BOM, Vietnamese headers, the province last), read afresh:
     *  a download is rare and should hold what was just done. */
    async csv(by: Actor, f: CompletenessFilter, now = new Date()): Promise<string> {
      requireExport(by);
      const c = await readCompleteness(db, f, now);
      const line = (cells: (string | number | null)[]) => cells.map(csvField).join(",");
      const lines = [
        line(["Mã đơn vị", "Tên đơn vị", ...CSV_COLUMNS.map((col) => col.header)]),
        ...c.units.map((u) => line([u.code, u.name, ...CSV_COLUMNS.map((col) => col.value(u))])),
        line(["", "Toàn tỉnh", ...CSV_COLUMNS.map((col) => col.value(c.total))]),
      ];
      return `\uFEFF${lines.join("\r\n")}\r\n`;
    },
  };
}
export type CompletenessService = ReturnType<typeof completenessService>;
