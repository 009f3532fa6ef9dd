// The past, rebuilt from the change log: figures as of a day (GET /api/stats?asOf=) and monthly
// trends (GET /api/trends). Days and months are Viet Nam's
// (Asia/Ho_Chi_Minh, UTC+7): "as of 2022-09-30" counts every change accepted before
// 2022-10-01 00:00 in Ha Noi; a month's value is the one at the end of its last day.
import { z } from "zod";
import { Figures } from "./stats.ts";
import { FilterQuery, StatsQuery } from "./filter.ts";
import { CalendarDay, UnitsView } from "./units.ts";

export const MAX_TREND_MONTHS = 120;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const Month = z.string().regex(MONTH, "must be a month written YYYY-MM");
export const StatsAsOfQuery = StatsQuery.extend({
  asOf: CalendarDay.optional().describe(
    "figures as of the end of this day in Viet Nam (Asia/Ho_Chi_Minh, UTC+7), rebuilt from the change log",
  ),
  units: UnitsView.optional(),
}).strict();

const monthsFrom = (from: string, to: string) => {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
};

export const TrendsQuery = FilterQuery.extend({
  from: Month.optional().describe("first month, YYYY-MM (default: 11 months before `to`)"),
  to: Month.optional().describe("last month, YYYY-MM (default: this month in Viet Nam)"),
  units: UnitsView.optional(),
})
  .strict()
  .superRefine((q, ctx) => {
    if (!q.from || !q.to || !MONTH.test(q.from) || !MONTH.test(q.to)) return;
    const n = monthsFrom(q.from, q.to);
    if (n < 1) ctx.addIssue({ code: "custom", path: ["from"], message: "must not be after `to`" });
    else if (n > MAX_TREND_MONTHS)
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `must be at most ${MAX_TREND_MONTHS} months after \`from\``,
      });
  });
export type TrendsQuery = z.input<typeof TrendsQuery>;

export const TrendPoint = z.object({
  month: z.string().describe("YYYY-MM"),
  asOf: z
    .string()
    .describe("ISO 8601: the last millisecond of the month in Viet Nam; the figures include every change up to it"),
  totals: Figures,
});
export type TrendPoint = z.infer<typeof TrendPoint>;
export const Trend = z.array(TrendPoint);
