// The enterprise as the public API shows it, and the payloads that change it. These field
// names are a public contract: district tools and scripts depend on them.
import { z } from "zod";
import { OWNERSHIPS, SECTOR_CODES, TAX_CODE_PATTERN } from "./codes.ts";
import { CalendarDay } from "./units.ts";

// Units (the API keeps the name "districts") are described in contract/units.ts; re-exported here
// because pages and scripts import District from this module.
export { District } from "./units.ts";

/** Counts are whole, non-negative and below 10 million (no enterprise is larger). */
const count = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(9_999_999, "is too large");

/** Names: trimmed, 1–200 characters, no control characters. Shown as text, never as HTML. Stored
 *  NFC: text pasted with decomposed accents (NFD) looks the same and must compare the same. */
const name = z
  .string({ error: "must be text" })
  .normalize("NFC")
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), {
    error: "must not contain control characters",
    params: { code: "control_chars" },
  })
  // A lone UTF-16 surrogate is not text: the database would store U+FFFD instead of what was acknowledged.
  .refine((s) => !/\p{Cs}/u.test(s), { error: "must be valid Unicode text", params: { code: "not_unicode" } });

export const TaxCode = z
  .string({ error: "must be text" })
  .trim()
  .regex(TAX_CODE_PATTERN, "must be 10 digits, or 10 digits-3 digits for a branch");
export const Ownership = z.enum(OWNERSHIPS, { error: `must be one of ${OWNERSHIPS.join(", ")}` });
export const Sector = z.enum(SECTOR_CODES, { error: "must be a VSIC 2018 section letter A–U" });
const flag = z.boolean({ error: "must be true or false" });

/** The editable fields of an enterprise. */
export const EnterpriseFields = z.object({
  taxCode: TaxCode,
  name,
  districtId: z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .positive("must be a district id")
    .max(2_147_483_647, "must be a district id"),
  sector: Sector,
  ownership: Ownership,
  headcount: count,
  unionMembers: count,
  hasUnion: flag,
  hasParty: flag,
  hasYouthUnion: flag,
  hasWomenUnion: flag,
  hasVeterans: flag,
  partyRecommended: count,
  partyAdmitted: count,
  initiatives: count,
});
export type EnterpriseFields = z.infer<typeof EnterpriseFields>;
export const EDITABLE_FIELDS = Object.keys(EnterpriseFields.shape) as (keyof EnterpriseFields)[];

/** An enterprise is ACTIVE, or CEASED (giải thể, ngừng hoạt động) from its statusDate: a ceased
 *  one leaves the current figures and missing-organisation lists, keeps its history, and may reopen. */
export const ENTERPRISE_STATUSES = ["ACTIVE", "CEASED"] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];
export const EnterpriseStatus = z.enum(ENTERPRISE_STATUSES, { error: "must be ACTIVE or CEASED" });

/** The lifecycle fields, kept apart from EnterpriseFields: they are set on their own (PATCH, the
 *  import's "Tình trạng" column) and the statusDate rule needs today's date. */
export const LIFECYCLE_FIELDS = ["status", "statusDate"] as const;
export const Lifecycle = z.object({
  status: EnterpriseStatus,
  statusDate: CalendarDay.nullable().describe(
    "YYYY-MM-DD the status took effect; null for an enterprise always active",
  ),
});
export type Lifecycle = z.infer<typeof Lifecycle>;

export const Enterprise = EnterpriseFields.extend(Lifecycle.shape).extend({
  id: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string().describe("ISO 8601 time of the last accepted change"),
  updatedBy: z.string(),
});
export type Enterprise = z.infer<typeof Enterprise>;

/** The oldest day a fact may be dated: the records of the Federation's digital era. */
export const MIN_FACT_DATE = "2000-01-01";

/** The day a change happened (ngày phát sinh): trends, "as of" and period reports count it on that
 *  day, whenever it was entered. Default today in Viet Nam; never in the future (checked by the
 *  server, which knows today), not before 2000. */
export const FactDate = CalendarDay.refine((s) => s >= MIN_FACT_DATE, `must not be before ${MIN_FACT_DATE}`).describe(
  "YYYY-MM-DD the fact happened (ngày phát sinh); default today (Viet Nam); never in the future, not before 2000",
);

/** POST /api/enterprises: every field; the counts of Party work and initiatives default to 0. */
export const EnterpriseCreate = EnterpriseFields.extend({
  partyRecommended: count.default(0),
  partyAdmitted: count.default(0),
  initiatives: count.default(0),
  factDate: FactDate.optional(),
}).strict();
export type EnterpriseCreate = z.infer<typeof EnterpriseCreate>;

/** PATCH /api/enterprises/:id: the version being edited and any editable fields; status may be
 *  set with statusDate (default today, never in the future). */
export const EnterprisePatch = EnterpriseFields.partial()
  .extend({
    status: EnterpriseStatus.optional(),
    statusDate: CalendarDay.optional().describe("YYYY-MM-DD; default today (Viet Nam); never in the future"),
    factDate: FactDate.optional(),
    version: z
      .number({ error: "is required: the version you edited" })
      .int("must be a whole number")
      .positive("must be positive"),
  })
  .strict();
export type EnterprisePatch = z.infer<typeof EnterprisePatch>;

export const EnterpriseList = z.object({
  items: z.array(Enterprise),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type EnterpriseList = z.infer<typeof EnterpriseList>;
