// Reference data and statistics: districts, sectors, province, aggregate figures.
import { Router } from "express";
import { StatsAsOfQuery } from "../../../contract/history.ts";
import { DistrictsQuery } from "../../../contract/units.ts";
import type { EnterpriseService } from "../../services/enterprises.ts";
import type { HistoryService } from "../../services/history.ts";
import type { ReferenceService } from "../../services/reference.ts";
import { actorOf } from "../authenticate.ts";
import { whenGone } from "../request-gone.ts";
import { parse } from "../validate.ts";

export function referenceRouter(reference: ReferenceService, enterprises: EnterpriseService, history: HistoryService) {
  const r = Router();
  r.get("/districts", async (req, res) => {
    const { includeRetired } = parse(DistrictsQuery, req.query, "query");
    res.json(await reference.districts(includeRetired ?? false));
  });
  r.get("/sectors", (_req, res) => {
    res.json(reference.sectors());
  });
  r.get("/province", async (_req, res) => {
    res.json(await reference.province());
  });
  r.get("/stats", async (req, res) => {
    // With asOf the figures are rebuilt from the change log (the past); without, they are live, from memory.
    // Live figures are always by today's units; `units` matters for the past only.
    const { asOf, units, ...filter } = parse(StatsAsOfQuery, req.query, "query");
    res.json(
      asOf
        ? await history.statsAsOf(actorOf(req), filter, asOf, units, whenGone(res))
        : await enterprises.stats(filter),
    );
  });
  return r;
}
