// The period report (issue 12 item 1): GET /api/reports/period answers figures for a from–to period,
// beside the period of the same length just before and the same dates a year earlier, by unit.
// Figures follow the day each fact happened (ChangeLog.factDate), in Viet Nam's days.
import { z } from "zod";
import { FilterQuery } from "./filter.ts";
import { TargetsProgress } from "./targets.ts";
import { CalendarDay, UNIT_KINDS, UnitsView } from "./units.ts";

/** A period longer than this is refused (the report's replay and tables stay readable). */
export const MAX_PERIOD_YEARS = 10;

/** Whole days from one YYYY-MM-DD to another (to − from); the server refuses a period longer than
 *  MAX_PERIOD_YEARS × 366 days ("to": "must be at most 10 years after `from`"). */
export function daysBetween(from: string, to: string): number {
  const t = (s: string) => {
    const [y, m, d] = s.split("-").map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(to) - t(from)) / 86_400_000);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The query: the dashboard's filters (district, ownership, nonState, sector) and the period. An end
 *  after today (Viet Nam) is clamped to today by the server, never refused; the answer's `to` says
 *  which day the figures reach. nonState defaults to true. */
export const PeriodReportQuery = FilterQuery.pick({ district: true, ownership: true, nonState: true, sector: true })
  .extend({
    from: CalendarDay.optional().describe("first day, YYYY-MM-DD (default: 1 January of this year in Viet Nam)"),
    to: CalendarDay.optional().describe(
      "last day, YYYY-MM-DD, included (default: today in Viet Nam; later is clamped)",
    ),
    units: UnitsView.optional(),
    lang: z.enum(["vi", "en"], { error: "must be vi or en" }).optional().describe("labels of the files (default vi)"),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.from || !q.to || !DAY.test(q.from) || !DAY.test(q.to)) return;
    if (q.to < q.from) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before `from`" });
    // More than MAX_PERIOD_YEARS is refused by the server after an end in the future is clamped.
  });
export type PeriodReportQuery = z.input<typeof PeriodReportQuery>;

const count = z.number().int();

export const FoundedOrganisations = z
  .object({ party: count, youth: count, women: count, veterans: count })
  .describe("enterprises where each organisation was founded in the period (its flag went from false to true)");
export type FoundedOrganisations = z.infer<typeof FoundedOrganisations>;

export const PeriodFigures = z.object({
  enterprises: count.describe("enterprises at the end of the period"),
  headcount: count.describe("workers at the end of the period"),
  unionMembersStart: count.describe("union members at the start of the period (end of the day before `from`)"),
  unionMembersEnd: count.describe("union members at the end of the period"),
  unionMembersChange: count.describe("unionMembersEnd − unionMembersStart"),
  unionsFounded: count.describe("grassroots unions founded in the period (hasUnion false → true)"),
  over25NoUnion: count.describe("enterprises with 25 or more workers still without a union at the end"),
  partyRecommended: count.describe("members recommended to the Party in the period (increases of the counter)"),
  partyAdmitted: count.describe("members admitted to the Party in the period (increases of the counter)"),
  partyAdmissionRate: z.number().nullable().describe("partyAdmitted ÷ partyRecommended (a fraction), null when none"),
  initiatives: count.describe("initiatives registered in the period (increases of the counter)"),
  founded: FoundedOrganisations,
  density: z
    .number()
    .nullable()
    .describe("union members ÷ headcount at the end (ILO: sums first, divided once), null when no workers"),
});
export type PeriodFigures = z.infer<typeof PeriodFigures>;

export const DatedPeriodFigures = PeriodFigures.extend({ from: CalendarDay, to: CalendarDay });
export type DatedPeriodFigures = z.infer<typeof DatedPeriodFigures>;

export const PeriodScope = z.object({
  district: z.number().int().nullable(),
  districtName: z.string().nullable(),
  ownership: z.array(z.string()).nullable(),
  nonState: z.boolean(),
  sector: z.array(z.string()).nullable(),
});
export type PeriodScope = z.infer<typeof PeriodScope>;

export const PeriodUnitRow = z.object({
  districtId: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  figures: PeriodFigures,
});
export type PeriodUnitRow = z.infer<typeof PeriodUnitRow>;

export const PeriodReport = z.object({
  from: CalendarDay,
  to: CalendarDay.describe("last day included (clamped to today in Viet Nam)"),
  scope: PeriodScope,
  generatedAt: z.string().describe("ISO 8601"),
  seq: z.number().int().describe("change-log position the figures include"),
  partyRecommended: count.describe("= current.partyRecommended"),
  partyAdmitted: count.describe("= current.partyAdmitted"),
  partyAdmissionRate: z.number().nullable().describe("= current.partyAdmissionRate"),
  initiatives: count.describe("= current.initiatives"),
  current: PeriodFigures,
  previous: DatedPeriodFigures.describe("the period of the same length just before"),
  yearEarlier: DatedPeriodFigures.describe("the same dates a year earlier"),
  byUnit: z.array(PeriodUnitRow),
  targets: TargetsProgress.nullable().describe(
    "progress toward the targets of the year `to` falls in (1 January to `to`), for the scope's unit or the province; null when none is set",
  ),
});
export type PeriodReport = z.infer<typeof PeriodReport>;
