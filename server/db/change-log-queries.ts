// Reads of the change log: the latest changes (wall ticker), one enterprise's history, and the
// administrator's browse by user, district (the enterprise's current one) and time; newest first.
// Each entry carries the name and district of the enterprise as it is now.
import type { ChangeItem, DiffValue } from "../../contract/changes.ts";
import { CHANGE_SOURCES, CLAIMED_SOURCES, type ChangeLogEntry } from "../../contract/change-log.ts";
import type { Filter } from "../../contract/filter.ts";
import { dayOf } from "../domain/calendar.ts";
import type { Tx } from "./change-log.ts";
import type { Db } from "./database.ts";
import { whereOf } from "./enterprise-queries.ts";

export interface LogFilter {
  enterpriseId?: number;
  userId?: number;
  districtId?: number;
  from?: Date;
  to?: Date;
}

const entrySelect = {
  seq: true,
  at: true,
  enterpriseId: true,
  action: true,
  diff: true,
  actor: true,
  actorUserId: true,
  source: true,
  claimedSource: true,
  enterprise: { select: { name: true, districtId: true } },
} as const;

interface EntryRow {
  seq: number;
  at: Date;
  enterpriseId: number;
  action: string;
  diff: string;
  actor: string;
  actorUserId: number | null;
  source: string;
  claimedSource: string | null;
  enterprise: { name: string; districtId: number };
}

function itemOf(r: EntryRow): ChangeItem {
  return {
    seq: r.seq,
    at: r.at.toISOString(),
    enterpriseId: r.enterpriseId,
    enterpriseName: r.enterprise.name,
    districtId: r.enterprise.districtId,
    action: r.action === "create" || r.action === "erase" ? r.action : "update",
    diff: parseDiff(r.diff),
  };
}

/** The latest changes to enterprises matching f (the wall's ticker). */
export async function recentChanges(db: Db, f: Filter, limit: number): Promise<ChangeItem[]> {
  const where = whereOf(f);
  // Without a filter (only the erased-record condition) skip the join: the ticker reads the newest rows.
  const filtered = Array.isArray(where.AND) && where.AND.length > 1;
  const rows = await db.changeLog.findMany({
    where: filtered ? { enterprise: { is: where } } : {},
    orderBy: { seq: "desc" },
    take: limit,
    select: entrySelect,
  });
  return rows.map(itemOf);
}

/** The enterprises this account changed last, newest first (the officer's quick way back to them);
 *  erased records left out. Reads at most `scan` of the account's latest log rows. */
export async function recentlyChangedBy(db: Db, userId: number, limit: number, scan = 500): Promise<number[]> {
  const rows = await db.changeLog.findMany({
    where: { actorUserId: userId },
    orderBy: { seq: "desc" },
    take: scan,
    select: { enterpriseId: true },
  });
  return [...new Set(rows.map((r) => r.enterpriseId))].slice(0, limit);
}

export async function changeLogPage(
  db: Db,
  f: LogFilter,
  page: number,
  pageSize: number,
): Promise<{ items: ChangeLogEntry[]; total: number }> {
  const where = {
    ...(f.enterpriseId !== undefined ? { enterpriseId: f.enterpriseId } : {}),
    ...(f.userId !== undefined ? { actorUserId: f.userId } : {}),
    ...(f.districtId !== undefined ? { enterprise: { is: { districtId: f.districtId } } } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.changeLog.findMany({
      where,
      orderBy: { seq: "desc" },
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: entrySelect,
    }),
    db.changeLog.count({ where }),
  ]);
  const items = rows.map((r): ChangeLogEntry => ({
    ...itemOf(r),
    actor: r.actor,
    actorUserId: r.actorUserId,
    source: (CHANGE_SOURCES as readonly string[]).includes(r.source) ? (r.source as ChangeLogEntry["source"]) : "api",
    claimedSource: (CLAIMED_SOURCES as readonly string[]).includes(r.claimedSource ?? "")
      ? (r.claimedSource as ChangeLogEntry["claimedSource"])
      : null,
  }));
  return { items, total };
}

/** The log stores the diff as JSON text written by appendChanges; anything else is dropped, not trusted. */
/** The update entries of these enterprises, newest first: each with its enterprise and raw diff. */
export const updateDiffsOf = (db: Db, enterpriseIds: number[]) =>
  db.changeLog.findMany({
    where: { enterpriseId: { in: enterpriseIds }, action: "update" },
    orderBy: { seq: "desc" },
    select: { enterpriseId: true, diff: true },
  });

export function parseDiff(text: string): Record<string, [DiffValue, DiffValue]> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
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

/** The day an enterprise's record began: the fact date of its create entry (the day it was entered,
 *  on rows from before fact dates); null when the log has none. */
export async function recordStartOf(db: Db | Tx, enterpriseId: number): Promise<string | null> {
  const created = await db.changeLog.findFirst({
    where: { enterpriseId, action: "create" },
    orderBy: { seq: "asc" },
    select: { factDate: true, at: true },
  });
  return created ? (created.factDate ?? dayOf(created.at)) : null;
}
