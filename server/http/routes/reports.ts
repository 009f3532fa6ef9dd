// Reports over a period (issue 12): GET /api/reports/period as JSON. The print page and the Word and
// xlsx files build on the same service.
import { Router } from "express";
import { PeriodReportQuery } from "../../../contract/report.ts";
import type { ReportService } from "../../services/report.ts";
import { actorOf } from "../authenticate.ts";
import { parse } from "../validate.ts";

export function reportsRouter(reports: ReportService) {
  const r = Router();
  r.get("/reports/period", async (req, res) => {
    const { lang: _lang, ...query } = parse(PeriodReportQuery, req.query, "query");
    res.json(await reports.period(actorOf(req), query));
  });
  return r;
}
