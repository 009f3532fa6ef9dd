// Targets as data (issue 12 item 4): per unit (or the whole province) and year, five measures, set by
// ADMIN and LEADER (GET/PUT /api/targets, the targets sheet), and the progress toward them.
import { z } from "zod";
import { FilterQuery } from "./filter.ts";
import { CalendarDay } from "./units.ts";

/** newMembers: net change of union members in the year; unionsFounded: grassroots unions founded;
 *  density: union members ÷ workers at the day reached, in percent; partyRecommended and initiatives:
 *  increases of their counters in the year. */
export const TARGET_MEASURES = ["newMembers", "unionsFounded", "density", "partyRecommended", "initiatives"] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];

/** The measure given in percent (0–100); the others are counts. */
export const PERCENT_MEASURES: readonly TargetMeasure[] = ["density"];
export const isPercentMeasure = (m: TargetMeasure) => PERCENT_MEASURES.includes(m);

/** The targets sheet's Vietnamese headers, one column per measure. */
export const TARGET_MEASURE_HEADERS_VI: Record<TargetMeasure, string> = {
  newMembers: "Kết nạp đoàn viên mới",
  unionsFounded: "Thành lập CĐCS mới",
  density: "Tỷ lệ đoàn viên (%)",
  partyRecommended: "Giới thiệu đoàn viên ưu tú cho Đảng",
  initiatives: "Sáng kiến",
};

export { TARGET_SETTERS, canSetTargets } from "./target-setters.ts";

export const TARGET_YEAR_MIN = 2000;
export const TARGET_YEAR_MAX = 2100;

export const TargetYear = z
  .number({ error: "must be a year" })
  .int("must be a whole year")
  .min(TARGET_YEAR_MIN, `must be ${TARGET_YEAR_MIN} or later`)
  .max(TARGET_YEAR_MAX, `must be ${TARGET_YEAR_MAX} or earlier`);

export const TargetMeasure = z.enum(TARGET_MEASURES, { error: `must be one of ${TARGET_MEASURES.join(", ")}` });

/** One target to set; value null removes it. Density is in percent, at most 100. */
export const TargetInput = z
  .object({
    year: TargetYear,
    districtId: z
      .number({ error: "must be a unit id or null (the whole province)" })
      .int("must be a unit id")
      .positive("must be a unit id")
      .max(2_147_483_647, "must be a unit id")
      .nullable(),
    measure: TargetMeasure,
    value: z
      .number({ error: "must be a number or null (remove the target)" })
      .min(0, "must not be negative")
      .max(1e9, "must be at most 1000000000")
      .nullable(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.value === null) return;
    if (isPercentMeasure(t.measure) && t.value > 100)
      ctx.addIssue({
        code: "too_big",
        origin: "number",
        maximum: 100,
        inclusive: true,
        path: ["value"],
        message: "must be at most 100 (a percentage)",
      });
    else if (!isPercentMeasure(t.measure) && !Number.isInteger(t.value))
      ctx.addIssue({
        code: "custom",
        params: { code: "not_whole" },
        path: ["value"],
        message: "must be a whole number",
      });
  });
export type TargetInput = z.infer<typeof TargetInput>;

/** PUT /api/targets: one target, or a list of them (all or nothing). */
export const TargetsPut = z
  .array(TargetInput, { error: "must be a target or a list of targets" })
  .min(1, "must not be empty")
  .max(5000);

export const Target = z.object({
  year: z.number().int(),
  districtId: z.number().int().nullable().describe("null: the whole province"),
  measure: TargetMeasure,
  value: z.number(),
  updatedAt: z.string().describe("ISO 8601"),
  updatedBy: z.string(),
});
export type Target = z.infer<typeof Target>;

const yearParam = z
  .string()
  .regex(/^\d{4}$/, "must be a year")
  .transform(Number)
  .pipe(TargetYear);

/** GET /api/targets?year=2026[&district=id]: the year's targets, of one unit (and the province's) or all. */
export const TargetsQuery = z
  .object({
    year: yearParam.optional().describe("default: this year in Viet Nam"),
    district: z
      .string()
      .regex(/^[1-9]\d{0,9}$/, "must be a unit id")
      .transform(Number)
      .pipe(z.number().max(2_147_483_647, "must be a unit id"))
      .optional(),
  })
  .strict();
export type TargetsQuery = z.input<typeof TargetsQuery>;

export const TargetsList = z.object({ year: z.number().int(), targets: z.array(Target) });
export type TargetsList = z.infer<typeof TargetsList>;

export const PutTargetsResult = z.object({
  changed: z.number().int().describe("targets set, changed or removed (unchanged ones are not counted)"),
  targets: z.array(Target).describe("the targets of the years touched, after the change"),
});
export type PutTargetsResult = z.infer<typeof PutTargetsResult>;

/** GET /api/targets/progress: the dashboard's filters; a single district uses that unit's targets. */
export const ProgressQuery = FilterQuery.pick({ district: true, ownership: true, nonState: true, sector: true })
  .extend({ year: yearParam.optional().describe("default: this year in Viet Nam") })
  .strict();
export type ProgressQuery = z.input<typeof ProgressQuery>;

export const MeasureProgress = z.object({
  measure: TargetMeasure,
  target: z.number().nullable().describe("null: no target set for this scope and year"),
  achieved: z.number().nullable().describe("the figure reached in the year so far (density in percent)"),
  progress: z.number().nullable().describe("achieved ÷ target (a fraction, 0.62 = 62 %), null without a target"),
});
export type MeasureProgress = z.infer<typeof MeasureProgress>;

export const TargetsProgress = z.object({
  year: z.number().int(),
  from: CalendarDay.describe("1 January of the year"),
  to: CalendarDay.describe("the day the figures reach: today, or 31 December of a past year"),
  districtId: z.number().int().nullable().describe("the unit whose targets apply; null: the province's"),
  items: z.array(MeasureProgress),
});
export type TargetsProgress = z.infer<typeof TargetsProgress>;

/** The targets sheet: year, unit code (empty for the whole province), unit name (read only), a column per measure. */
export const TARGETS_SHEET_COLUMNS = [
  { field: "year", header: "Năm" },
  { field: "code", header: "Mã đơn vị" },
  { field: "name", header: "Tên đơn vị" },
  ...TARGET_MEASURES.map((m) => ({ field: m, header: TARGET_MEASURE_HEADERS_VI[m] })),
] as const;

export const TargetsImportRow = z.object({
  row: z.number().int().describe("row number in the sheet; the header is row 1"),
  action: z.enum(["set", "unchanged", "error"]),
  values: z.record(z.string(), z.string()).describe("the row's cells as text, by field"),
  errors: z.array(z.object({ column: z.string(), code: z.string(), message: z.string() })),
});
export type TargetsImportRow = z.infer<typeof TargetsImportRow>;

export const TargetsDryRun = z.object({
  importId: z.string(),
  summary: z.object({ set: z.number().int(), unchanged: z.number().int(), error: z.number().int() }),
  rows: z.array(TargetsImportRow),
});
export type TargetsDryRun = z.infer<typeof TargetsDryRun>;

export const TargetsApplyResult = z.object({ changed: z.number().int() });
export type TargetsApplyResult = z.infer<typeof TargetsApplyResult>;

/** GET /api/targets/history?year=: who set, changed or removed which target, newest first. */
export const TargetChangeEntry = z.object({
  at: z.string().describe("ISO 8601 time of the change"),
  actor: z.string(),
  source: z.string().describe("session (the page or the API) or import (the targets sheet)"),
  year: z.number().int(),
  districtId: z.number().int().nullable(),
  measure: z.string(),
  oldValue: z.number().nullable().describe("null: the target was new"),
  newValue: z.number().nullable().describe("null: the target was removed"),
});
export type TargetChangeEntry = z.infer<typeof TargetChangeEntry>;

export const TargetsHistoryQuery = z.object({ year: yearParam.optional() }).strict();
