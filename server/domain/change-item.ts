// One accepted change as the ticker item both GET /api/changes and live batches carry. The diff is
// the same as the change log's: every editable field that differs, all of them on create.
import type { ChangeItem, DiffValue } from "../../contract/changes.ts";
import { EDITABLE_FIELDS, LIFECYCLE_FIELDS, type Enterprise } from "../../contract/enterprise.ts";

export interface ChangeOfEnterprise {
  seq: number;
  at: Date;
  /** undefined when the change created the enterprise. */
  before: Enterprise | undefined;
  after: Enterprise;
}

export function changeItemOf(c: ChangeOfEnterprise): ChangeItem {
  const diff: Record<string, [DiffValue, DiffValue]> = {};
  for (const k of EDITABLE_FIELDS) {
    const old = c.before ? c.before[k] : null;
    if (!c.before || old !== c.after[k]) diff[k] = [old, c.after[k]];
  }
  // The lifecycle only when it changed (a plain create logs no status, as the change log does).
  for (const k of LIFECYCLE_FIELDS) {
    const old = c.before ? c.before[k] : k === "status" ? "ACTIVE" : null;
    if (old !== c.after[k]) diff[k] = [c.before ? old : null, c.after[k]];
  }
  return {
    seq: c.seq,
    at: c.at.toISOString(),
    enterpriseId: c.after.id,
    enterpriseName: c.after.name,
    districtId: c.after.districtId,
    action: c.before ? "update" : "create",
    diff,
  };
}
