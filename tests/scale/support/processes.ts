// Real UnionPulse server processes (and the cluster script) spawned as a deployment runs them,
// on ports found free, with their output kept for failure messages. Each runs in a process group
// of its own, and every group started here is killed when the test process exits, whatever happened
// (the cluster script's nginx and server processes included).
import { freePort } from "../../support/free-ports.ts";
import { HISTORY_BUILDS_INLINE } from "../../support/history-env.ts";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { builtServer, startArguments } from "../../../scripts/start-command.ts";

export const ROOT = path.resolve(import.meta.dirname, "../../..");

const started = new Set<ChildProcess>();
const killGroup = (c: ChildProcess) => {
  try {
    process.kill(-c.pid!, "SIGKILL");
  } catch {
    // already gone
  }
};
process.on("exit", () => {
  for (const c of started) killGroup(c);
});

export interface Spawned {
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) once it has exited. */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/** `args` after `node --import tsx` (the TypeScript source), or after `node` alone when `tsx` is false. */
function spawnTracked(args: string[], env: Record<string, string>, tsx = true): Spawned {
  const child = spawn(process.execPath, tsx ? ["--import", "tsx", ...args] : args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      ...HISTORY_BUILDS_INLINE,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so nothing it starts can outlive the tests
  });
  started.add(child);
  let out = "";
  child.stdout!.on("data", (b: Buffer) => {
    out += b.toString();
  });
  child.stderr!.on("data", (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? code ?? -1)),
  );
  return {
    child,
    output: () => out,
    exited,
    kill: (s) => {
      child.kill(s);
    },
  };
}

export interface ServerProcess extends Spawned {
  url: string;
  port: number;
}

/** The built server (dist/server) started as `npm start` starts it, after its build (scripts/start-command.ts),
 *  on a free port, ready (GET /api/ready is 200) when this resolves. The scale tests, npm-start's and
 *  import-memory's start their processes this way, as a deployment does: from the TypeScript source each
 *  start spent seconds of CPU in tsx transpiling and resolving a few hundred files. */
export function startBuiltServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  checkBuildIsCurrent();
  return startOnFreePort(startArguments(), env, false, timeoutMs);
}

/** What the server's bundle is built from (scripts/build-server.ts): its sources and the packages it bundles. */
const BUNDLED = ["server", "contract", "scripts/build-server.ts", "package-lock.json"];

/** Fails, saying what to do, when the server is not built or a file it is built from changed after the build
 *  (`npm test` builds first; a test file run alone after an edit would otherwise test the old code). */
export function checkBuildIsCurrent(): void {
  const entry = builtServer(); // fails with what to do when the server is not built
  const builtAt = fs.statSync(path.join(ROOT, entry)).mtimeMs;
  for (const source of BUNDLED) {
    const full = path.join(ROOT, source);
    const files = fs.statSync(full).isDirectory()
      ? fs
          .readdirSync(full, { recursive: true, withFileTypes: true })
          .filter((f) => f.isFile())
          .map((f) => path.join(f.parentPath, f.name))
      : [full];
    const newer = files.find((f) => fs.statSync(f).mtimeMs > builtAt);
    if (newer)
      throw new Error(
        `${path.relative(ROOT, newer)} changed after the server was built (${entry}): run \`npm run build\` first`,
      );
  }
}

async function startOnFreePort(
  args: string[],
  env: Record<string, string>,
  tsx: boolean,
  timeoutMs: number,
): Promise<ServerProcess> {
  const port = await freePort();
  const p = spawnTracked(args, { HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", ...env }, tsx);
  const server = { ...p, url: `http://127.0.0.1:${port}`, port };
  await waitReady(server.url, p, timeoutMs);
  return server;
}

/** scripts/cluster.ts: nginx on `port`, the processes on the ports after it. */
export function startCluster(processes: number, port: number, env: Record<string, string>): Spawned {
  checkBuildIsCurrent(); // its processes run the bundle, as `npm run cluster` (which builds first) starts them
  return spawnTracked(["scripts/cluster.ts", "--processes", String(processes), "--port", String(port)], env);
}

export async function waitReady(url: string, p: Spawned, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  let exitedWith: number | string | null = null;
  void p.exited.then((c) => {
    exitedWith = c;
  });
  for (;;) {
    if (exitedWith !== null) throw new Error(`${url} exited (${exitedWith}) before it was ready:\n${p.output()}`);
    try {
      if ((await fetch(`${url}/api/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} was not ready within ${timeoutMs} ms:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops a process (SIGTERM, then SIGKILL to its whole group after a grace period) and waits for it. */
export async function stop(p: Spawned | undefined, graceMs = 15_000) {
  if (!p) return;
  if (p.child.exitCode === null && p.child.signalCode === null) {
    p.kill("SIGTERM");
    const timer = setTimeout(() => killGroup(p.child), graceMs);
    await p.exited;
    clearTimeout(timer);
  }
  killGroup(p.child); // anything it started and left behind
  started.delete(p.child);
}
