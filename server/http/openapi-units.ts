// The OpenAPI paths of the province and its units (API name "districts"): reads, the administrator's
// changes (create, rename, merge, split, retire), a unit's history and the units sheet, from the
// contract's zod schemas; server/http/openapi.ts merges them in.
import { z } from "zod";
import {
  District,
  DistrictsQuery,
  MergeResult,
  Province,
  ProvincePut,
  SplitResult,
  UnitCreate,
  UnitHistoryEntry,
  UnitMerge,
  UnitPatch,
  UnitRetire,
  UnitSplit,
  UnitsApplyResult,
  UnitsDryRun,
} from "../../contract/units.ts";
import { binary, body, error, json, schema, XLSX, type JsonSchema } from "./openapi-parts.ts";

const id = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } };

const admin = {
  400: error("Invalid input: error.fields names each field and the reason; nothing changed"),
  403: error("Only an administrator may change the province or its units"),
};
const notSetUp = error("NOT_SET_UP: no province is set up yet (PUT /api/province first)");

export const unitPaths = {
  "/api/province": {
    get: {
      operationId: "getProvince",
      summary: "The province this installation serves; null before it is set up",
      responses: { 200: json(Province.nullable(), "The province, or null") },
    },
    put: {
      operationId: "setProvince",
      summary: "Sets the province (creates it when none exists)",
      requestBody: body(ProvincePut),
      responses: { 200: json(Province, "The province"), ...admin, 409: error("The code is taken") },
    },
  },
  "/api/districts": {
    get: {
      operationId: "listUnits",
      summary: "The units under the province (active ones; ?includeRetired=true for all), by code",
      parameters: Object.entries(DistrictsQuery.shape).map(([name, f]) => ({
        name,
        in: "query",
        required: false,
        schema: schema(f as z.ZodType, "input"),
      })),
      responses: { 200: json(z.array(District), "Units") },
    },
    post: {
      operationId: "createUnit",
      summary: "Creates a unit (commune, ward, special zone, industrial park, sector union or district)",
      requestBody: body(UnitCreate),
      responses: { 201: json(District, "Created"), ...admin, 409: error("The code is taken"), 422: notSetUp },
    },
  },
  "/api/districts/{id}": {
    patch: {
      operationId: "updateUnit",
      summary: "Renames, recodes or re-kinds a unit; the old values stay in its history",
      parameters: [id],
      requestBody: body(UnitPatch),
      responses: {
        200: json(District, "Saved"),
        ...admin,
        404: error("No such unit"),
        409: error("The code is taken"),
      },
    },
  },
  "/api/districts/{id}/history": {
    get: {
      operationId: "unitHistory",
      summary: "The unit's own change log, oldest first: who created, renamed, merged, split or retired it, and when",
      parameters: [id],
      responses: { 200: json(z.array(UnitHistoryEntry), "Entries"), 404: error("No such unit") },
    },
  },
  "/api/districts/merge": {
    post: {
      operationId: "mergeUnits",
      summary: "Merges units into an active unit or a new one, from an effective date",
      description:
        "In one transaction: every enterprise of the sources moves to the target (one change-log entry each, source reorganisation), every editor scoped to a source is scoped to the target, and the sources are retired from effectiveDate. No province total changes.",
      requestBody: body(UnitMerge),
      responses: { 200: json(MergeResult, "Merged"), ...admin, 422: notSetUp },
    },
  },
  "/api/districts/{id}/split": {
    post: {
      operationId: "splitUnit",
      summary: "Splits a unit into new ones; every enterprise must be placed",
      description:
        "The old unit is retired from effectiveDate; its editors are listed for the administrator to re-assign.",
      parameters: [id],
      requestBody: body(UnitSplit),
      responses: { 200: json(SplitResult, "Split"), ...admin, 404: error("No such unit") },
    },
  },
  "/api/districts/{id}/retire": {
    post: {
      operationId: "retireUnit",
      summary: "Retires an empty unit from a date",
      parameters: [id],
      requestBody: body(UnitRetire),
      responses: {
        200: json(District, "Retired"),
        ...admin,
        404: error("No such unit"),
        409: error("The unit still has enterprises, or is retired already"),
      },
    },
  },
  "/api/districts/template.xlsx": {
    get: {
      operationId: "unitsTemplate",
      summary: "The units sheet: Mã đơn vị, Tên đơn vị, Loại, with today's units and a drop-down of kinds",
      responses: { 200: { description: "The workbook", content: { [XLSX]: { schema: binary } } }, 403: admin[403] },
    },
  },
  "/api/districts/import/dry-run": {
    post: {
      operationId: "unitsDryRun",
      summary: "Checks a units sheet (.xlsx or UTF-8 CSV as the raw body) row by row; nothing is written",
      description:
        "Each row: create, update, unchanged or error, with errors as {column (the sheet's own header), code, message}. The kind may be its code or its Vietnamese label. Kept 30 minutes for apply.",
      requestBody: {
        required: true,
        content: { [XLSX]: { schema: binary }, "text/csv": { schema: { type: "string" } } },
      },
      responses: { 200: json(UnitsDryRun, "The dry run"), ...admin, 422: notSetUp },
    },
  },
  "/api/districts/import/{importId}/apply": {
    post: {
      operationId: "unitsApply",
      summary: "Applies a clean dry run: every row or none, in one transaction",
      parameters: [{ name: "importId", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        200: json(UnitsApplyResult, "Applied"),
        403: admin[403],
        404: error("No such dry run of yours (expired or applied)"),
        409: error("The dry run has errors, or the units changed since"),
      },
    },
  },
};
