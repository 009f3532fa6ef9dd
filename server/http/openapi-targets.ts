// The OpenAPI paths of targets per unit and year (issue 12 item 4): read, set, their change log, the
// progress toward them and the targets sheet, from the contract's zod schemas; openapi.ts merges them in.
import { z } from "zod";
import {
  ProgressQuery,
  PutTargetsResult,
  TargetChangeEntry,
  TargetInput,
  TargetsApplyResult,
  TargetsDryRun,
  TargetsHistoryQuery,
  TargetsList,
  TargetsProgress,
  TargetsQuery,
} from "../../contract/targets.ts";
import { binary, error, json, query, schema, XLSX, type JsonSchema } from "./openapi-parts.ts";

const invalid = error("Invalid input: error.fields names each field and the reason; nothing changed");
const setters = error("Only an administrator or a leader may set targets");

export const targetPaths = {
  "/api/targets": {
    get: {
      operationId: "listTargets",
      summary:
        "The year's targets: the province's (districtId null) and each unit's; with district, that unit's and the province's",
      parameters: query(TargetsQuery),
      responses: { 200: json(TargetsList, "Targets"), 400: invalid },
    },
    put: {
      operationId: "setTargets",
      summary: "Sets, changes or removes (value null) one target or a list of them: all or nothing, each change logged",
      description:
        "Refused with the field named (`value`, or `2.value` in a list): a negative value, a density above 100, a count that is not whole, an unknown or retired unit, a year outside 2000–2100, an unknown measure, the same target twice.",
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: { oneOf: [schema(TargetInput, "input"), { type: "array", items: schema(TargetInput, "input") }] },
          },
        },
      },
      responses: { 200: json(PutTargetsResult, "Set"), 400: invalid, 403: setters },
    },
  },
  "/api/targets/progress": {
    get: {
      operationId: "targetsProgress",
      summary: "Progress toward the year's targets: the year so far (by fact date) against each target",
      description:
        "With the dashboard's filters; one district uses that unit's targets, none the province's. Without nonState, every enterprise (as GET /api/stats).",
      parameters: query(ProgressQuery),
      responses: { 200: json(TargetsProgress, "Progress"), 400: invalid },
    },
  },
  "/api/targets/history": {
    get: {
      operationId: "targetsHistory",
      summary: "Who set, changed or removed which target of a year, newest first (administrators and leaders)",
      parameters: query(TargetsHistoryQuery),
      responses: { 200: json(z.array(TargetChangeEntry), "Changes"), 400: invalid, 403: setters },
    },
  },
  "/api/targets/template.xlsx": {
    get: {
      operationId: "targetsTemplate",
      summary:
        "The targets sheet: Năm, Mã đơn vị (blank: the whole province), Tên đơn vị and a column per measure, filled with the year's targets",
      parameters: [{ name: "year", in: "query", required: false, schema: { type: "string", pattern: "^\\d{4}$" } }],
      responses: { 200: { description: "The workbook", content: { [XLSX]: { schema: binary } } }, 403: setters },
    },
  },
  "/api/targets/import/dry-run": {
    post: {
      operationId: "targetsDryRun",
      summary: "Checks a targets sheet (.xlsx or UTF-8 CSV as the raw body) row by row; nothing is written",
      description:
        "Each row: set, unchanged or error, with errors as {column (the sheet's own header), code, message}. A blank cell leaves that target as it is. Kept 30 minutes for apply.",
      requestBody: {
        required: true,
        content: { [XLSX]: { schema: binary }, "text/csv": { schema: { type: "string" } } },
      },
      responses: { 200: json(TargetsDryRun, "The dry run"), 400: invalid, 403: setters },
    },
  },
  "/api/targets/import/{importId}/apply": {
    post: {
      operationId: "targetsApply",
      summary: "Applies a clean dry run: every row or none, in one transaction",
      parameters: [{ name: "importId", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        200: json(TargetsApplyResult, "Applied"),
        400: invalid,
        403: setters,
        404: error("No such dry run of yours (expired or applied)"),
        409: error("The dry run has errors"),
      },
    },
  },
};
