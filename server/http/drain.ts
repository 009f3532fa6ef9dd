// Graceful shutdown for HTTP: counts the writes being served so shutdown can wait until each one
// is saved, passed on to the feed and the other processes, and answered. Once draining, new
// requests (on connections already open) get 503: nothing is saved, the client may retry elsewhere.
import type { RequestHandler } from "express";
import { UnavailableError } from "../domain/errors.ts";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

export function writeDrain() {
  let writes = 0;
  let draining = false;
  const whenIdle = new Set<() => void>();

  const guard: RequestHandler = (req, res, next) => {
    if (draining) {
      res.setHeader("Connection", "close");
      return next(new UnavailableError("The server is shutting down; nothing was saved. Try again."));
    }
    if (READS.has(req.method)) return next();
    writes++;
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      if (--writes === 0) for (const f of whenIdle) f();
    };
    res.once("finish", finished);
    res.once("close", finished);
    next();
  };

  return {
    guard,
    get writes() {
      return writes;
    },
    /** Turns new requests away and resolves once the writes in flight are done (false: timed out). */
    drain(timeoutMs: number): Promise<boolean> {
      draining = true;
      if (writes === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const idle = () => {
          clearTimeout(timer);
          whenIdle.delete(idle);
          resolve(true);
        };
        const timer = setTimeout(() => {
          whenIdle.delete(idle);
          resolve(false);
        }, timeoutMs);
        whenIdle.add(idle);
      });
    },
  };
}
