// The coordination view (issue 12 item 5): for the Party organisation and each partner organisation
// under the coordination regulation, where it exists, the regulation's target list (a union but not
// it) and how many were founded in a period. GET /api/coordination and its CSV share this query.
import { z } from "zod";
import { PeriodReportQuery } from "./report.ts";
import type { PartnerOrganisation } from "./roles.ts";

/** The organisations the view counts, in its column order: the Party first, then the partners. */
export const COORDINATED = ["party", "women", "youth", "veterans"] as const;
export type Coordinated = (typeof COORDINATED)[number];

/** A partner organisation (a PARTNER account's) → its key in the view. */
export const COORDINATED_OF = { WOMEN: "women", YOUTH: "youth", VETERANS: "veterans" } as const satisfies Record<
  PartnerOrganisation,
  Coordinated
>;
/** Same filters and period as the period report (nonState defaults to true); lang names the CSV's headers. */
export const CoordinationQuery = PeriodReportQuery;
export type CoordinationQuery = z.input<typeof CoordinationQuery>;

const count = z.number().int();

export const CoordinationRow = z.object({
  organisation: z.enum(COORDINATED),
  exists: count.describe("enterprises (now, under the filters) where the organisation exists"),
  target: count.describe(
    "enterprises (now, under the filters) with a grassroots union but without this organisation: the regulation's target list",
  ),
  founded: count.describe("enterprises where it was founded in the period (flag false → true, by fact date)"),
  targetList: z
    .string()
    .describe("GET address of the target list (the enterprise list filtered by union=true&missing=<organisation>)"),
});
export type CoordinationRow = z.infer<typeof CoordinationRow>;

export const Coordination = z.object({
  from: z.string().describe("first day of the period, YYYY-MM-DD"),
  to: z.string().describe("last day of the period (clamped to today)"),
  generatedAt: z.string(),
  seq: count.describe("the last change counted in the current figures"),
  enterprises: count.describe("enterprises under the filters now"),
  withUnion: count.describe("of them, those with a grassroots union"),
  rows: z.array(CoordinationRow).describe("one per organisation: party, women, youth, veterans"),
});
export type Coordination = z.infer<typeof Coordination>;
