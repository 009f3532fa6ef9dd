// Caps how fast one account (or one display token) may write: a runaway script or a stolen session
// cannot flood the database and every connected display. At most `perMinute` writes (POST, PATCH,
// PUT, DELETE) a minute, then 429 RATE_LIMITED with Retry-After. Counted in Redis when REDIS_URL is
// set, so the limit holds over every process, else in memory (./rate-limits.ts; README, Configuration:
// WRITE_RATE_LIMIT). Logging in and out are not counted here: the login limiter guards them.
import type { RequestHandler } from "express";
import { RateLimiterRes } from "rate-limiter-flexible";
import { RateLimitedError } from "../domain/errors.ts";
import { actorOf } from "./authenticate.ts";
import type { RateLimitStore } from "./rate-limits.ts";

export const WRITE_WINDOW_S = 60;
const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);
const NOT_COUNTED = new Set(["/auth/login", "/auth/logout"]);

export function writeLimiter(perMinute: number, store: RateLimitStore): RequestHandler {
  const limiter = store.limiter("writes", perMinute, WRITE_WINDOW_S);
  return (req, res, next) => {
    if (!WRITES.has(req.method) || NOT_COUNTED.has(req.path)) return next();
    const actor = actorOf(req); // authenticate ran before: every write past it has one
    limiter.consume(`${actor.kind}:${actor.userId}`).then(
      () => next(),
      (e: unknown) => {
        // Anything but a refusal (Redis and its in-memory insurance both failing) lets the write through.
        if (!(e instanceof RateLimiterRes)) return next();
        const wait = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        res.setHeader("Retry-After", String(wait));
        next(
          new RateLimitedError(
            `Too many changes: at most ${perMinute} a minute. Try again in ${wait} s; nothing was saved.`,
            wait,
          ),
        );
      },
    );
  };
}
