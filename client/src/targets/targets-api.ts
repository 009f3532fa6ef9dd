// The calls of targets per unit and year (issue 12 item 4): read a year's targets and the progress
// toward them, set them, and the targets sheet. Writes answer an Outcome in the API's error shape, so
// the page can show the server's field messages beside what was typed.
import type { FilterQuery } from "../../../contract/filter.ts";
import type {
  PutTargetsResult,
  TargetInput,
  TargetsApplyResult,
  TargetsDryRun,
  TargetsList,
  TargetsProgress,
} from "../../../contract/targets.ts";
import { getJson, queryString } from "../api.ts";
import { send } from "../units/units-api.ts";

/** The filters progress is computed under (the dashboard's and the wall's, without the rest). */
export type ProgressFilter = Pick<FilterQuery, "district" | "ownership" | "nonState" | "sector">;

export const targetsApi = {
  list: (year: number, signal?: AbortSignal) => getJson<TargetsList>(`/api/targets?year=${year}`, signal),
  progress: (filter: ProgressFilter, signal?: AbortSignal) =>
    getJson<TargetsProgress>(
      `/api/targets/progress${queryString({
        district: filter.district,
        ownership: filter.ownership,
        nonState: filter.nonState,
        sector: filter.sector,
      })}`,
      signal,
    ),
  put: (targets: TargetInput[]) => send<PutTargetsResult>("PUT", "/api/targets", targets),
  templateUrl: (year: number) => `/api/targets/template.xlsx?year=${year}`,
  dryRun: (file: File) => send<TargetsDryRun>("POST", "/api/targets/import/dry-run", undefined, file),
  apply: (importId: string) =>
    send<TargetsApplyResult>("POST", `/api/targets/import/${encodeURIComponent(importId)}/apply`),
};
