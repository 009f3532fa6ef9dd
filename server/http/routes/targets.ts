// Targets per unit and year (issue 12 item 4): read them and the progress toward them (every reader),
// set them, their change log, and the targets sheet (template, dry run, apply). Rights are the services'.
import { Router } from "express";
import {
  ProgressQuery,
  TargetInput,
  TargetsHistoryQuery,
  TargetsPut,
  TargetsQuery,
} from "../../../contract/targets.ts";
import type { TargetService } from "../../services/targets.ts";
import type { TargetsSheetService } from "../../services/targets-sheet.ts";
import { actorOf } from "../authenticate.ts";
import { parse } from "../validate.ts";
import { fileBody } from "./units.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function targetsRouter(targets: TargetService, sheet: TargetsSheetService) {
  const r = Router();
  r.get("/targets", async (req, res) => {
    res.json(await targets.list(actorOf(req), parse(TargetsQuery, req.query, "query")));
  });
  r.put("/targets", async (req, res) => {
    const by = actorOf(req);
    // One target names its fields plainly (`value`); a list by position (`2.value`).
    const single = !Array.isArray(req.body);
    const inputs = single ? [parse(TargetInput, req.body, "target")] : parse(TargetsPut, req.body, "targets");
    res.json(await targets.put(by, inputs, single));
  });
  r.get("/targets/progress", async (req, res) => {
    res.json(await targets.progress(actorOf(req), parse(ProgressQuery, req.query, "query")));
  });
  r.get("/targets/history", async (req, res) => {
    res.json(await targets.history(actorOf(req), parse(TargetsHistoryQuery, req.query, "query").year));
  });
  r.get("/targets/template.xlsx", async (req, res) => {
    const file = await sheet.template(actorOf(req), parse(TargetsHistoryQuery, req.query, "query").year);
    res.setHeader("Content-Type", XLSX);
    res.setHeader("Content-Disposition", 'attachment; filename="mau-chi-tieu.xlsx"');
    res.setHeader("Cache-Control", "no-store");
    res.send(file);
  });
  r.post("/targets/import/dry-run", fileBody(), async (req, res) => {
    res.json(await sheet.dryRun(actorOf(req), Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)));
  });
  r.post("/targets/import/:importId/apply", async (req, res) => {
    res.json(await sheet.apply(actorOf(req), String(req.params.importId)));
  });
  return r;
}
