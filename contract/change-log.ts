// The audit trail: who changed what, when and through what (GET /api/enterprises/:id/history for
// everyone who reads; GET /api/changes?user=&district=&from=&to=&page= for administrators).
import { z } from "zod";
import { ChangeItem } from "./changes.ts";

/** What the server knows a change came through: a person's session, a display token, an import, the
 *  seed, or a reorganisation (an enterprise moved by a merge or split of units). "api", "form" and
 *  "simulator" appear only on rows from before 2026-11-30 with no account. */
export const CHANGE_SOURCES = [
  "session",
  "display",
  "import",
  "seed",
  "reorganisation",
  "api",
  "form",
  "simulator",
] as const;
/** What a client may say it is (X-Change-Source): kept beside the source as a claim, never checked. */
export const CLAIMED_SOURCES = ["api", "form", "simulator"] as const;
export type ClaimedSource = (typeof CLAIMED_SOURCES)[number];

export const ChangeLogEntry = ChangeItem.extend({
  actor: z.string().describe("the name of who made the change, as it was then"),
  actorUserId: z.number().int().nullable().describe("the account; null for the seed and changes made before accounts"),
  source: z.enum(CHANGE_SOURCES).describe("how the server knows the author: session, display, import, seed"),
  claimedSource: z
    .enum(CLAIMED_SOURCES)
    .nullable()
    .describe("what the client said it was (X-Change-Source), unchecked; null when it said nothing"),
});
export type ChangeLogEntry = z.infer<typeof ChangeLogEntry>;

export const ChangeLogPage = z.object({
  items: z.array(ChangeLogEntry).describe("newest first"),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ChangeLogPage = z.infer<typeof ChangeLogPage>;

const day = z
  .string({ error: "must be a date" })
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, "must be a date (YYYY-MM-DD or ISO 8601)")
  .refine((s) => !Number.isNaN(Date.parse(s)), { error: "must be a real date", params: { code: "bad_format" } });
const page = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(100_000, "is too large");

/** The administrator's browse of the whole log. `to` is inclusive: a bare date means to the end of that day (UTC). */
export const ChangeLogQuery = z
  .object({
    user: z.coerce
      .number({ error: "must be a user id" })
      .int("must be a user id")
      .positive("must be a user id")
      .optional(),
    district: z.coerce
      .number({ error: "must be a district id" })
      .int("must be a district id")
      .positive("must be a district id")
      .optional(),
    from: day.optional(),
    to: day.optional(),
    page: page.default(1),
    pageSize: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(200, "must be at most 200")
      .default(50),
  })
  .strict();
export type ChangeLogQuery = z.infer<typeof ChangeLogQuery>;

/** Query keys that make GET /api/changes the administrator's browse rather than the wall's ticker. */
export const BROWSE_KEYS = ["user", "from", "to", "page", "pageSize"] as const;

export const HistoryQuery = z
  .object({
    page: page.default(1),
    pageSize: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(200, "must be at most 200")
      .default(50),
  })
  .strict();
