// The audit trail as use cases: anyone who reads sees an enterprise's history; only an
// administrator browses the whole log by user, district and date.
import type { ChangeLogPage, ChangeLogQuery } from "../../contract/change-log.ts";
import type { Db } from "../db/database.ts";
import { changeLogPage, recentlyChangedBy } from "../db/change-log-queries.ts";
import { enterpriseExists, liveEnterprisesByIds } from "../db/enterprise-queries.ts";
import { toEnterprise } from "../db/records.ts";
import type { Enterprise } from "../../contract/enterprise.ts";
import { NotFoundError } from "../domain/errors.ts";
import { requireManage, requireRead, type Actor } from "../domain/rights.ts";

/** A bare date as `to` means up to the end of that day. */
const endOf = (s: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T23:59:59.999Z` : s);

export function changeLogService(db: Db) {
  return {
    async history(by: Actor, enterpriseId: number, page: number, pageSize: number): Promise<ChangeLogPage> {
      requireRead(by);
      if (!(await enterpriseExists(db, enterpriseId)))
        throw new NotFoundError(`Enterprise ${enterpriseId} does not exist`);
      return { ...(await changeLogPage(db, { enterpriseId }, page, pageSize)), page, pageSize };
    },

    /** The enterprises the caller changed most recently, newest first (none for a display token). */
    async recentMine(by: Actor, limit = 10): Promise<Enterprise[]> {
      requireRead(by);
      if (by.kind !== "user") return [];
      const ids = await recentlyChangedBy(db, by.userId, limit);
      const rows = await liveEnterprisesByIds(db, ids);
      const byId = new Map(rows.map((r) => [r.id, toEnterprise(r)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    async browse(by: Actor, q: ChangeLogQuery): Promise<ChangeLogPage> {
      requireManage(by);
      const filter = {
        ...(q.user ? { userId: q.user } : {}),
        ...(q.district ? { districtId: q.district } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: endOf(q.to) } : {}),
      };
      return { ...(await changeLogPage(db, filter, q.page, q.pageSize)), page: q.page, pageSize: q.pageSize };
    },
  };
}
export type ChangeLogService = ReturnType<typeof changeLogService>;
