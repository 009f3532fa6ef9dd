// Runs UnionPulse as N processes behind Debian's nginx, in the foreground, for local use and tests:
//   npm run cluster -- --processes 2 --port 8080 [--host 127.0.0.1]
// nginx listens on --port; the processes on the next ports (8081, 8082, …). DATABASE_URL (PostgreSQL)
// and REDIS_URL come from the environment, like every other setting (docs/scale-out.md); REDIS_URL
// defaults to the machine's Redis (redis://127.0.0.1:6379). A process that dies is started again
// after a pause that doubles with each quick death (1 s up to 30 s). Ctrl+C or SIGTERM stops nginx
// and each process (gracefully: server/main.ts drains), then exits.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { nginxConfig } from "./nginx-config.ts";
import { builtServer, startArguments } from "./start-command.ts";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const ROOT = path.resolve(import.meta.dirname, "..");

const args = process.argv.slice(2);
// The last occurrence wins, so `npm run cluster -- --processes 3` overrides the script's defaults.
const opt = (name: string, fallback: string) => {
  const i = args.lastIndexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const processes = Number(opt("processes", "2"));
const port = Number(opt("port", "8080"));
const host = opt("host", "127.0.0.1");
if (!Number.isInteger(processes) || processes < 1 || processes > 32)
  fail("--processes must be a whole number from 1 to 32");
if (!Number.isInteger(port) || port < 1 || port + processes > 65535)
  fail("--port must be a port number with room for the processes after it");
if (!fs.existsSync(NGINX)) fail(`nginx is not installed (${NGINX}). Install Debian's: sudo apt-get install -y nginx`);
const DEFAULT_REDIS = "redis://127.0.0.1:6379";
const redisUrl = process.env.REDIS_URL || (processes > 1 ? DEFAULT_REDIS : "");
if (processes > 1 && !process.env.REDIS_URL)
  console.warn(
    `[cluster] REDIS_URL is not set: using this machine's Redis, ${DEFAULT_REDIS} (several processes pass changes to each other through Redis; set REDIS_URL for another)`,
  );
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) {
  console.warn(
    "[cluster] DATABASE_URL is not PostgreSQL: the processes share the SQLite file (fine for a try-out on one machine; set DATABASE_URL=postgresql://… for real use)",
  );
}
// The processes see nginx on loopback as their client: believe its X-Forwarded-For (and only its), so
// login limits count each real client's address.
const trustProxy = process.env.TRUST_PROXY || "loopback";
const RESTART_MIN_MS = 1000;
const RESTART_MAX_MS = 30_000;
/** A process that ran this long before dying was healthy: its next restart waits the minimum again. */
const HEALTHY_RUN_MS = 30_000;
// Each process runs the built server as `npm start` does (`npm run cluster` builds first).
try {
  builtServer();
} catch (e) {
  fail((e as Error).message);
}
if (!fs.existsSync(path.join(ROOT, "dist/client/index.html")))
  console.warn("[cluster] the client is not built: run `npm run build` first to serve the dashboard");

const backends = Array.from({ length: processes }, (_, i) => port + 1 + i);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-nginx-"));
// Started as root, nginx's workers run as nobody and must reach their buffer directories in here.
fs.chmodSync(dir, 0o755);
const children = new Set<ChildProcess>();
let stopping = false;
let serving = false;

function fail(message: string): never {
  console.error(`[cluster] ${message}`);
  process.exit(2);
}

/** Children's output, each line tagged with its name. */
function tagged(child: ChildProcess, name: string) {
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    let rest = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split("\n");
      rest = lines.pop()!;
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  }
}

const restarts = new Map<number, { count: number; delayMs: number }>();

function startProcess(i: number) {
  const name = `p${i + 1}:${backends[i]}`;
  const child = spawn(process.execPath, startArguments(), {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(backends[i]),
      HOST: "127.0.0.1",
      TRUST_PROXY: trustProxy,
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const startedAt = Date.now();
  children.add(child);
  tagged(child, name);
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (stopping) return;
    const r = restarts.get(i) ?? { count: 0, delayMs: RESTART_MIN_MS };
    if (Date.now() - startedAt >= HEALTHY_RUN_MS) r.delayMs = RESTART_MIN_MS;
    r.count++;
    restarts.set(i, r);
    console.error(
      `[cluster] ${name} exited (${signal ?? code})${serving ? "; nginx sends its clients to the others" : ""}; restarting it in ${r.delayMs / 1000} s (restart ${r.count})`,
    );
    const wait = r.delayMs;
    r.delayMs = Math.min(RESTART_MAX_MS, r.delayMs * 2);
    setTimeout(() => {
      if (stopping) return;
      const again = startProcess(i);
      ready(backends[i]!, again, 120_000).then(
        () => console.error(`[cluster] ${name} is back (restart ${r.count})`),
        (e: unknown) => console.error(`[cluster] ${name}: ${(e as Error).message}`),
      );
    }, wait).unref();
  });
  return child;
}

async function ready(p: number, child: ChildProcess, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (stopping) return;
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the process for port ${p} exited before it was ready`);
    try {
      if ((await fetch(`http://127.0.0.1:${p}/api/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the process on port ${p} was not ready within ${timeoutMs / 1000} s`);
}

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  console.error("[cluster] stopping");
  const exited = [...children].map(
    (c) =>
      new Promise((r) => {
        if (c.exitCode !== null || c.signalCode !== null) r(null);
        else c.once("exit", r);
      }),
  );
  for (const c of children) c.kill("SIGTERM"); // nginx: fast shutdown; server processes: graceful (server/main.ts)
  const killer = setTimeout(() => {
    for (const c of children) c.kill("SIGKILL");
  }, 12_000);
  await Promise.all(exited);
  clearTimeout(killer);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

async function serve() {
  // The first process alone: on an empty database it migrates and seeds, which must happen once.
  await ready(backends[0]!, startProcess(0), 180_000);
  await Promise.all(backends.slice(1).map((p, i) => ready(p, startProcess(i + 1), 120_000)));
  if (stopping) return;

  const conf = path.join(dir, "nginx.conf");
  fs.writeFileSync(conf, nginxConfig({ dir, host, port, backends }));
  const nginx = spawn(NGINX, ["-p", dir, "-e", "stderr", "-c", conf, "-g", "daemon off;"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(nginx);
  tagged(nginx, "nginx");
  nginx.on("exit", (code, signal) => {
    children.delete(nginx);
    if (!stopping) {
      console.error(`[cluster] nginx exited (${signal ?? code})`);
      void stop(1);
    }
  });
  await ready(port, nginx, 10_000);
  if (stopping) return;
  serving = true;
  const shown = host.includes(":") ? `[${host}]` : host;
  console.log(
    `[cluster] UnionPulse at http://${shown === "0.0.0.0" ? "localhost" : shown}:${port} — nginx in front of ${processes} process(es) on ports ${backends.join(", ")}; Ctrl+C stops`,
  );
}

serve().catch((e: unknown) => {
  console.error(`[cluster] ${(e as Error).message}`);
  void stop(1);
});
