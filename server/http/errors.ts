// One error shape for every failure: {"error":{"code","message","fields"}} with the right status.
// Stack traces are logged, never sent; credentials are neither (addresses are logged redacted).
import type { ErrorRequestHandler, RequestHandler } from "express";
import { errorBody, problem, type ApiError, type ErrorCode } from "../../contract/errors.ts";
import { DomainError } from "../domain/errors.ts";
import type { Logger } from "../log.ts";
import { RequestGone } from "./request-gone.ts";

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  BAD_JSON: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_SET_UP: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
};

/** The 4xx status an error carries (http-errors' `status`/`statusCode`, as Express's parts set them), or null. */
function clientStatusOf(err: unknown): number | null {
  const e = err as { status?: unknown; statusCode?: unknown } | null;
  const s = typeof e?.status === "number" ? e.status : typeof e?.statusCode === "number" ? e.statusCode : null;
  return s !== null && s >= 400 && s < 500 ? s : null;
}

/** An address fit for the log: credentials that ride in the query (a display's ?token=) replaced. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:[\w-]*token|password|secret|key)=)[^&#]*/gi, "$1[redacted]");
}

/** Why the database could not take a request, or null when it is another failure. "unreachable": no
 *  connection can be made (down, network cut); "busy": it answers but no connection or lock came in
 *  time (SQLite's busy timeout, PostgreSQL's pool or transaction wait), or PostgreSQL broke a deadlock
 *  between two writers by rolling one back (40P01; Prisma's P2034; our writers take their locks in one
 *  order, so this is left to rare cases: db/row-locks.ts). Either way nothing was saved, and the same
 *  request sent again can succeed. */
export function databaseTrouble(err: unknown): "unreachable" | "busy" | null {
  const text = `${(err as { code?: string })?.code ?? ""} ${(err as Error)?.message ?? ""}`;
  if (
    /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|P1001|P1002|P1017|Connection terminated unexpectedly|Can't reach database|server closed the connection|the database system is (starting up|shutting down)/i.test(
      text,
    )
  )
    return "unreachable";
  if (
    /SQLITE_BUSY|SQLITE_LOCKED|database is locked|ETIMEDOUT|P1008|P2024|P2028|Transaction API error|Unable to start a transaction|timeout exceeded when trying to connect|Connection terminated due to connection timeout|too many clients|lock timeout|statement timeout|40P01|40001|P2034|deadlock detected|could not serialize access/i.test(
      text,
    )
  )
    return "busy";
  return null;
}

const TROUBLE = {
  unreachable: "The database cannot be reached; nothing was saved. Try again shortly.",
  busy: "The database is too busy to answer in time; nothing was saved. Try again shortly.",
};

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } } | null;
  if (e?.code === "P2002") return true;
  return e?.code === "P2010" && e.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}

export function toApiError(err: unknown): { status: number; body: ApiError } | null {
  if (err instanceof DomainError)
    return { status: STATUS[err.code], body: errorBody(err.code, err.message, err.fields, err.current) };
  const e = err as { type?: string; status?: number };
  if (e?.type === "entity.parse.failed")
    return {
      status: 400,
      body: errorBody("BAD_JSON", "The request body is not valid JSON", { "(body)": problem("bad_json") }),
    };
  if (e?.type === "entity.too.large")
    return {
      status: 413,
      body: errorBody("PAYLOAD_TOO_LARGE", "The request body is too large", {
        "(body)": problem("too_large", undefined, "is too large"),
      }),
    };
  if (e?.type === "charset.unsupported" || e?.type === "encoding.unsupported")
    return {
      status: 400,
      body: errorBody("BAD_JSON", "The request body must be UTF-8 JSON", {
        "(body)": problem("bad_json", undefined, "must be UTF-8 JSON"),
      }),
    };
  // A unique value taken by a concurrent write (PostgreSQL runs writes side by side): Prisma's P2002, or
  // from a raw statement (an import's multi-row INSERT, an edit's UPDATE) its P2010 with the driver's
  // unique violation, e.g. a tax code registered after the apply checked it and before it wrote it.
  if (isUniqueViolation(err)) {
    const taxCode = /taxCode/.test(JSON.stringify((err as { meta?: unknown }).meta ?? ""));
    return {
      status: 409,
      body: errorBody(
        "CONFLICT",
        "A unique value is already used by another record",
        taxCode ? { taxCode: problem("taken", undefined, "is already registered to another enterprise") } : undefined,
      ),
    };
  }
  // Any other error an Express part marks as the client's (a broken %-escape in the path, an aborted
  // or mis-encoded body): the client's mistake, said in our shape rather than as a 500.
  const status = clientStatusOf(err);
  if (status !== null) {
    if (err instanceof URIError)
      return {
        status: 400,
        body: errorBody("VALIDATION", "The address has a malformed percent-escape", {
          "(path)": problem("bad_format", undefined, "has a malformed percent-escape"),
        }),
      };
    const code: ErrorCode = CODE_OF_STATUS[status] ?? "VALIDATION";
    return {
      status: STATUS[code],
      body: errorBody(code, "The request is malformed", { "(request)": problem("invalid", undefined, "is malformed") }),
    };
  }
  const trouble = databaseTrouble(err);
  if (trouble) return { status: 503, body: errorBody("UNAVAILABLE", TROUBLE[trouble]) };
  return null;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof RequestGone) return; // nobody to answer, nothing went wrong
    const known = toApiError(err);
    if (known) {
      if (known.status >= 500)
        log.error(`${req.method} ${redactUrl(req.originalUrl)}: ${known.body.error.message}`, err);
      res.status(known.status).json(known.body);
      return;
    }
    log.error(`${req.method} ${redactUrl(req.originalUrl)} failed`, err);
    res.status(500).json(errorBody("INTERNAL", "Something went wrong on the server; nothing was saved."));
  };
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json(errorBody("NOT_FOUND", `No such endpoint: ${req.method} ${req.originalUrl.split("?")[0]}`));
};

/** A write whose body is not declared as JSON would otherwise arrive empty and fail obscurely. */
export const jsonBodiesOnly: RequestHandler = (req, res, next) => {
  if (req.method !== "POST" && req.method !== "PATCH" && req.method !== "PUT") return next();
  if (req.is("application/json")) return next();
  // No body at all (POST /api/auth/logout): nothing to misread.
  if (req.headers["transfer-encoding"] === undefined && Number(req.headers["content-length"] ?? 0) === 0) return next();
  res.status(415).json(
    errorBody("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json", {
      "(body)": problem("bad_json", undefined, "must be JSON (Content-Type: application/json)"),
    }),
  );
};
