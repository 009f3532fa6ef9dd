// GET /api/coordination and /api/coordination.csv (issue 12 item 5): the coordination view's figures
// for every reader, as JSON or as a CSV file; same query as the period report.
import { Router } from "express";
import { CoordinationQuery } from "../../../contract/coordination.ts";
import type { CoordinationService } from "../../services/coordination.ts";
import { actorOf } from "../authenticate.ts";
import { parse } from "../validate.ts";

export function coordinationRouter(coordination: CoordinationService) {
  const r = Router();
  r.get("/coordination", async (req, res) => {
    const { lang: _lang, ...query } = parse(CoordinationQuery, req.query, "query");
    res.json(await coordination.figures(actorOf(req), query));
  });
  r.get("/coordination.csv", async (req, res) => {
    const { lang, ...query } = parse(CoordinationQuery, req.query, "query");
    const file = await coordination.csv(actorOf(req), query, lang ?? "vi");
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="${file.fileName}"`);
    res.setHeader("Cache-Control", "no-store");
    res.send(file.body);
  });
  return r;
}
