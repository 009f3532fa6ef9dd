// The units' own append-only change log (create, update, merge, split, retire), and the merges
// "as now" follows to map a retired unit onto the unit that took its enterprises.
import type { UnitAction, UnitHistoryEntry } from "../../contract/units.ts";
import { UNIT_ACTIONS } from "../../contract/units.ts";
import type { Tx } from "./change-log.ts";
import type { Db } from "./database.ts";

export interface UnitChangeEntry {
  districtId: number;
  at: Date;
  actor: string;
  actorUserId: number | null;
  action: UnitAction;
  diff: Record<string, unknown>;
}

export async function appendUnitChanges(tx: Tx, entries: UnitChangeEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.unitChange.createMany({ data: entries.map((e) => ({ ...e, diff: JSON.stringify(e.diff) })) });
}

export async function unitHistory(db: Db, districtId: number): Promise<UnitHistoryEntry[]> {
  const rows = await db.unitChange.findMany({ where: { districtId }, orderBy: { id: "asc" } });
  return rows.map((r) => ({
    at: r.at.toISOString(),
    actor: r.actor,
    action: (UNIT_ACTIONS as readonly string[]).includes(r.action) ? (r.action as UnitAction) : "update",
    diff: parseObject(r.diff),
  }));
}

/** Every recorded merge of a unit into another, oldest first (from the retired unit's "merge" entry). */
export async function mergeSuccessions(db: Db): Promise<{ from: number; into: number }[]> {
  const rows = await db.unitChange.findMany({
    where: { action: "merge" },
    orderBy: { id: "asc" },
    select: { districtId: true, diff: true },
  });
  const out: { from: number; into: number }[] = [];
  for (const r of rows) {
    const into = parseObject(r.diff).into;
    if (typeof into === "number" && into !== r.districtId) out.push({ from: r.districtId, into });
  }
  return out;
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
