// Who is asking: the session cookie of a person, or a wall display's token (Authorization: Bearer,
// or ?token= in the URL, as a display is configured by its URL). The HTTP layer only resolves the
// Actor; the services decide what it may do. Also the same-origin check for cookie-carried writes.
import type { Request, RequestHandler, Response } from "express";
import { ForbiddenError, UnauthorizedError } from "../domain/errors.ts";
import type { Actor } from "../domain/rights.ts";
import type { AccountService } from "../services/accounts.ts";
import { CLAIMED_SOURCES, type ClaimedSource } from "../../contract/change-log.ts";
import type { Author, ChangeSource } from "../services/enterprises.ts";
import { cookieValue, resolveActor, sameOriginOrNone, SESSION_COOKIE } from "../auth/credentials.ts";

/** Answered without anyone logged in (the rest of /api needs a session or a display token). */
const PUBLIC_PATHS = new Set(["/openapi.json", "/auth/login", "/auth/logout"]);

const actors = new WeakMap<Request, Actor>();

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
