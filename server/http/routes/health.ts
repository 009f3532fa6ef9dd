// /api/health (liveness: the process answers) and /api/ready (readiness: it can serve, so a proxy
// or an orchestrator may send it traffic). Both stay up while the server drains at shutdown.
import { Router } from "express";
import { errorBody } from "../../../contract/errors.ts";

export interface HealthChecks {
  live(): { status: "ok"; seq: number };
  /** Named checks (database, redis, …); one that rejects or takes too long makes the process not ready. */
  ready: Record<string, () => Promise<unknown>>;
}

const CHECK_TIMEOUT_MS = 2000;

export function healthRouter(health: HealthChecks) {
  const r = Router();
  r.get("/health", (_req, res) => {
    res.json(health.live());
  });
  r.get("/ready", async (_req, res) => {
    const names = Object.keys(health.ready);
    const results = await Promise.allSettled(names.map((n) => withinTimeout(health.ready[n]!())));
    const failed = results.flatMap((r, i) => (r.status === "rejected" ? [`${names[i]}: ${reason(r.reason)}`] : []));
    res.setHeader("Cache-Control", "no-store");
    if (failed.length) {
      res.status(503).json(errorBody("UNAVAILABLE", `Not ready: ${failed.join("; ")}`));
      return;
    }
    res.json({ status: "ready", seq: health.live().seq, checks: Object.fromEntries(names.map((n) => [n, "ok"])) });
  });
  return r;
}

function withinTimeout(p: Promise<unknown>) {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A short reason, never a stack trace. */
function reason(e: unknown) {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0]!.slice(0, 200);
}
