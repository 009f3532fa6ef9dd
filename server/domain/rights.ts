// Who may do what: pure checks over the roles table (contract/roles.ts). Services call these with
// the Actor the HTTP or socket layer resolved, so every route, socket event and import shares them.
import { DISPLAY_RIGHTS, ROLE_RIGHTS, type Role, type RoleRights } from "../../contract/roles.ts";
import { ForbiddenError } from "./errors.ts";

export interface Actor {
  kind: "user" | "display";
  /** The user's id, or the display token's id for a display. */
  userId: number;
  /** Shown in the change log and as the enterprise's updatedBy. */
  name: string;
  role: Role | "DISPLAY";
  /** The districts an editor may edit. */
  districtIds: readonly number[];
}

export function rightsOf(actor: Actor): RoleRights {
  return actor.role === "DISPLAY" ? DISPLAY_RIGHTS : ROLE_RIGHTS[actor.role];
}

export const canRead = (a: Actor) => rightsOf(a).read;
export const canExport = (a: Actor) => rightsOf(a).export;
export const canManageUsers = (a: Actor) => a.kind === "user" && rightsOf(a).manage;

export function canEdit(a: Actor, districtId: number): boolean {
  if (a.kind !== "user") return false;
  const edit = rightsOf(a).edit;
  return edit === "all" || (edit === "own" && a.districtIds.includes(districtId));
}

/** Whether the actor may edit anything at all (to show or hide the editor). */
export const canEditSomething = (a: Actor) =>
  a.kind === "user" && (rightsOf(a).edit === "all" || (rightsOf(a).edit === "own" && a.districtIds.length > 0));

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
