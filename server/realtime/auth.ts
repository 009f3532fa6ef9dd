// Live connections need what the API needs: a session cookie, or a display token in the handshake
// (auth.token, or ?token=). A connection whose session or token ends (logout, password changed,
// user disabled, token revoked) is closed: at once when it ended in this process, and within
// RECHECK_MS when it ended in another one (the periodic re-check reads the database).
import { ForbiddenError } from "../domain/errors.ts";
import { canRead } from "../domain/rights.ts";
import { cookieValue, resolveActor, sameOriginOrNone, SESSION_COOKIE } from "../auth/credentials.ts";
import { digestOf } from "../services/passwords.ts";
import type { AccountService, Ended } from "../services/accounts.ts";
import type { IoServer, SocketCredential } from "./socket-types.ts";

export type { SocketCredential };

const RECHECK_MS = 30_000;

/** allowedOrigins: other origins whose pages may connect with a cookie (CORS_ORIGINS). */
export function guardSockets(
  io: IoServer,
  accounts: AccountService,
  allowedOrigins: readonly string[] = [],
): () => void {
  io.use(async (socket, next) => {
    try {
      const req = socket.request;
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token ?? socket.handshake.query.token;
      const cookie = cookieValue(req.headers.cookie, SESSION_COOKIE);
      // A cookie rides along with any page's WebSocket: only our own pages may use it.
      if (cookie && !sameOriginOrNone(req.headers.origin, req.headers.host, allowedOrigins))
        return next(new Error("FORBIDDEN: cross-site connection"));
      const headers = {
        ...req.headers,
        authorization: req.headers.authorization ?? (typeof token === "string" ? `Bearer ${token}` : undefined),
      };
      const actor = await resolveActor(accounts, { headers }, undefined);
      if (!actor) return next(new Error("UNAUTHORIZED: log in or give a display token"));
      if (!canRead(actor)) return next(new ForbiddenError("You may not read this"));
      socket.data.actor = actor;
      socket.data.credential = {
        ...(cookie && actor.kind === "user" ? { sessionId: digestOf(cookie) } : {}),
        key: digestOf(`${cookie ?? ""}|${headers.authorization ?? ""}`),
        recheck: () => resolveActor(accounts, { headers }, undefined),
      };
      next();
    } catch (e) {
      next(e instanceof Error ? e : new Error(String(e)));
    }
  });

  const endedHere = (e: Ended) => {
    for (const socket of io.of("/").sockets.values()) {
      const a = socket.data.actor;
      if (!a) continue;
      const hit =
        "userId" in e
          ? a.kind === "user" && a.userId === e.userId
          : "sessionId" in e
            ? socket.data.credential?.sessionId === e.sessionId
            : a.kind === "display" && a.userId === e.displayTokenId;
      if (hit) socket.disconnect(true);
    }
  };
  const unsubscribe = accounts.onEnded(endedHere);

  // One look-up per distinct credential, one after another: thousands of walls on one token cost
  // one query, and the database never sees a burst of one query per socket.
  let rechecking = false;
  const recheckAll = async () => {
    if (rechecking) return;
    rechecking = true;
    try {
      const byKey = new Map<
        string,
        { recheck: () => Promise<unknown>; sockets: { disconnect(close: boolean): unknown }[] }
      >();
      for (const socket of io.of("/").sockets.values()) {
        const c = socket.data.credential;
        if (!c) continue;
        const group = byKey.get(c.key) ?? { recheck: c.recheck, sockets: [] };
        group.sockets.push(socket);
        byKey.set(c.key, group);
      }
      for (const { recheck, sockets } of byKey.values()) {
        const actor = await recheck().catch(() => undefined); // a database hiccup is not a logout
        if (actor === null) for (const s of sockets) s.disconnect(true);
      }
    } finally {
      rechecking = false;
    }
  };
  const timer = setInterval(() => void recheckAll(), RECHECK_MS);
  timer.unref();
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}
