// The period report as Word and xlsx at scale (issue 12 item 3): the 12-month report read from the
// log, laid out and written as each file, timed end to end as a download does it (≤ 3 s each).
// Called from bench/history.ts, which has loaded the large database already.
import { reportLayout, type ReportLang } from "../contract/report-layout.ts";
import type { Actor } from "../server/domain/rights.ts";
import type { PeriodQuery, ReportService } from "../server/services/report.ts";
import { reportDocx } from "../server/services/report-docx.ts";
import { reportXlsx } from "../server/services/report-xlsx.ts";
import { ms } from "./support/stats.ts";
import { judged, type Row } from "./support/table.ts";

export async function reportFileRows(
  reports: ReportService,
  by: Actor,
  q: PeriodQuery,
  label: string,
  lang: ReportLang = "vi",
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [kind, write] of [
    ["Word", reportDocx],
    ["xlsx", reportXlsx],
  ] as const) {
    const t0 = performance.now();
    const report = await reports.period(by, q);
    const bytes = (await write(reportLayout(report, "Tỉnh An Phú", lang))).length;
    const took = performance.now() - t0;
    rows.push(
      judged(
        {
          measure: `Period report as ${kind}, 12 months (${q.from}–${q.to}), ${label}`,
          figure: ms(took),
          reference: `${Math.round(bytes / 1024)} KB, ${report.byUnit.length} units`,
          target: "≤ 3 s",
        },
        took,
        { max: 3000, absolute: true },
      ),
    );
  }
  return rows;
}
