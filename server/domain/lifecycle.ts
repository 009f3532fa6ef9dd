// An enterprise's lifecycle: ACTIVE, or CEASED from a date (giải thể, ngừng hoạt động), and reopened.
// A ceased enterprise leaves the current figures and the missing-organisation lists; its history stays.
import type { EnterpriseStatus } from "../../contract/enterprise.ts";
import { problem, type FieldProblems } from "../../contract/errors.ts";

export interface LifecycleState {
  status: EnterpriseStatus;
  statusDate: string | null;
}

/** The new status and date a PATCH asks for, or field → reason. The date defaults to today and is
 *  never in the future; ceasing a ceased enterprise is refused (it says since when). */
export function statusChange(
  current: LifecycleState,
  patch: { status?: EnterpriseStatus; statusDate?: string },
  today: string,
): { next: LifecycleState } | { problems: FieldProblems } {
  if (patch.statusDate !== undefined && patch.statusDate > today)
    return { problems: { statusDate: problem("future", { today }) } };
  if (patch.status === undefined) {
    // Only the two lifecycle fields: `current` may be a whole enterprise, whose other (old) values
    // must not override the patch's when the caller merges `next` over it.
    if (patch.statusDate === undefined) return { next: { status: current.status, statusDate: current.statusDate } };
    if (current.status === "ACTIVE" && current.statusDate === null)
      return { problems: { statusDate: problem("needs_status") } };
    return { next: { status: current.status, statusDate: patch.statusDate } };
  }
  if (patch.status === "CEASED" && current.status === "CEASED")
    return {
      problems: {
        status: current.statusDate
          ? problem("ceased_already", { day: current.statusDate })
          : problem("ceased_already", { day: "?" }, "is CEASED already (since an unknown date)"),
      },
    };
  if (patch.status === current.status)
    return { next: { status: current.status, statusDate: patch.statusDate ?? current.statusDate } };
  return { next: { status: patch.status, statusDate: patch.statusDate ?? today } };
}

/** Whether an enterprise counts in the figures and lists as of now. */
export const isCounted = (e: { status?: string }) => e.status !== "CEASED";
