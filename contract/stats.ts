// Aggregate figures as GET /api/stats and live updates carry them. Density is union members ÷
// headcount over the enterprises with workers (ILO), summed first and divided once.
import { z } from "zod";

export const Figures = z.object({
  enterprises: z.number().int(),
  headcount: z.number().int(),
  unionMembers: z.number().int(),
  density: z.number().nullable().describe("unionMembers ÷ headcount, null when there are no workers"),
  withUnion: z.number().int().describe("enterprises with a grassroots union"),
  over25: z.number().int().describe("enterprises with 25 or more workers"),
  over25NoUnion: z.number().int().describe("enterprises with 25 or more workers and no grassroots union"),
  missing: z
    .object({
      union: z.number().int(),
      party: z.number().int(),
      youth: z.number().int(),
      women: z.number().int(),
      veterans: z.number().int(),
    })
    .describe("enterprises without each organisation"),
  partyRecommended: z.number().int(),
  partyAdmitted: z.number().int(),
  partyAdmissionRate: z.number().nullable().describe("partyAdmitted ÷ partyRecommended"),
  initiatives: z.number().int(),
});
export type Figures = z.infer<typeof Figures>;

export const Stats = z.object({
  seq: z.number().int().describe("sequence number of the last change included"),
  totals: Figures,
  byDistrict: z.array(Figures.extend({ districtId: z.number().int() })),
  bySector: z.array(Figures.extend({ sector: z.string() })),
  byOwnership: z.array(Figures.extend({ ownership: z.string() })),
  bySize: z.array(Figures.extend({ size: z.string() })),
});
export type Stats = z.infer<typeof Stats>;
