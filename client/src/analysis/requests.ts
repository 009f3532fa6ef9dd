// The analysis page's reads: figures (now or as of a day), the monthly trend, a sorted page of
// enterprises, one enterprise and its history, and the addresses of the table's downloads.
import type { ChangeLogPage } from "../../../contract/change-log.ts";
import type { Enterprise, EnterpriseList } from "../../../contract/enterprise.ts";
import type { FilterQuery } from "../../../contract/filter.ts";
import type { TrendPoint } from "../../../contract/history.ts";
import type { Stats } from "../../../contract/stats.ts";
import type { UnitsView } from "../../../contract/units.ts";
import { getJson, queryString } from "../api.ts";

export const analysisApi = {
  /** units: "then" keeps the units as they were on asOf; "now" (the server's default) is not sent. */
  stats: (filter: FilterQuery, asOf: string | null, units: UnitsView = "now", signal?: AbortSignal) =>
    getJson<Stats>(
      `/api/stats${queryString({ ...filter, asOf: asOf ?? undefined, units: asOf && units === "then" ? units : undefined })}`,
      signal,
    ),
  trend: (
    filter: FilterQuery,
    from: string | null,
    to: string | null,
    units: UnitsView = "now",
    signal?: AbortSignal,
  ) =>
    getJson<TrendPoint[]>(
      `/api/trends${queryString({ ...filter, from: from ?? undefined, to: to ?? undefined, units: units === "then" ? units : undefined })}`,
      signal,
    ),
  list: (filter: FilterQuery, sort: string, page: number, pageSize: number, signal?: AbortSignal) =>
    getJson<EnterpriseList>(`/api/enterprises${queryString({ ...filter, sort, page, pageSize })}`, signal),
  enterprise: (id: number, signal?: AbortSignal) => getJson<Enterprise>(`/api/enterprises/${id}`, signal),
  history: (id: number, signal?: AbortSignal) =>
    getJson<ChangeLogPage>(`/api/enterprises/${id}/history${queryString({ pageSize: 200 })}`, signal),
};

/** The download of the table exactly as listed: same filters, same order, every page. */
export const exportUrl = (kind: "csv" | "xlsx", filter: FilterQuery, sort: string) =>
  `/api/export/enterprises.${kind}${queryString({ ...filter, sort })}`;
