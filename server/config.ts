// Environment → typed configuration, parsed once. Nothing else reads process.env.
import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { projectDir } from "./project-dir.ts";

/** proxy-addr's names (Express's `trust proxy`) or an IPv4/IPv6 address, with an optional /prefix. */
const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);
const isAddressOrRange = (s: string) => {
  if (NAMED_RANGES.has(s)) return true;
  const [ip, bits, more] = s.split("/");
  const v = net.isIP(ip ?? "");
  if (!v || more !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128));
};
/** A comma-separated list of addresses, CIDR ranges or proxy-addr names ("loopback"…). */
const addressList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .refine(
            isAddressOrRange,
            "each must be an address, a CIDR range (10.0.0.0/8) or loopback, linklocal, uniquelocal",
          ),
      ),
    );

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().optional(),
  NODE_ENV: z.string().optional(),
  /** Default "auto", except "never" when NODE_ENV=production. */
  SEED_DEMO: z.enum(["auto", "never"]).optional(),
  COOKIE_SECURE: z.enum(["true", "false"]).default("false"),
  SEED_ENTERPRISES: z.coerce.number().int().min(0).default(3000),
  LOG_LEVEL: z.enum(["silent", "info", "debug"]).default("info"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w.:-]{1,64}$/, "must be 1–64 letters, digits or . : _ -")
    .default("unionpulse"),
  /** Comma-separated origins (https://host[:port]) whose pages may call the API and Socket.io; none by default. */
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, "each must be an origin like https://host:port"))),
  WRITE_RATE_LIMIT: z.coerce.number().int().min(1).default(300),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  SQLITE_SYNC_EDITS: z.enum(["on", "off"]).default("on"),
  POSTGRES_DIRECT_EDITS: z.enum(["on", "off"]).default("on"),
  TRUST_PROXY: addressList(""),
  METRICS_ALLOW: addressList("loopback"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  DATABASE_WAIT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  HISTORY_WORKER: z.enum(["true", "false"]).default("true"),
  HISTORY_PREBUILD: z.enum(["true", "false"]).default("true"),
  HISTORY_REPLAY_THREADS: z.coerce.number().int().min(1).max(16).default(2),
  EXPORT_THREADS: z.coerce.number().int().min(0).max(16).default(2),
  LIVE_COALESCE_MS: z.coerce.number().int().min(0).max(60_000).default(100),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** "auto": seed the demo province into an empty database. */
  seedDemo: "auto" | "never";
  /** Seed the demo accounts (README, Accounts) with the demo province. Never when NODE_ENV=production:
   *  a production server starts with no account and `npm run user:create` makes the first. */
  demoAccounts: boolean;
  /** Session cookie marked Secure even over plain HTTP (set when TLS ends at a proxy in front). */
  secureCookies: boolean;
  seedEnterprises: number;
  logLevel: "silent" | "info" | "debug";
  /** Built client (vite build); served when present. */
  clientDir: string;
  /** Set: several processes share changes and Socket.io rooms through this Redis (see docs/scale-out.md). */
  redisUrl: string | null;
  /** Names this deployment's streams, channels and keys in Redis, so several can share one Redis. */
  redisPrefix: string;
  /** Other origins allowed to call the API and Socket.io with credentials (CORS); empty: same origin only. */
  corsOrigins: string[];
  /** Writes per user (or display) per minute, shared through Redis when set (server/http/write-limiter.ts). */
  writeRateLimit: number;
  /** How long a SQLite write waits for a lock before it fails with 503. */
  sqliteBusyTimeoutMs: number;
  /** SQLite: an edit runs as one synchronous transaction on the app's connection (off: through a
   *  Prisma interactive transaction, slower; the same result). */
  sqliteSyncEdits: boolean;
  /** PostgreSQL: an edit runs as a read and one statement on pg's pool (off: through a Prisma
   *  interactive transaction, several times the CPU; the same result). */
  postgresDirectEdits: boolean;
  /** Addresses/ranges of the reverse proxies in front (Express's `trust proxy`): only their
   *  X-Forwarded-For is believed, so limits count the real client. Empty: none, the peer is the client. */
  trustProxy: string[];
  /** Addresses/ranges allowed to read /metrics (the client address as trustProxy resolves it). */
  metricsAllow: string[];
  /** PostgreSQL connections per process. */
  databasePoolSize: number;
  /** PostgreSQL: how long a request waits for a free connection (and a transaction for its turn)
   *  before it is answered 503 "busy". */
  databaseWaitMs: number;
  /** The period ledgers' and monthly snapshots' builds from the whole log run in a worker thread, the
   *  replays of the log in threads of their own, and the import's dry runs in one more (false: all in
   *  this process, in slices of 8 ms). */
  historyWorker: boolean;
  /** Those builds start in the background a moment after start-up, so the first period report,
   *  target progress or trend does not wait for them (false: on the first one asked for). */
  historyPrebuild: boolean;
  /** How many threads replays of the log may run in at once (with historyWorker). */
  historyReplayThreads: number;
  /** How many threads the CSV and xlsx exports may run in at once (server/services/export-threads.ts
   *  says why 2); 0: in this process, in slices. */
  exportThreads: number;
  /** Live changes are sent to dashboards at most once per this many ms, gathered into one batch (the
   *  first change of a quiet period at once): server/realtime/broadcast.ts. */
  liveCoalesceMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? `file:${path.join(e.DATA_DIR, "unionpulse.db")}`,
    seedDemo: e.SEED_DEMO ?? (e.NODE_ENV === "production" ? "never" : "auto"),
    demoAccounts: (e.SEED_DEMO ?? "auto") === "auto" && e.NODE_ENV !== "production",
    secureCookies: e.COOKIE_SECURE === "true",
    seedEnterprises: e.SEED_ENTERPRISES,
    logLevel: e.LOG_LEVEL,
    clientDir: path.join(projectDir, "dist/client"),
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    corsOrigins: e.CORS_ORIGINS,
    writeRateLimit: e.WRITE_RATE_LIMIT,
    sqliteBusyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS,
    sqliteSyncEdits: e.SQLITE_SYNC_EDITS === "on",
    postgresDirectEdits: e.POSTGRES_DIRECT_EDITS === "on",
    trustProxy: e.TRUST_PROXY,
    metricsAllow: e.METRICS_ALLOW,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseWaitMs: e.DATABASE_WAIT_MS,
    historyWorker: e.HISTORY_WORKER === "true",
    historyPrebuild: e.HISTORY_PREBUILD === "true",
    historyReplayThreads: e.HISTORY_REPLAY_THREADS,
    exportThreads: e.EXPORT_THREADS,
    liveCoalesceMs: e.LIVE_COALESCE_MS,
  };
}
