// Payloads of logging in, the current account, account management and display tokens.
import { z } from "zod";
import { PARTNER_ORGANISATIONS, ROLES, type PartnerOrganisation, type Role } from "./roles.ts";
import { problem, type FieldProblem } from "./errors.ts";

const username = z
  .string({ error: "must be text" })
  .trim()
  .min(2, "must be at least 2 characters")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9._-]+$/i, "may hold letters, digits and . _ - only");
/** Long enough to resist guessing; long passphrases welcome. */
export const Password = z
  .string({ error: "must be text" })
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters");
const displayName = z
  .string({ error: "must be text" })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), {
    error: "must not contain control characters",
    params: { code: "control_chars" },
  })
  // A lone UTF-16 surrogate is not text: the database would store U+FFFD instead of what was acknowledged.
  .refine((s) => !/\p{Cs}/u.test(s), { error: "must be valid Unicode text", params: { code: "not_unicode" } });
const organisation = z
  .enum(PARTNER_ORGANISATIONS, { error: `must be one of ${PARTNER_ORGANISATIONS.join(", ")}` })
  .nullable()
  .describe("the partner organisation of a PARTNER account (required for it, refused for every other role)");
const districtIds = z
  .array(z.number({ error: "must be a number" }).int("must be a whole number").positive("must be a district id"))
  .max(500, "is too long");

/** POST /api/auth/login. The password is not checked for strength here: old accounts still log in. */
export const LoginRequest = z
  .object({
    username: z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(64, "is too long"),
    password: z.string({ error: "must be text" }).min(1, "must not be empty").max(200, "is too long"),
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

/** GET /api/me: who is asking, and what they may do. A display token answers kind "display". */
export const Me = z.object({
  kind: z.enum(["user", "display"]),
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum([...ROLES, "DISPLAY"]),
  districtIds: z.array(z.number().int()).describe("the districts an EDITOR may edit; empty for other roles"),
  organisation: z.enum(PARTNER_ORGANISATIONS).nullable().describe("a PARTNER's organisation; null for other roles"),
});
export type Me = z.infer<typeof Me>;

export const UserView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  districtIds: z.array(z.number().int()),
  organisation: z.enum(PARTNER_ORGANISATIONS).nullable(),
  createdAt: z.string(),
  passwordChangedAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

/** POST /api/users (administrators). */
export const UserCreate = z
  .object({
    username,
    displayName,
    password: Password,
    role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
    districtIds: districtIds.default([]),
    organisation: organisation.optional(),
  })
  .strict();
export type UserCreate = z.infer<typeof UserCreate>;

/** PATCH /api/users/:id (administrators): any of these. A new password or disabling ends the user's sessions. */
export const UserUpdate = z
  .object({
    displayName,
    role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
    districtIds,
    organisation,
    disabled: z.boolean({ error: "must be true or false" }),
    password: Password,
  })
  .partial()
  .strict();
export type UserUpdate = z.infer<typeof UserUpdate>;

/** A PARTNER account belongs to one partner organisation; no other role has one. The problem with
 *  the organisation field, if any (the server refuses it as a field problem, 400; the admin form says it first). */
export function organisationProblem(role: Role, org: PartnerOrganisation | null | undefined): FieldProblem | null {
  if (role === "PARTNER" && !org) return problem("required", undefined, "is required for a PARTNER account");
  if (role !== "PARTNER" && org) return problem("forbidden", undefined, "is only for a PARTNER account");
  return null;
}

/** POST /api/me/password: the user's own password; ends his other sessions. */
export const PasswordChange = z
  .object({
    currentPassword: z.string({ error: "must be text" }).min(1, "must not be empty").max(200),
    newPassword: Password,
  })
  .strict();
export type PasswordChange = z.infer<typeof PasswordChange>;

export const DisplayTokenCreate = z.object({ label: displayName }).strict();
export const DisplayTokenView = z.object({
  id: z.number().int(),
  label: z.string(),
  createdBy: z.number().int(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type DisplayTokenView = z.infer<typeof DisplayTokenView>;
/** The answer to creating a token: the only time the token itself is shown. */
export const DisplayTokenIssued = DisplayTokenView.extend({
  token: z.string().describe("shown once; put it in the display's URL as ?token="),
});
export type DisplayTokenIssued = z.infer<typeof DisplayTokenIssued>;
