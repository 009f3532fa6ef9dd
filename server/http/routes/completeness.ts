// /api/completeness (every reader, JSON) and /api/completeness.csv (the export right): which units'
// enterprises were updated in the last 30 and 90 days, and which units have gone quiet.
import { Router } from "express";
import { CompletenessQuery } from "../../../contract/completeness.ts";
import type { CompletenessService } from "../../services/completeness.ts";
import { actorOf } from "../authenticate.ts";
import { parse } from "../validate.ts";

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10); // the date in Viet Nam

export function completenessRouter(completeness: CompletenessService) {
  const r = Router();
  r.get("/completeness", async (req, res) => {
    const { lang: _lang, ...filter } = parse(CompletenessQuery, req.query, "query");
    res.json(await completeness.read(actorOf(req), filter));
  });
  r.get("/completeness.csv", async (req, res) => {
    const { lang: _lang, ...filter } = parse(CompletenessQuery, req.query, "query");
    const body = await completeness.csv(actorOf(req), filter);
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="cap-nhat-so-lieu-${today()}.csv"`);
    res.setHeader("Cache-Control", "no-store");
    res.send(body);
  });
  return r;
}
