// The OpenAPI paths of the analysis page's reads (trends, figures as of a day) and the table's
// downloads, from the same zod schemas that validate them; server/http/openapi.ts merges them in.
import { ExportQuery } from "../../contract/export.ts";
import { StatsAsOfQuery, Trend, TrendsQuery } from "../../contract/history.ts";
import { PeriodReport, PeriodReportQuery } from "../../contract/report.ts";
import { Coordination, CoordinationQuery } from "../../contract/coordination.ts";
import { error, query, schema, type JsonSchema } from "./openapi-parts.ts";

const file = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: { type: "string", format: "binary" } } },
});

const TIME_ZONE_RULE =
  "Days and months are Viet Nam's (Asia/Ho_Chi_Minh, UTC+7, no daylight saving): a day ends at 24:00 in Ha Noi (17:00 UTC).";

/** GET /api/stats takes asOf besides the filters. */
export const statsParameters = query(StatsAsOfQuery);

export const analysisPaths = {
  "/api/reports/period": {
    get: {
      operationId: "getPeriodReport",
      summary: "The period report: figures for from–to beside the previous period and a year earlier, by unit",
      description: `Rebuilt from the change log by the day each fact happened (factDate). Stock figures (enterprises, workers, members, density, 25+ without a union) at the start and end; flows in the period: increases of partyRecommended, partyAdmitted and initiatives, unions and other organisations founded (flag false → true). Default period: 1 January of this year to today; an end after today is clamped to today (the answer's "to" says so); "to" before "from" or more than 10 years → 400 with field messages. nonState defaults to true. ${TIME_ZONE_RULE}`,
      parameters: query(PeriodReportQuery),
      responses: {
        200: {
          description: "The report",
          content: { "application/json": { schema: schema(PeriodReport, "output") } },
        },
        400: error("Invalid filter or period"),
      },
    },
  },
  "/api/reports/period.docx": {
    get: {
      operationId: "getPeriodReportDocx",
      summary: "The period report as an editable Word file, laid out as a Vietnamese union report",
      description:
        'The same query, rights and figures as GET /api/reports/period, on A4: issuing body, "CÔNG ĐOÀN VIỆT NAM", number and symbol, place and date, sections I–V with each figure beside the previous period and a year earlier, signature block, and an appendix by unit. Vietnamese by default, lang=en for English. File name bao-cao-<from>-<to>.docx (report-… in English).',
      parameters: query(PeriodReportQuery),
      responses: {
        200: file("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "The report"),
        400: error("Invalid filter, period or language"),
        401: error("Not logged in"),
        403: error("This account may not read figures"),
      },
    },
  },
  "/api/reports/period.xlsx": {
    get: {
      operationId: "getPeriodReportXlsx",
      summary: "The period report's tables as a spreadsheet",
      description:
        "The same query, rights and figures as GET /api/reports/period: a sheet with the tables of sections I–V (this period, the previous period, a year earlier) and a sheet by unit, as numbers (counts and percentages). Vietnamese by default, lang=en for English. File name bao-cao-<from>-<to>.xlsx (report-… in English).",
      parameters: query(PeriodReportQuery),
      responses: {
        200: file("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "The tables"),
        400: error("Invalid filter, period or language"),
        401: error("Not logged in"),
        403: error("This account may not read figures"),
      },
    },
  },
  "/api/coordination": {
    get: {
      operationId: "getCoordination",
      summary:
        "The coordination view: for the Party organisation and the Women's Union, Youth Union and Veterans' Association, where each exists, the target list (a union but not it) and how many were founded in the period",
      description: `Every reader. exists and target are the live figures under the filters (nonState defaults to true); target is the regulation's list of enterprises with a grassroots union but without the organisation, and targetList the enterprise list's address for it. founded counts flags that went false → true in from–to by fact date, exactly as the period report counts "other organisations founded". Period rules as GET /api/reports/period. ${TIME_ZONE_RULE}`,
      parameters: query(CoordinationQuery),
      responses: {
        200: {
          description: "One row per organisation",
          content: { "application/json": { schema: schema(Coordination, "output") } },
        },
        400: error("Invalid filter or period"),
        401: error("Not logged in"),
      },
    },
  },
  "/api/coordination.csv": {
    get: {
      operationId: "getCoordinationCsv",
      summary: "The coordination view as CSV",
      description:
        "The same query, rights and figures as GET /api/coordination: UTF-8 with a byte-order mark, comma-separated, CRLF, one row per organisation then the totals; headers in Vietnamese, lang=en for English. Text a spreadsheet would run as a formula is written behind an apostrophe. File name phoi-hop-<from>-<to>.csv (coordination-… in English).",
      parameters: query(CoordinationQuery),
      responses: {
        200: file("text/csv", "The table"),
        400: error("Invalid filter, period or language"),
        401: error("Not logged in"),
      },
    },
  },
  "/api/trends": {
    get: {
      summary: "Totals for the filters at the end of each month, rebuilt from the change log",
      description: `Each month's value is the figures as they were at the last millisecond of that month, enterprises filtered by their values then. ${TIME_ZONE_RULE} At most 120 months; from must not be after to.`,
      parameters: query(TrendsQuery),
      responses: {
        200: {
          description: "One point per month, oldest first",
          content: { "application/json": { schema: schema(Trend, "output") } },
        },
        400: error("Invalid filter or range"),
      },
    },
  },
  "/api/export/enterprises.csv": {
    get: {
      summary: "Every enterprise matching the filters, in the order of sort, as CSV",
      description:
        "UTF-8 with a byte-order mark, comma-separated, CRLF; Vietnamese headers. Text starting with = + - @ is written behind an apostrophe so a spreadsheet does not run it. Needs the export right (ADMIN, ANALYST).",
      parameters: query(ExportQuery),
      responses: {
        200: file("text/csv", "The table"),
        400: error("Invalid filter or sort"),
        403: error("This role may not export"),
      },
    },
  },
  "/api/export/enterprises.xlsx": {
    get: {
      summary: "Every enterprise matching the filters, in the order of sort, as an Excel workbook",
      description:
        "One sheet, Vietnamese headers, counts as numbers, density as a number formatted 0.0%; every text is a plain string, never a formula. Needs the export right (ADMIN, ANALYST).",
      parameters: query(ExportQuery),
      responses: {
        200: file("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "The table"),
        400: error("Invalid filter or sort"),
        403: error("This role may not export"),
      },
    },
  },
};

export const statsAsOfDescription = `Live figures from memory; with asOf, the figures as of the end of that day, rebuilt from the change log. ${TIME_ZONE_RULE}`;
