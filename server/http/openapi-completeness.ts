// The OpenAPI paths of reporting completeness (issue 11 item 4), from the same zod schemas that
// validate them; server/http/openapi.ts merges them in.
import { Completeness, CompletenessQuery } from "../../contract/completeness.ts";
import { error, query, schema, type JsonSchema } from "./openapi-parts.ts";

const parameters = query(CompletenessQuery);

const RULE =
  "An update is any accepted change entered (the time it was entered, not its fact date): form, API, import, quick update, seed; a reorganisation (merge or split moving enterprises) is not. Counted: the unit's active enterprises now (not ceased, not erased) matching the filters. A unit is quiet when nothing of it was updated in 30 days, or under 10 % of its enterprises were; a unit without enterprises is never quiet.";

export const completenessPaths = {
  "/api/completeness": {
    get: {
      operationId: "getCompleteness",
      summary: "Reporting completeness: per unit, enterprises updated in the last 30 and 90 days, and the last update",
      description: `${RULE} Active units by code (and a retired unit still holding enterprises), then the province total. Every reader.`,
      parameters,
      responses: {
        200: {
          description: "The units and the province total",
          content: { "application/json": { schema: schema(Completeness, "output") } },
        },
        400: error("Invalid filter"),
        401: error("Not logged in"),
      },
    },
  },
  "/api/completeness.csv": {
    get: {
      operationId: "getCompletenessCsv",
      summary: "Reporting completeness as CSV",
      description: `The same table as GET /api/completeness, UTF-8 with a byte-order mark, comma-separated, CRLF, Vietnamese headers, the province last ("Toàn tỉnh"); shares as fractions, times as ISO. Text starting with = + - @ is written behind an apostrophe. Needs the export right (ADMIN, ANALYST). ${RULE}`,
      parameters,
      responses: {
        200: { description: "The table", content: { "text/csv": { schema: { type: "string", format: "binary" } } } },
        400: error("Invalid filter"),
        401: error("Not logged in"),
        403: error("This role may not export"),
      },
    },
  },
};
