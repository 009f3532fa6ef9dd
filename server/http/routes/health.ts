// /api/health (liveness: the process answers) and /api/ready (readiness: it can serve, so a proxy
// or an orchestrator may send it traffic). Both stay up while the server drains at shutdown.
// Readiness fails only for what stops this process from serving (database, shutting down): a check
// it can serve without (Redis: the figures come from the database and heal when it returns) makes
// it "degraded", still 200, so a Redis blip does not take every process out of the balancer at once.
import { Router } from "express";
import { errorBody } from "../../../contract/errors.ts";

export interface HealthChecks {
  /** settled: the work this start left running in the background (history builds, the checkpoint's
   *  check) is done; the process serves before, so this is not readiness. */
  live(): { status: "ok"; seq: number; settled: boolean };
  /** Named checks (database, accepting); one that rejects or takes too long makes the process not ready. */
  ready: Record<string, () => Promise<unknown>>;
  /** Named checks (redis) whose failure leaves the process serving, degraded. */
  optional?: Record<string, () => Promise<unknown>>;
}

const CHECK_TIMEOUT_MS = 2000;

export function healthRouter(health: HealthChecks) {
  const r = Router();
  r.get("/health", (_req, res) => {
    res.json(health.live());
  });
  r.get("/ready", async (_req, res) => {
    const [required, optional] = await Promise.all([settle(health.ready), settle(health.optional ?? {})]);
    res.setHeader("Cache-Control", "no-store");
    const failed = required.filter((c) => c.error);
    if (failed.length) {
      res
        .status(503)
        .json(errorBody("UNAVAILABLE", `Not ready: ${failed.map((c) => `${c.name}: ${c.error}`).join("; ")}`));
      return;
    }
    const down = optional.filter((c) => c.error);
    res.json({
      status: down.length ? "degraded" : "ready",
      seq: health.live().seq,
      checks: Object.fromEntries([...required, ...optional].map((c) => [c.name, c.error ? "down" : "ok"])),
      ...(down.length ? { message: down.map((c) => `${c.name}: ${c.error}`).join("; ") } : {}),
    });
  });
  return r;
}

async function settle(checks: Record<string, () => Promise<unknown>>) {
  const names = Object.keys(checks);
  const results = await Promise.allSettled(names.map((n) => withinTimeout(checks[n]!())));
  return results.map((r, i) => ({ name: names[i]!, error: r.status === "rejected" ? reason(r.reason) : null }));
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
