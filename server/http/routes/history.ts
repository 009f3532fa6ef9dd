// The past, rebuilt from the change log: /api/trends (totals at each month end). Figures as of a
// day are /api/stats?asOf= (routes/reference.ts); one enterprise's history is routes/enterprises.ts.
import { Router } from "express";
import { TrendsQuery } from "../../../contract/history.ts";
import type { HistoryService } from "../../services/history.ts";
import { actorOf } from "../authenticate.ts";
import { whenGone } from "../request-gone.ts";
import { parse } from "../validate.ts";

export function historyRouter(history: HistoryService) {
  const r = Router();
  r.get("/trends", async (req, res) => {
    const { from, to, units, ...filter } = parse(TrendsQuery, req.query, "query");
    res.json(await history.trend(actorOf(req), filter, from, to, units, { signal: whenGone(res) }));
  });
  return r;
}
