// Environment → typed configuration, parsed once. Nothing else reads process.env.
import path from "node:path";
import { z } from "zod";

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().optional(),
  SEED_DEMO: z.enum(["auto", "never"]).default("auto"),
  SEED_ENTERPRISES: z.coerce.number().int().min(0).default(3000),
  LOG_LEVEL: z.enum(["silent", "info", "debug"]).default("info"),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** "auto": seed the demo province into an empty database. */
  seedDemo: "auto" | "never";
  seedEnterprises: number;
  logLevel: "silent" | "info" | "debug";
  /** Built client (vite build); served when present. */
  clientDir: string;
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
    seedDemo: e.SEED_DEMO,
    seedEnterprises: e.SEED_ENTERPRISES,
    logLevel: e.LOG_LEVEL,
    clientDir: path.resolve(import.meta.dirname, "../dist/client"),
  };
}
