// /api/import: the pre-filled template, the dry run of an uploaded file (the file is the raw
// request body, any Content-Type: the server sniffs what it is), and applying a dry run.
// Mounted before the API's JSON-only guard (server/http/app.ts); rights are the services'.
import express, { Router, type RequestHandler } from "express";
import { DryRunQuery, IMPORT_LIMITS, TemplateQuery } from "../../../contract/import.ts";
import { DomainError, ValidationError } from "../../domain/errors.ts";
import { checkMapping } from "../../domain/import-mapping.ts";
import { problem } from "../../../contract/errors.ts";
import type { ImportService } from "../../services/import.ts";
import { actorOf } from "../authenticate.ts";
import { whenGone } from "../request-gone.ts";
import { parse } from "../validate.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10); // the date in Viet Nam

/** The raw body up to the limit; a larger one is refused with a message that says the limit. */
function fileBody(): RequestHandler {
  const raw = express.raw({ type: () => true, limit: IMPORT_LIMITS.maxBytes });
  return (req, res, next) => {
    raw(req, res, (err?: unknown) => {
      if ((err as { type?: string })?.type === "entity.too.large") {
        return next(
          new DomainError(
            "PAYLOAD_TOO_LARGE",
            `Tệp quá lớn (tối đa ${IMPORT_LIMITS.maxBytes / 1048576} MB); không có gì được ghi`,
            { file: problem("too_large", { max: IMPORT_LIMITS.maxBytes }, "is too large") },
          ),
        );
      }
      next(err);
    });
  };
}

/** ?mapping={"Lao động nữ":"ignore",…}: the file's headers → a field or "ignore". */
function mappingOf(query: unknown) {
  const { mapping } = parse(DryRunQuery, query, "query");
  if (mapping === undefined) return new Map();
  let raw: unknown;
  try {
    raw = JSON.parse(mapping);
  } catch {
    throw new ValidationError(
      { mapping: problem("bad_json", undefined, "is not JSON") },
      "Cách đọc cột (mapping) không phải là JSON",
    );
  }
  const checked = checkMapping(raw);
  if (checked.message) throw new ValidationError(checked.problems, checked.message);
  return checked.mapping;
}

export function importRouter(imports: ImportService) {
  const r = Router();

  r.get("/template.xlsx", async (req, res) => {
    const { district } = parse(TemplateQuery, req.query, "query");
    const file = await imports.template(actorOf(req), district);
    res.setHeader("Content-Type", XLSX);
    res.setHeader("Content-Disposition", `attachment; filename="mau-nhap-doanh-nghiep-${today()}.xlsx"`);
    res.setHeader("Cache-Control", "no-store");
    res.send(file);
  });

  r.post("/dry-run", fileBody(), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    // The answer comes as JSON already (made in the dry run's thread): sent as is, as res.json would.
    const json = await imports.dryRun(actorOf(req), body, mappingOf(req.query), whenGone(res));
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.send(Buffer.from(json.buffer, json.byteOffset, json.byteLength));
  });

  r.post("/:importId/apply", async (req, res) => {
    res.json(await imports.apply(actorOf(req), String(req.params.importId)));
  });

  return r;
}
