// The period report as files (issue 12 item 3): the JSON report laid out once (contract/report-layout.ts)
// with the province's name, then written as Word or xlsx. Same rights as the JSON: whoever reads figures.
// The writers (docx, exceljs) load at the first file asked for, not at start-up.
import { reportLayout, type ReportLang } from "../../contract/report-layout.ts";
import type { Actor } from "../domain/rights.ts";
import type { Db } from "../db/database.ts";
import { findProvince } from "../db/unit-queries.ts";
import type { PeriodQuery, ReportService } from "./report.ts";

export interface ReportFile {
  fileName: string;
  body: Buffer;
}

export function reportFileService(db: Db, reports: ReportService) {
  async function layout(by: Actor, q: PeriodQuery, lang: ReportLang) {
    const report = await reports.period(by, q);
    const province = await findProvince(db);
    return reportLayout(report, province?.name ?? "", lang);
  }
  return {
    async docx(by: Actor, q: PeriodQuery, lang: ReportLang): Promise<ReportFile> {
      const l = await layout(by, q, lang);
      return { fileName: `${l.fileName}.docx`, body: await (await import("./report-docx.ts")).reportDocx(l) };
    },
    async xlsx(by: Actor, q: PeriodQuery, lang: ReportLang): Promise<ReportFile> {
      const l = await layout(by, q, lang);
      return { fileName: `${l.fileName}.xlsx`, body: await (await import("./report-xlsx.ts")).reportXlsx(l) };
    },
  };
}
export type ReportFileService = ReturnType<typeof reportFileService>;
