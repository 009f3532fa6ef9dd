// The OpenAPI 3.1 document, generated from the same zod schemas that validate requests
// (zod's own JSON Schema output), so the document cannot drift from what the API accepts.
import { z } from "zod";
import { ChangeList, ChangesQuery } from "../../contract/changes.ts";
import { Enterprise, EnterpriseCreate, EnterpriseList, EnterprisePatch } from "../../contract/enterprise.ts";
import { ApiError } from "../../contract/errors.ts";
import { ListQuery } from "../../contract/filter.ts";
import { Stats } from "../../contract/stats.ts";
import { accountPaths, changeLogBrowse, securitySchemes } from "./openapi-accounts.ts";
import { analysisPaths, statsAsOfDescription, statsParameters } from "./openapi-analysis.ts";
import { importPaths } from "./openapi-import.ts";
import { targetPaths } from "./openapi-targets.ts";
import { completenessPaths } from "./openapi-completeness.ts";
import { unitPaths } from "./openapi-units.ts";

type JsonSchema = Record<string, unknown>;
// Request schemas are documented as clients send them (input), responses as they arrive (output).
const input = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: "input", unrepresentable: "any" }));
const output = (s: z.ZodType): JsonSchema => strip(z.toJSONSchema(s, { io: "output", unrepresentable: "any" }));
function strip(s: JsonSchema): JsonSchema {
  const { $schema: _drop, ...rest } = s;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = (schema: z.ZodType) => ({ required: true, content: { "application/json": { schema: input(schema) } } });

function queryParameters(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => {
    const s = input(field as z.ZodType);
    return { name, in: "query", required: false, ...(s.description ? { description: s.description } : {}), schema: s };
  });
}
const idParameter = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } };
const errors = {
  400: json(
    ref("Error"),
    "Invalid input: error.fields names each field and the reason in English, error.fieldCodes the same as codes",
  ),
  404: json(ref("Error"), "Not found"),
};

export function openApiDocument() {
  return withNamesAndErrors({
    openapi: "3.1.0",
    info: {
      title: "UnionPulse API",
      version: "1",
      description:
        'Trade-union membership in the enterprises of a province. Every error is {"error":{"code","message","fields","fieldCodes"}} with a 4xx or 5xx status.',
      // The code carries no public licence (package.json is private): the lead should confirm the wording.
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    // The API is served by the same server as the document: paths are relative to where it was fetched.
    servers: [{ url: "/", description: "The server that serves this document" }],
    paths: {
      "/api/health": {
        get: {
          summary: "Liveness",
          security: [],
          responses: {
            200: json(
              {
                type: "object",
                properties: {
                  status: { const: "ok" },
                  seq: { type: "integer" },
                  settled: {
                    type: "boolean",
                    description:
                      "The work this start left running in the background (history builds, the check of the aggregates checkpoint) is done; the process serves before it",
                  },
                },
              },
              "The server is up",
            ),
          },
        },
      },
      "/api/ready": {
        get: {
          summary:
            "Readiness: this process can serve (the database answers, not shutting down); Redis down is degraded, not unready",
          security: [],
          responses: {
            200: json(
              {
                type: "object",
                properties: {
                  status: { enum: ["ready", "degraded"] },
                  seq: { type: "integer" },
                  checks: { type: "object", additionalProperties: { enum: ["ok", "down"] } },
                  message: { type: "string", description: "What is down, when degraded" },
                },
              },
              "Ready to serve; degraded: Redis is down, figures come from the database and heal when it returns",
            ),
            503: json(
              ref("Error"),
              "Not ready (a dependency is down, or the server is shutting down); error.message names what failed",
            ),
          },
        },
      },
      "/api/sectors": {
        get: {
          summary: "VSIC 2018 sections A–U",
          responses: {
            200: json(
              {
                type: "array",
                items: {
                  type: "object",
                  properties: { code: { type: "string" }, vi: { type: "string" }, en: { type: "string" } },
                },
              },
              "Sectors",
            ),
          },
        },
      },
      "/api/enterprises": {
        get: {
          summary: "Enterprises matching the filters, one page",
          parameters: queryParameters(ListQuery),
          responses: { 200: json(output(EnterpriseList), "A page of enterprises and the total"), 400: errors[400] },
        },
        post: {
          summary: "Register an enterprise",
          requestBody: body(EnterpriseCreate),
          responses: {
            201: json(ref("Enterprise"), "Created"),
            400: errors[400],
            403: json(ref("Error"), "This account may not register enterprises here (a PARTNER never may)"),
            409: json(ref("Error"), "Tax code already registered"),
          },
        },
      },
      "/api/enterprises/recent": {
        get: {
          summary: "The enterprises the caller changed most recently (up to 10), newest first",
          responses: {
            200: json(
              { type: "object", properties: { items: { type: "array", items: ref("Enterprise") } } },
              "The caller's recently edited enterprises",
            ),
          },
        },
      },
      "/api/enterprises/{id}": {
        get: {
          summary: "One enterprise",
          parameters: [idParameter],
          responses: { 200: json(ref("Enterprise"), "The enterprise"), ...errors },
        },
        patch: {
          summary: "Change an enterprise; carries the version edited",
          description:
            "An EDITOR changes the enterprises of his districts; a PARTNER (Women's Union, Youth Union, Veterans' Association) only its organisation's presence flag (hasWomenUnion, hasYouthUnion or hasVeterans) on any enterprise: any other value that differs from the record's → 403 FORBIDDEN with error.fields naming each such field (fieldCodes code forbidden), nothing changed.",
          parameters: [idParameter],
          requestBody: body(EnterprisePatch),
          responses: {
            200: json(ref("Enterprise"), "Saved"),
            ...errors,
            403: json(
              ref("Error"),
              "Not this account's district, or (a PARTNER) a field other than its flag: named in error.fields",
            ),
            409: json(ref("Error"), "Stale version: error.current holds the record as it is now"),
          },
        },
        delete: {
          operationId: "eraseEnterprise",
          summary: "Erases a record created by mistake (administrators); audited, its history kept in the log",
          parameters: [idParameter],
          responses: {
            200: json(
              { type: "object", properties: { id: { type: "integer" }, erased: { const: true } } },
              "Erased: gone from every read and figure; GET /api/enterprises/{id}/history still shows it",
            ),
            403: json(ref("Error"), "Only an administrator may erase"),
            404: errors[404],
          },
        },
      },
      "/api/stats": {
        get: {
          summary: "Aggregate figures for the filters",
          description: statsAsOfDescription,
          parameters: statsParameters,
          responses: { 200: json(ref("Stats"), "Figures"), 400: errors[400] },
        },
      },
      "/api/changes": {
        get: {
          summary:
            "The latest accepted changes, newest first (what a wall display's ticker shows); with user, from, to, page or pageSize, an administrator's browse of the whole log",
          parameters: [
            ...queryParameters(ChangesQuery),
            ...changeLogBrowse.parameters.filter((p) => !(p.name in ChangesQuery.shape)),
          ],
          responses: {
            200: {
              description: "Changes (ticker: {items}; browse: a page with total)",
              content: {
                "application/json": {
                  schema: { oneOf: [output(ChangeList), changeLogBrowse.response.content["application/json"].schema] },
                },
              },
            },
            400: errors[400],
            403: json(ref("Error"), "Browsing the whole log is for administrators"),
          },
        },
      },
      ...accountPaths,
      ...analysisPaths,
      ...completenessPaths,
      ...importPaths,
      ...unitPaths,
      ...targetPaths,
    },
    // Everything needs a session cookie or a display token, except what says `security: []` and
    // /api/health, /api/ready, /api/openapi.json; writes need a person whose role and districts allow them.
    security: [{ session: [] }, { displayToken: [] }],
    components: {
      schemas: { Enterprise: output(Enterprise), Stats: output(Stats), Error: output(ApiError) },
      securitySchemes,
    },
  });
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
type Op = { operationId?: string; responses?: Record<string, unknown> };

/** Gives every operation an operationId (method and path: GET /api/enterprises/{id} → getEnterprisesById),
 *  so a generated client has names, and a 4XX answer where it lists none (any route can refuse a request). */
function withNamesAndErrors<D extends { paths: Record<string, Partial<Record<string, Op>>> }>(doc: D): D {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      op.operationId ??= operationIdOf(method, path);
      const responses = (op.responses ??= {});
      if (!Object.keys(responses).some((code) => /^4/.test(code)))
        responses["4XX"] = json(ref("Error"), "The request was refused (see error.code)");
    }
  }
  return doc;
}

function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api\//, "")
    .split("/")
    .flatMap((part) => {
      const param = /^\{(\w+)\}$/.exec(part);
      return param ? ["by", param[1]!] : part.split(/[^A-Za-z0-9]+/);
    })
    .filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}
