// The province and its units (API name "districts"): set the province, create, rename, merge, split
// and retire units, their history, and the units sheet (template, dry run, apply). The reads
// (GET /api/province, GET /api/districts) are in ./reference.ts. Rights are the services'.
import express, { Router, type RequestHandler } from "express";
import { IMPORT_LIMITS } from "../../../contract/import.ts";
import { ProvincePut, UnitCreate, UnitMerge, UnitPatch, UnitRetire, UnitSplit } from "../../../contract/units.ts";
import { DomainError } from "../../domain/errors.ts";
import type { UnitService } from "../../services/units.ts";
import type { UnitsSheetService } from "../../services/units-sheet.ts";
import { actorOf } from "../authenticate.ts";
import { idParam, parse } from "../validate.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The raw file body up to the import limit. */
export function fileBody(): RequestHandler {
  const raw = express.raw({ type: () => true, limit: IMPORT_LIMITS.maxBytes });
  return (req, res, next) =>
    raw(req, res, (err?: unknown) =>
      next(
        (err as { type?: string })?.type === "entity.too.large"
          ? new DomainError("PAYLOAD_TOO_LARGE", `Tệp quá lớn (tối đa ${IMPORT_LIMITS.maxBytes / 1048576} MB)`, {
              file: "is too large",
            })
          : err,
      ),
    );
}

export function unitsRouter(units: UnitService, sheet: UnitsSheetService) {
  const r = Router();

  r.put("/province", async (req, res) => {
    res.json(await units.setProvince(actorOf(req), parse(ProvincePut, req.body, "province")));
  });

  r.get("/districts/template.xlsx", async (req, res) => {
    const file = await sheet.template(actorOf(req));
    res.setHeader("Content-Type", XLSX);
    res.setHeader("Content-Disposition", 'attachment; filename="mau-don-vi.xlsx"');
    res.setHeader("Cache-Control", "no-store");
    res.send(file);
  });
  r.post("/districts/import/dry-run", fileBody(), async (req, res) => {
    res.json(await sheet.dryRun(actorOf(req), Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)));
  });
  r.post("/districts/import/:importId/apply", async (req, res) => {
    res.json(await sheet.apply(actorOf(req), String(req.params.importId)));
  });

  r.post("/districts", async (req, res) => {
    const created = await units.create(actorOf(req), parse(UnitCreate, req.body, "unit"));
    res.status(201).location(`/api/districts/${created.id}`).json(created);
  });
  r.post("/districts/merge", async (req, res) => {
    res.json(await units.merge(actorOf(req), parse(UnitMerge, req.body, "merge")));
  });
  r.patch("/districts/:id", async (req, res) => {
    const id = unitId(req.params.id);
    res.json(await units.update(actorOf(req), id, parse(UnitPatch, req.body, "unit change")));
  });
  r.get("/districts/:id/history", async (req, res) => {
    res.json(await units.history(actorOf(req), unitId(req.params.id)));
  });
  r.post("/districts/:id/split", async (req, res) => {
    const id = unitId(req.params.id);
    res.json(await units.split(actorOf(req), id, parse(UnitSplit, req.body, "split")));
  });
  r.post("/districts/:id/retire", async (req, res) => {
    const id = unitId(req.params.id);
    res.json(await units.retire(actorOf(req), id, parse(UnitRetire, req.body, "retirement").effectiveDate));
  });
  return r;
}

const unitId = (raw: string | string[] | undefined) => idParam(raw);
