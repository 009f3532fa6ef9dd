// Caps how fast one account (or one display token) may write: a runaway script or a stolen session
// cannot flood the database and every connected display. At most `perMinute` writes (POST, PATCH,
// PUT, DELETE) in any 60 s, then 429 RATE_LIMITED with Retry-After. Kept in memory, per process:
// behind several processes each one counts on its own (README, Configuration: WRITE_RATE_LIMIT).
// Logging in and out are not counted here: the login limiter (./login-limiter.ts) guards them.
import type { RequestHandler } from "express";
import { RateLimitedError } from "../domain/errors.ts";
import { actorOf } from "./authenticate.ts";

export const WRITE_WINDOW_MS = 60_000;
/** Beyond this many tracked writers the least recent are forgotten, so memory stays bounded. */
const MAX_KEYS = 50_000;
const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);
const NOT_COUNTED = new Set(["/auth/login", "/auth/logout"]);

export function writeLimiter(perMinute: number, now: () => number = Date.now): RequestHandler {
  const recent = new Map<string, number[]>();
  return (req, res, next) => {
    if (!WRITES.has(req.method) || NOT_COUNTED.has(req.path)) return next();
    const actor = actorOf(req); // authenticate ran before: every write past it has one
    const key = `${actor.kind}:${actor.userId}`;
    const t = now();
    const kept = (recent.get(key) ?? []).filter((at) => t - at < WRITE_WINDOW_MS);
    if (kept.length >= perMinute) {
      const wait = Math.max(1, Math.ceil((kept[kept.length - perMinute]! + WRITE_WINDOW_MS - t) / 1000));
      recent.set(key, kept);
      res.setHeader("Retry-After", String(wait));
      return next(
        new RateLimitedError(
          `Too many changes: at most ${perMinute} a minute. Try again in ${wait} s; nothing was saved.`,
          wait,
        ),
      );
    }
    kept.push(t);
    recent.delete(key); // re-insert: Map order is then least recently writing first
    recent.set(key, kept);
    while (recent.size > MAX_KEYS) recent.delete(recent.keys().next().value!);
    next();
  };
}
