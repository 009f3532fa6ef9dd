// The province and its units (the union level under it; the API keeps the name "districts"): what
// the API shows of them and the payloads that create, rename, merge, split and retire them (issue 10).
import { z } from "zod";

/** Since 1 July 2025: commune, ward and special-zone unions, industrial-park and sector unions;
 *  DISTRICT is the pre-2025 level, kept for history. */
export const UNIT_KINDS = ["COMMUNE", "WARD", "SPECIAL_ZONE", "INDUSTRIAL_PARK", "SECTOR_UNION", "DISTRICT"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Vietnamese labels of the kinds: the units sheet accepts a kind as its code or as this label. */
export const UNIT_KIND_LABELS_VI: Record<UnitKind, string> = {
  COMMUNE: "Xã",
  WARD: "Phường",
  SPECIAL_ZONE: "Đặc khu",
  INDUSTRIAL_PARK: "Khu công nghiệp",
  SECTOR_UNION: "Công đoàn ngành",
  DISTRICT: "Huyện",
};

export const UnitKind = z.enum(UNIT_KINDS, { error: `must be one of ${UNIT_KINDS.join(", ")}` });

/** A calendar day, YYYY-MM-DD, that exists. */
export const CalendarDay = z
  .string({ error: "must be a date written YYYY-MM-DD" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine(
    (s) => {
      const [y, m, d] = s.split("-").map(Number) as [number, number, number];
      const date = new Date(Date.UTC(y, m - 1, d));
      return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
    },
    { error: "must be a real calendar day", params: { code: "not_day" } },
  );

/** Codes: short, upper-case letters, digits, "-" and "_" (AP01, X-TAN-AN, KCN_1). */
export const UNIT_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,19}$/;
export const UnitCode = z
  .string({ error: "must be text" })
  .trim()
  .toUpperCase()
  .regex(UNIT_CODE_PATTERN, "must be 1–20 letters A–Z, digits, - or _");

/** Names: trimmed, 1–200 characters, no control characters. Shown as text, never as HTML. */
export const UnitName = z
  .string({ error: "must be text" })
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "must not contain control characters")
  .refine((s) => !/\p{Cs}/u.test(s), "must be valid Unicode text");

const unitId = z
  .number({ error: "must be a unit id" })
  .int("must be a unit id")
  .positive("must be a unit id")
  .max(2_147_483_647, "must be a unit id");

export const Province = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
export type Province = z.infer<typeof Province>;

/** PUT /api/province: creates the province when none exists, renames it otherwise. */
export const ProvincePut = z.object({ code: UnitCode, name: UnitName }).strict();
export type ProvincePut = z.infer<typeof ProvincePut>;

/** A unit as the API shows it. Retired units (active false) keep their id, code and history. */
export const District = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  active: z.boolean(),
  validFrom: z.string().nullable().describe("YYYY-MM-DD the unit began; null when unknown (before records)"),
  validTo: z.string().nullable().describe("YYYY-MM-DD from which the unit is retired; null while active"),
  provinceId: z.number().int(),
});
export type District = z.infer<typeof District>;

export const DistrictsQuery = z
  .object({
    includeRetired: z
      .enum(["true", "false"], { error: "must be true or false" })
      .transform((v) => v === "true")
      .optional(),
  })
  .strict();

/** POST /api/districts. */
export const UnitCreate = z
  .object({ code: UnitCode, name: UnitName, kind: UnitKind, validFrom: CalendarDay.optional() })
  .strict();
export type UnitCreate = z.infer<typeof UnitCreate>;

/** PATCH /api/districts/:id: at least one of code, name, kind. */
export const UnitPatch = z
  .object({ code: UnitCode.optional(), name: UnitName.optional(), kind: UnitKind.optional() })
  .strict()
  .refine((p) => p.code !== undefined || p.name !== undefined || p.kind !== undefined, {
    message: "must change at least one of code, name, kind",
    path: ["(body)"],
  });
export type UnitPatch = z.infer<typeof UnitPatch>;

/** A new unit named in a merge or split. */
export const NewUnit = z.object({ code: UnitCode, name: UnitName, kind: UnitKind }).strict();
export type NewUnit = z.infer<typeof NewUnit>;

/** POST /api/districts/merge. */
export const UnitMerge = z
  .object({
    sourceIds: z.array(unitId, { error: "must be a list of unit ids" }).min(1, "must name at least one unit"),
    into: z.union([unitId, NewUnit], { error: "must be a unit id or {code, name, kind}" }),
    effectiveDate: CalendarDay,
  })
  .strict();
export type UnitMerge = z.infer<typeof UnitMerge>;

/** POST /api/districts/:id/split. */
export const UnitSplit = z
  .object({
    into: z
      .array(
        NewUnit.extend({
          enterpriseIds: z.array(
            z.number({ error: "must be an enterprise id" }).int("must be an enterprise id").positive(),
          ),
        }).strict(),
      )
      .min(1, "must name at least one new unit"),
    effectiveDate: CalendarDay,
  })
  .strict();
export type UnitSplit = z.infer<typeof UnitSplit>;

/** POST /api/districts/:id/retire: only an empty unit. */
export const UnitRetire = z.object({ effectiveDate: CalendarDay }).strict();
export type UnitRetire = z.infer<typeof UnitRetire>;

export const MergeResult = z.object({
  target: District,
  retired: z.array(District),
  movedEnterprises: z.number().int(),
  movedEditors: z.number().int(),
});
export type MergeResult = z.infer<typeof MergeResult>;

export const EditorRef = z.object({ id: z.number().int(), username: z.string(), displayName: z.string() });
export type EditorRef = z.infer<typeof EditorRef>;

export const SplitResult = z.object({
  created: z.array(District),
  retired: District,
  editorsToReassign: z.array(EditorRef).describe("editors of the old unit, for the administrator to re-assign"),
});
export type SplitResult = z.infer<typeof SplitResult>;

export const UNIT_ACTIONS = ["create", "update", "merge", "split", "retire"] as const;
export type UnitAction = (typeof UNIT_ACTIONS)[number];

/** One entry of a unit's own change log (GET /api/districts/:id/history), oldest first. */
export const UnitHistoryEntry = z.object({
  at: z.string().describe("ISO 8601 time the change was made"),
  actor: z.string(),
  action: z.enum(UNIT_ACTIONS),
  diff: z
    .record(z.string(), z.unknown())
    .describe("field → [old, new] for create/update; for merge/split/retire: the units and date involved"),
});
export type UnitHistoryEntry = z.infer<typeof UnitHistoryEntry>;

/** The units sheet's columns, in the template's order (code, name, kind). */
export const UNITS_SHEET_COLUMNS = [
  { field: "code", header: "Mã đơn vị" },
  { field: "name", header: "Tên đơn vị" },
  { field: "kind", header: "Loại" },
] as const;

export const UnitsImportIssue = z.object({
  column: z.string().describe("the sheet's own header (Mã đơn vị, Tên đơn vị, Loại), or (row)"),
  code: z.string().describe("reason code, e.g. required, invalid, duplicate_in_file"),
  message: z.string(),
});
export type UnitsImportIssue = z.infer<typeof UnitsImportIssue>;

export const UNITS_IMPORT_ACTIONS = ["create", "update", "unchanged", "error"] as const;

export const UnitsImportRow = z.object({
  row: z.number().int().describe("row number in the sheet; the header is row 1"),
  action: z.enum(UNITS_IMPORT_ACTIONS),
  values: z.object({ code: z.string(), name: z.string(), kind: z.string() }),
  errors: z.array(UnitsImportIssue),
});
export type UnitsImportRow = z.infer<typeof UnitsImportRow>;

export const UnitsDryRun = z.object({
  importId: z.string(),
  summary: z.object({
    create: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    error: z.number().int(),
  }),
  rows: z.array(UnitsImportRow),
});
export type UnitsDryRun = z.infer<typeof UnitsDryRun>;

export const UnitsApplyResult = z.object({ created: z.number().int(), updated: z.number().int() });
export type UnitsApplyResult = z.infer<typeof UnitsApplyResult>;

/** `units` Socket.io event: after any province or unit change, to every socket. */
export interface UnitsEvent {
  province: Province | null;
  /** Every unit, retired included. */
  districts: District[];
}

/** `units=now|then` on GET /api/stats?asOf= and GET /api/trends. */
export const UNITS_VIEWS = ["now", "then"] as const;
export type UnitsView = (typeof UNITS_VIEWS)[number];
export const UnitsView = z
  .enum(UNITS_VIEWS, { error: "must be now or then" })
  .describe("now: history mapped onto today's units (default); then: the units as they were");
