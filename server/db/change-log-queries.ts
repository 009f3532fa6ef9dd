// Reads of the audit trail: one enterprise's history, and the whole log filtered by user,
// district (the enterprise's current one) and time, newest first.
import { CHANGE_SOURCES, type ChangeLogEntry } from "../../contract/change-log.ts";
import type { Db } from "./database.ts";
import { parseDiff } from "./change-queries.ts";

export interface LogFilter {
  enterpriseId?: number;
  userId?: number;
  districtId?: number;
  from?: Date;
  to?: Date;
}

export async function changeLogPage(db: Db, f: LogFilter, page: number, pageSize: number): Promise<{ items: ChangeLogEntry[]; total: number }> {
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
      select: { seq: true, at: true, enterpriseId: true, action: true, diff: true, actor: true, actorUserId: true, source: true, enterprise: { select: { name: true, districtId: true } } },
    }),
    db.changeLog.count({ where }),
  ]);
  const items = rows.map((r): ChangeLogEntry => ({
    seq: r.seq,
    at: r.at.toISOString(),
    enterpriseId: r.enterpriseId,
    enterpriseName: r.enterprise.name,
    districtId: r.enterprise.districtId,
    action: r.action === "create" ? "create" : "update",
    diff: parseDiff(r.diff),
    actor: r.actor,
    actorUserId: r.actorUserId,
    source: (CHANGE_SOURCES as readonly string[]).includes(r.source) ? (r.source as ChangeLogEntry["source"]) : "api",
  }));
  return { items, total };
}
