// /api/export/enterprises.csv and .xlsx: every enterprise matching the filters, in the order given
// by sort, exactly as the analysis table lists them (all pages).
import { Router, type Response } from "express";
import { ExportQuery } from "../../../contract/export.ts";
import type { Logger } from "../../log.ts";
import { DownloadCancelled, type ExportService } from "../../services/export.ts";
import { actorOf } from "../authenticate.ts";
import { redactUrl } from "../errors.ts";
import { parse } from "../validate.ts";

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10); // the date in Viet Nam

function attachment(res: Response, type: string, extension: string) {
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Disposition", `attachment; filename="doanh-nghiep-${today()}.${extension}"`);
  res.setHeader("Cache-Control", "no-store");
}

/** Once the file has started, an error can no longer become a JSON answer: cut the download short,
 *  so the browser reports it failed rather than saving half a table as if it were whole. */
async function streamed(res: Response, log: Logger, send: () => Promise<void>) {
  try {
    await send();
  } catch (e) {
    if (!res.headersSent && !(e instanceof DownloadCancelled)) {
      res.removeHeader("Content-Disposition"); // the error answer is JSON, not a file to save
      throw e;
    }
    if (!(e instanceof DownloadCancelled))
      log.error(`export failed after it started: ${redactUrl(res.req.originalUrl)}`, e);
    res.destroy();
  }
}

export function exportRouter(exports: ExportService, log: Logger) {
  const r = Router();
  r.get("/enterprises.csv", async (req, res) => {
    const { sort, ...filter } = parse(ExportQuery, req.query, "query");
    const by = actorOf(req);
    exports.check(by);
    attachment(res, "text/csv; charset=utf-8", "csv");
    await streamed(res, log, () => exports.csv(by, filter, sort, res));
  });
  r.get("/enterprises.xlsx", async (req, res) => {
    const { sort, ...filter } = parse(ExportQuery, req.query, "query");
    const by = actorOf(req);
    exports.check(by);
    attachment(res, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
    await streamed(res, log, () => exports.xlsx(by, filter, sort, res));
  });
  return r;
}
