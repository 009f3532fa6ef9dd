// Cross-origin access to the API: off unless configured. With no CORS_ORIGINS a browser page of
// another origin gets no Access-Control-Allow-Origin, so it can neither read answers nor send
// JSON writes (the preflight fails). Origins in the allow-list may, with credentials; Socket.io
// uses the same list (../realtime/io.ts).
import type { RequestHandler } from "express";

const ALLOWED_HEADERS = "Content-Type, Authorization, X-Change-Source";
const ALLOWED_METHODS = "GET, HEAD, POST, PATCH, DELETE";

export function corsAllowList(allowed: readonly string[]): RequestHandler {
  const origins = new Set(allowed);
  return (req, res, next) => {
    res.vary("Origin"); // caches must not hand one origin's answer to another
    const origin = req.get("origin");
    if (!origin || !origins.has(origin)) return next();
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
    if (req.method === "OPTIONS" && req.get("access-control-request-method")) {
      res.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
      res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      res.setHeader("Access-Control-Max-Age", "600");
      res.status(204).end();
      return;
    }
    next();
  };
}
