// Excel/CSV import, two steps: a dry run that says row by row what would change, what is new and
// what is wrong, then apply (all or nothing).
import { z } from "zod";

// The limits live in a module without zod, so a page can show them without loading zod.
export { IMPORT_LIMITS } from "./import-limits.ts";
import { COLUMN_HOWS, IGNORE_COLUMN, IMPORT_FIELD_NAMES } from "./import-fields.ts";

/** Why a cell or row cannot be taken; `reason` is Vietnamese, `code` lets a client say it in English. */
export const ImportIssue = z.object({
  column: z
    .string()
    .describe("the column's header as written in the file; for a column the file lacks, the template's header"),
  field: z.string().optional(),
  code: z.string(),
  reason: z.string(),
});
export type ImportIssue = z.infer<typeof ImportIssue>;

export const IMPORT_ACTIONS = ["create", "update", "unchanged", "error", "stale"] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];

const Value = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const ImportRow = z.object({
  row: z.number().int().describe("row number in the file (the header is row 1 when it is the first row)"),
  action: z.enum(IMPORT_ACTIONS),
  taxCode: z.string().optional(),
  name: z.string().optional(),
  enterpriseId: z.number().int().optional(),
  changes: z
    .record(z.string(), z.tuple([Value, Value]))
    .describe("field → [current, in the file]; current is null for a new enterprise"),
  errors: z.array(ImportIssue),
});
export type ImportRow = z.infer<typeof ImportRow>;

export const ImportSummary = z.object({
  rows: z.number().int(),
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  error: z.number().int(),
  stale: z.number().int(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** One column of the file as the dry run read it. */
export const ImportColumnInfo = z.object({
  column: z.number().int().describe("position in the file, 1 for column A"),
  header: z.string().describe("the header as written in the file"),
  field: z
    .enum([...IMPORT_FIELD_NAMES, "id", "version"])
    .nullable()
    .describe("the field it is imported as; null when it is not imported"),
  how: z
    .enum(COLUMN_HOWS)
    .describe(
      "recognised by its header; mapped by the account's mapping; ignored (mapped to ignore, or a column such as STT); unrecognised (not imported until mapped)",
    ),
  xMarks: z
    .boolean()
    .optional()
    .describe("a yes/no column written with marks (x, ✓, có) and no written no: a blank cell is no"),
});
export type ImportColumnInfo = z.infer<typeof ImportColumnInfo>;

/** The `mapping` query parameter of a dry run, once its JSON is read: the file's header → field or "ignore". */
export const ColumnMapping = z.record(z.string(), z.enum([...IMPORT_FIELD_NAMES, IGNORE_COLUMN]));
export type ColumnMapping = z.infer<typeof ColumnMapping>;

export const DryRunQuery = z
  .object({
    mapping: z
      .string()
      .max(20_000)
      .optional()
      .describe(
        'JSON object: a header of the file → a field name or "ignore"; remembered for the account\'s next uploads',
      ),
  })
  .strict();

export const DryRun = z.object({
  importId: z.string(),
  format: z.enum(["xlsx", "csv"]),
  expiresAt: z.string(),
  /** true when apply would be accepted now: no error and no stale row, and something to change. */
  applicable: z.boolean(),
  summary: ImportSummary,
  /** Headers of the file that are not imported (e.g. a density column of an export). */
  ignoredColumns: z.array(z.string()),
  /** Every non-empty header of the file, in order, with what it is imported as. */
  columns: z.array(ImportColumnInfo),
  /** Columns whose header names a field another column already gives: not imported, and nothing can be
   *  applied, until the person maps one of them to another field or to "ignore". */
  doubledColumns: z.array(
    z.object({ header: z.string(), other: z.string(), field: z.enum([...IMPORT_FIELD_NAMES, "id", "version"]) }),
  ),
  /** Fields a new enterprise needs that no column of the file holds (only when a row would be new). */
  missingColumns: z.array(z.enum(IMPORT_FIELD_NAMES)),
  rows: z.array(ImportRow).describe("every data row; unchanged rows carry no changes"),
});
export type DryRun = z.infer<typeof DryRun>;

export const ApplyResult = z.object({
  importId: z.string(),
  created: z.number().int(),
  updated: z.number().int(),
  fromSeq: z.number().int().nullable(),
  toSeq: z.number().int().nullable(),
});
export type ApplyResult = z.infer<typeof ApplyResult>;

/** Stale rows of a refused apply (409), in error.current. */
export const StaleRow = z.object({
  row: z.number().int(),
  taxCode: z.string(),
  enterpriseId: z.number().int(),
  version: z.number().int(),
  currentVersion: z.number().int(),
  updatedBy: z.string(),
});
export type StaleRow = z.infer<typeof StaleRow>;

/** GET /api/import/template.xlsx: an administrator may ask for some districts (ids); editors get theirs. */
export const TemplateQuery = z
  .object({
    district: z
      .string()
      .regex(/^\d+(,\d+)*$/, "must be comma-separated district ids")
      .transform((s) => s.split(",").map(Number))
      .optional(),
  })
  .strict();
