// The period report as Word and xlsx at scale (issue 12 item 3): the 12-month report that
// bench/history.ts has just read from its large database, laid out and written as each file. The
// figure is the file's own work (≤ 3 s); the reference adds the report's read, as a download sees it.
import { reportLayout, type ReportLang } from "../contract/report-layout.ts";
import type { PeriodReport } from "../contract/report.ts";
import { reportDocx } from "../server/services/report-docx.ts";
import { reportXlsx } from "../server/services/report-xlsx.ts";
import { ms } from "./support/stats.ts";
import { judged, type Row } from "./support/table.ts";

export async function reportFileRows(
  report: PeriodReport,
  readMs: number,
  label: string,
  lang: ReportLang = "vi",
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [kind, write] of [
    ["Word", reportDocx],
    ["xlsx", reportXlsx],
  ] as const) {
    const t0 = performance.now();
    const bytes = (await write(reportLayout(report, "Tỉnh An Phú", lang))).length;
    const took = performance.now() - t0;
    rows.push(
      judged(
        {
          measure: `Period report as ${kind}, 12 months (${report.from}–${report.to}), ${label}`,
          figure: ms(took),
          reference: `with the report's read ${ms(readMs + took)}; ${Math.round(bytes / 1024)} KB, ${report.byUnit.length} units`,
          target: "≤ 3 s",
        },
        took,
        { max: 3000, absolute: true },
      ),
    );
  }
  return rows;
}
