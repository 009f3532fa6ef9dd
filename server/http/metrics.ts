// GET /metrics in Prometheus's text format (prom-client): what an operator watches on each process
// (every series carries instance="host:port" and pid). Only the addresses in METRICS_ALLOW may read
// it (loopback by default); anyone else gets the API's 404, as if there were nothing here.
import type { RequestHandler } from "express";
import client from "prom-client";
import type { PoolStats } from "../db/postgres.ts";
import { addressMatcher } from "./address-list.ts";
import { errorBody } from "../../contract/errors.ts";

export interface MetricSources {
  sockets(): number;
  rooms(): number;
  /** PostgreSQL's pool; null on SQLite. */
  pool: (() => PoolStats) | null;
  /** Resolve when the dependency answers (the same checks as /api/ready). */
  database(): Promise<unknown>;
  redis: (() => Promise<unknown>) | null;
  /** The login and write limits are shared through Redis now (else counted per process). */
  limitsShared: (() => boolean) | null;
}

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);
const REASONS: Record<number, string> = {
  400: "invalid",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "invalid",
  415: "invalid",
  429: "rate_limited",
  503: "unavailable",
};
const CHECK_TIMEOUT_MS = 1000;

export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "unionpulse_" }); // event-loop delay, memory, GC…
  const batches = new client.Counter({
    name: "unionpulse_batches_sent_total",
    help: "Change batches sent to the filter rooms of this process",
    registers: [registry],
  });
  const writes = new client.Counter({
    name: "unionpulse_writes_total",
    help: "API writes answered, by outcome (accepted, refused) and reason (conflict, rate_limited, unavailable…)",
    labelNames: ["outcome", "reason"] as const,
    registers: [registry],
  });
  let sources: MetricSources | null = null;
  const gauge = (name: string, help: string, read: (s: MetricSources) => number | Promise<number> | null) =>
    new client.Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const v = sources ? await read(sources) : null;
        if (v !== null) this.set(v);
      },
    });
  gauge("unionpulse_sockets_connected", "Socket.io connections to this process", (s) => s.sockets());
  gauge("unionpulse_rooms_live", "Filter rooms with at least one socket in this process", (s) => s.rooms());
  gauge("unionpulse_database_up", "1 when the database answers SELECT 1 within 1 s", (s) => up(s.database));
  gauge("unionpulse_redis_up", "1 when Redis answers PING within 1 s (absent without REDIS_URL)", (s) =>
    s.redis ? up(s.redis) : null,
  );
  gauge("unionpulse_limits_shared", "1 when login and write limits are counted in Redis, 0 per process", (s) =>
    s.limitsShared ? Number(s.limitsShared()) : null,
  );
  for (const [key, help] of [
    ["total", "PostgreSQL connections open in this process's pool"],
    ["idle", "PostgreSQL connections idle in the pool"],
    ["waiting", "Requests waiting for a PostgreSQL connection now"],
  ] as const)
    gauge(`unionpulse_db_pool_${key}`, help, (s) => s.pool?.()[key] ?? null);
  new client.Counter({
    name: "unionpulse_db_pool_waits_total",
    help: "Requests that found every PostgreSQL connection busy and waited for one",
    registers: [registry],
    collect() {
      const waits = sources?.pool?.().waits;
      if (waits === undefined) return;
      this.reset();
      this.inc(waits);
    },
  });

  return {
    /** Called for each batch a room is sent. */
    batchSent: () => batches.inc(),
    /** Counts every write the API answers (the /api router's first middleware). */
    countWrites: (() => {
      const handler: RequestHandler = (req, res, next) => {
        if (WRITES.has(req.method) && !req.path.startsWith("/auth/")) {
          res.once("finish", () => {
            const ok = res.statusCode < 400;
            writes.inc({
              outcome: ok ? "accepted" : "refused",
              reason: ok ? "ok" : (REASONS[res.statusCode] ?? (res.statusCode >= 500 ? "error" : "invalid")),
            });
          });
        }
        next();
      };
      return handler;
    })(),
    /** Once the process knows its address and what to read. */
    attach(s: MetricSources, instance: string) {
      sources = s;
      // What this process does not have (SQLite: no pool; no REDIS_URL) is absent, not a false 0.
      const absent = [
        ...(s.pool ? [] : ["total", "idle", "waiting", "waits_total"].map((k) => `unionpulse_db_pool_${k}`)),
        ...(s.redis ? [] : ["unionpulse_redis_up"]),
        ...(s.limitsShared ? [] : ["unionpulse_limits_shared"]),
      ];
      for (const name of absent) registry.removeSingleMetric(name);
      registry.setDefaultLabels({ instance, pid: String(process.pid) });
    },
    /** GET /metrics for the allowed addresses (req.ip: the real client's, behind a trusted proxy). */
    handler(allow: readonly string[]): RequestHandler {
      const allowed = addressMatcher(allow);
      return async (req, res) => {
        if (!allowed(req.ip ?? req.socket.remoteAddress)) {
          res.status(404).json(errorBody("NOT_FOUND", `No such endpoint: ${req.method} /metrics`));
          return;
        }
        res.setHeader("Content-Type", registry.contentType);
        res.setHeader("Cache-Control", "no-store");
        res.send(await registry.metrics());
      };
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

async function up(check: () => Promise<unknown>): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 1;
  } catch {
    return 0;
  } finally {
    clearTimeout(timer);
  }
}
