// The OpenAPI paths of the Excel/CSV import (template, dry run, apply), from the contract's zod
// schemas; server/http/openapi.ts merges them in.
import { z } from "zod";
import { ApplyResult, DryRun, DryRunQuery, IMPORT_LIMITS, TemplateQuery } from "../../contract/import.ts";
import { IGNORE_COLUMN, IMPORT_FIELD_NAMES } from "../../contract/import-fields.ts";
import { binary, error, json, schema, type JsonSchema } from "./openapi-parts.ts";

export const importPaths = {
  "/api/import/template.xlsx": {
    get: {
      summary: "The caller's editable enterprises as a pre-filled .xlsx import template",
      description:
        "Vietnamese headers, one row per enterprise with its current values, drop-down lists (district codes, VSIC letters, ownership, Có/Không), whole numbers ≥ 0 for counts, a second sheet of code lists, and hidden locked id and version columns. An administrator gets every district, or those of ?district=.",
      parameters: Object.entries(TemplateQuery.shape).map(([name, f]) => ({
        name,
        in: "query",
        required: false,
        schema: schema(f as z.ZodType, "input"),
      })),
      responses: {
        200: {
          description: "The workbook",
          content: { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: binary } },
        },
        403: error("This role may not edit enterprises, or not in these districts"),
      },
    },
  },
  "/api/import/dry-run": {
    post: {
      summary: "Reads an .xlsx or CSV file and says row by row what applying it would do; writes nothing",
      description: `The file is the raw request body (any Content-Type: the type is read from the content). CSV: UTF-8 with or without BOM, comma, semicolon or tab separated; numbers such as 1.234 are read the Vietnamese way. At most ${IMPORT_LIMITS.maxBytes / 1048576} MB (413), ${IMPORT_LIMITS.maxRows} rows and ${IMPORT_LIMITS.maxColumns} columns; formulas are never evaluated (the cell is an error). Rows are matched by id when present, else by tax code; an unknown tax code is a new enterprise. The header row may sit under a title (the first of the first 10 rows with a tax-code header). Headers are matched without accents, case or punctuation, to the template's or a common variant (MST, Tên DN, Ngành, Số LĐ, Tổng số LĐ, Số CNLĐ, Số ĐV, Chi bộ, Có ĐTN, Có Hội PN, Hội PN, CCB…); STT, Địa chỉ and the like are ignored. Every other column is listed in ignoredColumns and columns (how: unrecognised) and is not imported until mapped: ?mapping= a JSON object, header → one of ${[...IMPORT_FIELD_NAMES, IGNORE_COLUMN].join(", ")}; the mapping is remembered for the account's next dry runs (and wins over a header's own meaning). A yes/no column with some x, X, ✓ or có and no written no is an x-mark column (columns[].xMarks): a blank there is no; so is a wholly blank yes/no column of a file that marks another. Elsewhere a blank yes/no cell is an error. Two columns whose headers name one field: the later is listed in doubledColumns, not imported, and the dry run cannot be applied until a mapping says what it is. Errors name the file's own headers; a required column the file lacks is named by the template's header and listed in missingColumns. The plan is kept ${IMPORT_LIMITS.keepMinutes} minutes for POST /api/import/{importId}/apply, which writes exactly what the dry run showed (with its mapping).`,
      parameters: Object.entries(DryRunQuery.shape).map(([name, f]) => ({
        name,
        in: "query",
        required: false,
        description: (f as z.ZodType).description,
        schema: schema(f as z.ZodType, "input"),
      })),
      requestBody: {
        required: true,
        content: {
          "application/octet-stream": { schema: binary },
          "text/csv": { schema: binary },
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: binary },
        },
      },
      responses: {
        200: json(
          DryRun,
          "The dry run: each row's action, changes (field → [current, in the file]) and errors (column, reason)",
        ),
        400: error(
          "Not a usable spreadsheet (broken, a zip bomb, too many rows, no tax-code column), or a bad mapping: an unknown field, or two columns to one field (error.fields names mapping.<header>)",
        ),
        403: error("This role may not edit enterprises"),
        413: error("The file is too large"),
        415: error("Not an .xlsx or UTF-8 CSV file"),
        429: error(
          "Another dry run of this account is still being read (one at a time per account): retry when it has answered",
        ),
      },
    },
  },
  "/api/import/{importId}/apply": {
    post: {
      summary: "Applies a dry run, all or nothing, in one transaction; broadcast live like any other change",
      parameters: [{ name: "importId", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        200: json(ApplyResult, "Applied: counts and the sequence numbers of the changes"),
        400: error("The dry run had errors"),
        404: error("No such dry run for this user (expired, or already applied)"),
        409: error(
          "A row changed since the template was downloaded or since the dry run: error.current.stale lists them; nothing was written",
        ),
      },
    },
  },
};
