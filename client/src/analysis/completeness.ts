// The analysis page's reporting-completeness section (issue 11 item 4): the shared panel under the
// page's own filters (unit, ownership, sector), with its CSV link for those who may export.
import type { FilterQuery } from "../../../contract/filter.ts";
import { mountCompleteness } from "../completeness/panel.ts";
import { byId } from "../dom.ts";
import type { Live } from "../live.ts";

export const mountAnalysisCompleteness = (live: Live, filter: () => FilterQuery, role: string) =>
  mountCompleteness(byId("analysis"), live, { filter, role });
