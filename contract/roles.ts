// Roles as data: what each kind of account may do. The server's rights checks
// (server/domain/rights.ts) and the client's menus read this one table.
export const ROLES = ["ADMIN", "LEADER", "ANALYST", "EDITOR", "PARTNER"] as const;
export type Role = (typeof ROLES)[number];

/** The organisations that work with the Labour Federation under the coordination regulation; a
 *  PARTNER account belongs to one of them. */
export const PARTNER_ORGANISATIONS = ["WOMEN", "YOUTH", "VETERANS"] as const;
export type PartnerOrganisation = (typeof PARTNER_ORGANISATIONS)[number];
/** The enterprise's presence flag that each partner organisation keeps. */
export const PARTNER_FLAG = {
  WOMEN: "hasWomenUnion",
  YOUTH: "hasYouthUnion",
  VETERANS: "hasVeterans",
} as const satisfies Record<PartnerOrganisation, string>;

export interface RoleRights {
  /** Read figures, lists, history. */
  read: boolean;
  /** Download exports. */
  export: boolean;
  /** Create and change enterprises: "all" districts, "own" (the account's districts), "flag" (only
   *  the presence flag of the account's organisation, on any enterprise; never create) or none. */
  edit: "all" | "own" | "flag" | "none";
  /** Manage accounts, districts and display tokens; browse the whole change log. */
  manage: boolean;
}

export const ROLE_RIGHTS: Record<Role, RoleRights> = {
  ADMIN: { read: true, export: true, edit: "all", manage: true },
  LEADER: { read: true, export: false, edit: "none", manage: false },
  ANALYST: { read: true, export: true, edit: "none", manage: false },
  EDITOR: { read: true, export: false, edit: "own", manage: false },
  PARTNER: { read: true, export: false, edit: "flag", manage: false },
};

/** A wall display's token: reads only. Not a role a person can hold. */
export const DISPLAY_RIGHTS: RoleRights = { read: true, export: false, edit: "none", manage: false };
