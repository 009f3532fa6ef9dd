// Reads of the change log: the latest accepted changes, newest first, with the name and district
// of the enterprise each one touched (as it is now: a later rename shows the new name).
import type { ChangeItem, DiffValue } from "../../contract/changes.ts";
import type { Filter } from "../../contract/filter.ts";
import type { Db } from "./database.ts";
import { whereOf } from "./enterprise-queries.ts";

export async function recentChanges(db: Db, f: Filter, limit: number): Promise<ChangeItem[]> {
  const where = whereOf(f);
  const rows = await db.changeLog.findMany({
    where: Object.keys(where).length ? { enterprise: { is: where } } : {},
    orderBy: { seq: "desc" },
    take: limit,
    select: { seq: true, at: true, enterpriseId: true, action: true, diff: true, enterprise: { select: { name: true, districtId: true } } },
  });
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    enterpriseId: r.enterpriseId,
    enterpriseName: r.enterprise.name,
    districtId: r.enterprise.districtId,
    action: r.action === "create" ? "create" : "update",
    diff: parseDiff(r.diff),
  }));
}

/** The log stores the diff as JSON text written by appendChanges; anything else is dropped, not trusted. */
export function parseDiff(text: string): Record<string, [DiffValue, DiffValue]> {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch { return {}; }
  if (typeof raw !== "object" || raw === null) return {};
  const out: Record<string, [DiffValue, DiffValue]> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!Array.isArray(v) || v.length !== 2) continue;
    const [old, now] = v as unknown[];
    if (isDiffValue(old) && isDiffValue(now)) out[k] = [old, now];
  }
  return out;
}

const isDiffValue = (v: unknown): v is DiffValue => v === null || ["string", "number", "boolean"].includes(typeof v);
