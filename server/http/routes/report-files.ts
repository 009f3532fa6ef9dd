// GET /api/reports/period.docx and .xlsx (issue 12 item 3): the period report as a Word file and as a
// spreadsheet of its tables; the same query and rights as GET /api/reports/period, lang=en for English.
import { Router, type Response } from "express";
import { PeriodReportQuery } from "../../../contract/report.ts";
import type { ReportFile, ReportFileService } from "../../services/report-files.ts";
import { actorOf } from "../authenticate.ts";
import { parse } from "../validate.ts";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function send(res: Response, type: string, file: ReportFile) {
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Disposition", `attachment; filename="${file.fileName}"`);
  res.setHeader("Cache-Control", "no-store");
  res.end(file.body);
}

export function reportFilesRouter(files: ReportFileService) {
  const r = Router();
  r.get("/reports/period.docx", async (req, res) => {
    const { lang, ...query } = parse(PeriodReportQuery, req.query, "query");
    send(res, DOCX, await files.docx(actorOf(req), query, lang ?? "vi"));
  });
  r.get("/reports/period.xlsx", async (req, res) => {
    const { lang, ...query } = parse(PeriodReportQuery, req.query, "query");
    send(res, XLSX, await files.xlsx(actorOf(req), query, lang ?? "vi"));
  });
  return r;
}
