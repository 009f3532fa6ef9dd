// /api/export/enterprises.csv and .xlsx: every enterprise matching the filters, in the order given
// by sort, exactly as the analysis table lists them (all pages).
import { Router, type Response } from "express";
import { ExportQuery } from "../../../contract/export.ts";
import type { ExportService } from "../../services/export.ts";
import { actorOf } from "../authenticate.ts";
import { parse } from "../validate.ts";

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10); // the date in Viet Nam

function attachment(res: Response, type: string, extension: string) {
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Disposition", `attachment; filename="doanh-nghiep-${today()}.${extension}"`);
  res.setHeader("Cache-Control", "no-store");
}

export function exportRouter(exports: ExportService) {
  const r = Router();
  r.get("/enterprises.csv", async (req, res) => {
    const { sort, ...filter } = parse(ExportQuery, req.query, "query");
    const by = actorOf(req);
    exports.check(by);
    attachment(res, "text/csv; charset=utf-8", "csv");
    await exports.csv(by, filter, sort, res);
  });
  r.get("/enterprises.xlsx", async (req, res) => {
    const { sort, ...filter } = parse(ExportQuery, req.query, "query");
    const by = actorOf(req);
    exports.check(by);
    attachment(res, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
    await exports.xlsx(by, filter, sort, res);
  });
  return r;
}
