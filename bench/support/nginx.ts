// Debian's nginx in front of server processes under test, with the configuration `npm run cluster`
// runs (scripts/nginx-config.ts), in a temp directory and on a port of its own; and what it tells
// about its balancing: which process a client address lands on, how many sockets each one holds.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { nginxConfig } from "../../scripts/nginx-config.ts";
import { freePort } from "../../tests/support/free-ports.ts";
import { sleep } from "./clock.ts";

export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

export interface RunningNginx {
  url: string;
  /** Fast shutdown, then its directory removed; safe to call twice. */
  stop(): Promise<void>;
}

/** nginx on 127.0.0.1 in front of the processes listening on `backends` (ports on 127.0.0.1). */
export async function startNginx(backends: number[]): Promise<RunningNginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-bench-nginx-"));
  fs.chmodSync(dir, 0o755); // started as root, its workers run as nobody and keep their buffers in here
  const port = await freePort();
  const conf = path.join(dir, "nginx.conf");
  fs.writeFileSync(conf, nginxConfig({ dir, host: "127.0.0.1", port, backends }));
  const child = spawn(NGINX, ["-p", dir, "-e", "stderr", "-c", conf, "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  // Its warnings (say, "worker_connections are not enough") explain a swarm that cannot connect.
  child.stderr.on("data", (b: Buffer) => process.stderr.write(`[nginx] ${b.toString()}`));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM"); // fast shutdown: the master stops its worker too
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    for (const until = Date.now() + 10_000; ; await sleep(100)) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`nginx exited (${child.signalCode ?? child.exitCode}) on start`);
      if (
        await fetch(`${url}/api/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (Date.now() > until) throw new Error("nginx did not answer /api/ready within 10 s");
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, stop };
}

function getText(url: string, localAddress?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { localAddress, agent: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () =>
          res.statusCode === 200 ? resolve(body) : reject(new Error(`GET ${url} answered ${res.statusCode}`)),
        );
      })
      .on("error", reject);
  });
}

/** The process (its "127.0.0.1:port") that nginx sends a client at `localAddress` to: the instance
 *  label of the /metrics page that comes back (the processes see nginx, on loopback, as the reader). */
export async function processFor(url: string, localAddress: string): Promise<string> {
  const page = await getText(`${url}/metrics`, localAddress);
  const m = /^unionpulse_sockets_connected\{[^}]*instance="([^"]+)"/m.exec(page);
  if (!m) throw new Error(`${url}/metrics has no unionpulse_sockets_connected series`);
  return m[1]!;
}

/** Socket.io connections a process holds now (its own /metrics, asked directly). */
export async function socketsConnected(processUrl: string): Promise<number> {
  const page = await getText(`${processUrl}/metrics`);
  const m = /^unionpulse_sockets_connected(?:\{[^}]*\})? (\d+)/m.exec(page);
  if (!m) throw new Error(`${processUrl}/metrics has no unionpulse_sockets_connected series`);
  return Number(m[1]);
}

/**
 * Loopback source addresses that nginx's ip_hash spreads evenly: `perProcess` for each of
 * `processes`, in turn. ip_hash keys IPv4 clients on the first three octets only, so 127.0.0.2,
 * 127.0.0.3… would all land on one process: the candidates are 127.0.1.1, 127.0.2.1, …, and each is
 * asked which process it reaches.
 */
export async function spreadAddresses(url: string, processes: string[], perProcess: number): Promise<string[]> {
  const byProcess = new Map<string, string[]>(processes.map((p) => [p, []]));
  for (let third = 1; third <= 64; third++) {
    const address = `127.0.${third}.1`;
    const list = byProcess.get(await processFor(url, address));
    if (list && list.length < perProcess) list.push(address);
    if ([...byProcess.values()].every((l) => l.length === perProcess)) break;
  }
  const short = [...byProcess].filter(([, l]) => l.length < perProcess).map(([p]) => p);
  if (short.length) throw new Error(`ip_hash sent too few of 64 source addresses to ${short.join(", ")}`);
  // Interleaved, so that any prefix of the sockets is spread too.
  return Array.from({ length: perProcess }, (_, i) => processes.map((p) => byProcess.get(p)![i]!)).flat();
}
