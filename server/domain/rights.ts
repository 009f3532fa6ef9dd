// Who may do what: pure checks over the roles table (contract/roles.ts). Services call these with
// the Actor the HTTP or socket layer resolved, so every route, socket event and import shares them.
import {
  DISPLAY_RIGHTS,
  PARTNER_FLAG,
  ROLE_RIGHTS,
  type PartnerOrganisation,
  type Role,
  type RoleRights,
} from "../../contract/roles.ts";
import { problem } from "../../contract/errors.ts";
import { ForbiddenError, type FieldInput } from "./errors.ts";

export interface Actor {
  kind: "user" | "display";
  /** The user's id, or the display token's id for a display. */
  userId: number;
  /** Shown in the change log and as the enterprise's updatedBy. */
  name: string;
  role: Role | "DISPLAY";
  /** The districts an editor may edit. */
  districtIds: readonly number[];
  /** The organisation a PARTNER account belongs to (absent or null for every other role). */
  organisation?: PartnerOrganisation | null;
}

export function rightsOf(actor: Actor): RoleRights {
  return actor.role === "DISPLAY" ? DISPLAY_RIGHTS : ROLE_RIGHTS[actor.role];
}

export const canRead = (a: Actor) => rightsOf(a).read;
export const canExport = (a: Actor) => rightsOf(a).export;
export const canManageUsers = (a: Actor) => a.kind === "user" && rightsOf(a).manage;

/** The only enterprise field a partner may change (its organisation's presence flag); null for
 *  every account that is not limited to one field. */
export function onlyFieldOf(a: Actor): string | null {
  if (rightsOf(a).edit !== "flag") return null;
  return a.organisation ? PARTNER_FLAG[a.organisation] : "";
}

/** Whether the actor may change enterprises of the district at all (a partner: its flag, anywhere). */
export function canEdit(a: Actor, districtId: number): boolean {
  if (a.kind !== "user") return false;
  const edit = rightsOf(a).edit;
  if (edit === "flag") return !!a.organisation;
  return edit === "all" || (edit === "own" && a.districtIds.includes(districtId));
}

/** Whether the actor may register new enterprises in the district (a partner never may). */
export const canCreate = (a: Actor, districtId: number) => canEdit(a, districtId) && onlyFieldOf(a) === null;

/** Whether the actor may edit anything at all (to show or hide the editor). */
export const canEditSomething = (a: Actor) =>
  a.kind === "user" &&
  (rightsOf(a).edit === "all" ||
    (rightsOf(a).edit === "own" && a.districtIds.length > 0) ||
    (rightsOf(a).edit === "flag" && !!a.organisation));

export function requireRead(a: Actor): void {
  if (!canRead(a)) throw new ForbiddenError("You may not read this");
}
export function requireExport(a: Actor): void {
  if (!canExport(a)) throw new ForbiddenError("Your role may not export data");
}
export function requireManage(a: Actor): void {
  if (!canManageUsers(a)) throw new ForbiddenError("Only an administrator may do this");
}
/** Creating in, editing in, or moving between districts: each district touched needs the right. */
export function requireEdit(a: Actor, ...districtIds: number[]): void {
  for (const d of districtIds) {
    if (!canEdit(a, d))
      throw new ForbiddenError(
        a.kind === "display" ? "A display token may only read" : `You may not edit enterprises of district ${d}`,
      );
  }
}
/** Registering an enterprise in a district. */
export function requireCreate(a: Actor, districtId: number): void {
  requireEdit(a, districtId);
  if (!canCreate(a, districtId))
    throw new ForbiddenError("A partner organisation's account may not register enterprises");
}
/** The fields a change touches: refused, each named, when the actor may change only one field. */
export function requireFields(a: Actor, fields: readonly string[]): void {
  const only = onlyFieldOf(a);
  if (only === null) return;
  const refused = fields.filter((f) => f !== only);
  if (!refused.length) return;
  const named: FieldInput = Object.create(null);
  for (const f of refused)
    named[f] = problem("forbidden", undefined, `may not be changed: this account may change ${only || "nothing"} only`);
  throw new ForbiddenError(`This account may change ${only || "nothing"} only`, named);
}
