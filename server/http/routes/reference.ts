// Reference data and statistics: districts, sectors, province, aggregate figures.
import { Router } from "express";
import { StatsQuery } from "../../../contract/filter.ts";
import type { EnterpriseService } from "../../services/enterprises.ts";
import type { ReferenceService } from "../../services/reference.ts";
import { parse } from "../validate.ts";

export function referenceRouter(reference: ReferenceService, enterprises: EnterpriseService) {
  const r = Router();
  r.get("/districts", async (_req, res) => { res.json(await reference.districts()); });
  r.get("/sectors", (_req, res) => { res.json(reference.sectors()); });
  r.get("/province", async (_req, res) => { res.json(await reference.province()); });
  r.get("/stats", async (req, res) => { res.json(await enterprises.stats(parse(StatsQuery, req.query, "query"))); });
  return r;
}
