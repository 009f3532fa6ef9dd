// Reporting completeness (issue 11 item 4): per unit, how many of its active enterprises were updated
// in the last 30 and 90 days and when last; GET /api/completeness answers it, the pages show it.
import { z } from "zod";
import { FilterQuery } from "./filter.ts";
import { UnitKind } from "./units.ts";

/** The two windows, in days back from now. */
export const RECENT_DAYS = 30;
export const WINDOW_DAYS = 90;
/** A unit has gone quiet when nothing of it was updated in RECENT_DAYS, or fewer than this share of
 *  its active enterprises were (server/domain/completeness.ts applies the rule). */
export const QUIET_BELOW_SHARE = 0.1;

/** The dashboard's filters: district, ownership, nonState, sector. */
export const CompletenessQuery = FilterQuery.pick({ district: true, ownership: true, nonState: true, sector: true })
  .extend({ lang: z.enum(["vi", "en"], { error: "must be vi or en" }).optional().describe("ignored; for links") })
  .strict();
export type CompletenessQuery = z.input<typeof CompletenessQuery>;

const count = z.number().int();
const share = z.number().nullable();

export const CompletenessFigures = z.object({
  enterprises: count.describe("active enterprises (matching the filters) now in the unit"),
  updated30: count.describe("of those, how many had an accepted change entered in the last 30 days"),
  updated90: count.describe("of those, how many had an accepted change entered in the last 90 days"),
  share30: share.describe("updated30 ÷ enterprises (a fraction), null without enterprises"),
  share90: share.describe("updated90 ÷ enterprises (a fraction), null without enterprises"),
  lastUpdate: z
    .string()
    .nullable()
    .describe("when the latest accepted change to one of them was entered (ISO time), null when never"),
  quiet: z.boolean().describe("gone quiet: nothing updated in 30 days, or under 10 % of its enterprises"),
});
export type CompletenessFigures = z.infer<typeof CompletenessFigures>;

export const UnitCompleteness = CompletenessFigures.extend({
  districtId: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: UnitKind,
});
export type UnitCompleteness = z.infer<typeof UnitCompleteness>;

export const Completeness = z.object({
  generatedAt: z.string().describe("the instant the windows end"),
  recentDays: count,
  windowDays: count,
  quietBelowShare: z.number().describe("the share under which a unit counts as quiet"),
  units: z.array(UnitCompleteness).describe("active units by code (and any retired unit still holding enterprises)"),
  total: CompletenessFigures.describe("the province (the filters applied)"),
});
export type Completeness = z.infer<typeof Completeness>;
