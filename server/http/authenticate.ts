// Who is asking: the session cookie of a person, or a wall display's token (Authorization: Bearer,
// or ?token= in the URL, as a display is configured by its URL). The HTTP layer only resolves the
// Actor; the services decide what it may do. Also the same-origin check for cookie-carried writes.
import type { IncomingMessage } from "node:http";
import type { Request, RequestHandler, Response } from "express";
import { ForbiddenError, UnauthorizedError } from "../domain/errors.ts";
import type { Actor } from "../domain/rights.ts";
import type { AccountService } from "../services/accounts.ts";
import { CLAIMED_SOURCES, type ClaimedSource } from "../../contract/change-log.ts";
import type { Author, ChangeSource } from "../services/enterprises.ts";

export const SESSION_COOKIE = "up_session";
/** Answered without anyone logged in (the rest of /api needs a session or a display token). */
const PUBLIC_PATHS = new Set(["/openapi.json", "/auth/login", "/auth/logout"]);

const actors = new WeakMap<Request, Actor>();

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The display token of a request or handshake: Authorization: Bearer, else ?token=. */
export function bearerOf(authorization: string | undefined, queryToken: unknown): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (m) return m[1]!;
  return typeof queryToken === "string" && queryToken ? queryToken : null;
}

/** Resolves a cookie session first, else a display token; null when neither is valid. */
export async function resolveActor(
  accounts: AccountService,
  req: Pick<IncomingMessage, "headers">,
  queryToken: unknown,
): Promise<Actor | null> {
  const cookie = cookieValue(req.headers.cookie, SESSION_COOKIE);
  if (cookie) {
    const a = await accounts.sessionActor(cookie);
    if (a) return a;
  }
  const token = bearerOf(req.headers.authorization, queryToken);
  return token ? accounts.displayActor(token) : null;
}

export function authenticate(accounts: AccountService): RequestHandler {
  return async (req, _res, next) => {
    const actor = await resolveActor(accounts, req, req.query.token);
    if (req.query.token !== undefined) {
      // The token is the caller's credential, not a filter: the routes' strict query schemas never see it.
      const { token: _credential, ...rest } = req.query;
      Object.defineProperty(req, "query", { value: rest, writable: true, configurable: true, enumerable: true });
    }
    if (actor) actors.set(req, actor);
    else if (!PUBLIC_PATHS.has(req.path))
      return next(
        new UnauthorizedError(
          cookieValue(req.headers.cookie, SESSION_COOKIE) ? "Your session has ended: log in again" : "Log in first",
        ),
      );
    next();
  };
}

export function actorOf(req: Request): Actor {
  const a = actors.get(req);
  if (!a) throw new UnauthorizedError();
  return a;
}

/** What a write came through, as the server knows it: how its author was authenticated. (Imports
 *  and the seed set their own source on the server.) */
export function sourceOf(actor: Actor): ChangeSource {
  return actor.kind === "user" ? "session" : "display";
}

/** What the client says it is (X-Change-Source: the editor form, the simulator): any script can
 *  send it, so it is only a claim, logged beside the source; anything else is no claim. */
export function claimedSourceOf(req: Request): ClaimedSource | null {
  const s = String(req.get("x-change-source") ?? "")
    .trim()
    .toLowerCase();
  return (CLAIMED_SOURCES as readonly string[]).includes(s) ? (s as ClaimedSource) : null;
}

export const authorOf = (req: Request): Author => {
  const actor = actorOf(req);
  return { actor, source: sourceOf(actor), claimedSource: claimedSourceOf(req) };
};

/** True when the Origin header, if any, names this server's host (a page of ours made the request)
 *  or one of the origins allowed by configuration (CORS_ORIGINS, ./cors.ts). */
export function sameOriginOrNone(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[] = [],
): boolean {
  if (!origin) return true; // non-browser clients (scripts, curl) send none; cookies are SameSite anyway
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** A cross-site page cannot write with a visitor's cookie: SameSite=Lax stops most of it, this the rest. */
export function sameOriginWrites(allowed: readonly string[] = []): RequestHandler {
  return (req, _res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    if (!sameOriginOrNone(req.get("origin"), req.get("host"), allowed))
      return next(new ForbiddenError("Cross-site requests may not write"));
    next();
  };
}

export function setSessionCookie(res: Response, req: Request, secret: string, secure: boolean) {
  res.cookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: "lax", secure: secure || req.secure, path: "/" });
}
export function clearSessionCookie(res: Response, req: Request, secure: boolean) {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "lax", secure: secure || req.secure, path: "/" });
}
