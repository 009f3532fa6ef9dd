// Credentials as they arrive on an HTTP request or a Socket.io handshake (the session cookie, a
// display token, the Origin header), read without Express or Socket.io so http/ and realtime/ share them.
import type { IncomingMessage } from "node:http";
import type { Actor } from "../domain/rights.ts";
import type { AccountService } from "../services/accounts.ts";

export const SESSION_COOKIE = "up_session";

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
