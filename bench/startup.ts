// Start-up: from starting the process to serving the first dashboard (the page, its figures over
// HTTP and a live subscription's snapshot) with 1,000,000 enterprises, beside the same on 3,000.
// Target (issue 13): ≤ 2 s at 1,000,000. The server is started as `npm start` starts it after its
// build (`node --enable-source-maps dist/server/main.js`, scripts/start-command.ts), as a child
// process, so Node's own start and the loading of the code are counted; its log says how the time
// splits (Node, loading the code, start-up until listening). BENCH_START_ARGS replaces the arguments
// after `node`, e.g. "--import tsx server/main.ts" to measure the start from the TypeScript source.
// The server's CPU until then is a further line: on a busy machine the wall time grows with the load,
// the CPU much less.
// As in production, where a restart follows a run, the measured start finds the aggregates checkpoint
// a first start's graceful stop wrote (server/services/checkpoint.ts); the line says whether it was used.
// The checkpoint is removed afterwards so the shared file stays as other benches expect it.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import Database from "better-sqlite3";
import { io } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../contract/events.ts";
import { builtServer, ROOT, startArguments } from "../scripts/start-command.ts";
import type { BenchContext, Measurement } from "./support/context.ts";
import { login } from "./support/api.ts";
import { ms } from "./support/stats.ts";
import { info, judged } from "./support/table.ts";

const TARGET_MS = 2000;
/** Linux's clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on every common build). */
const TICKS_PER_S = 100;

/** The page (when the client is built), its figures, and a live subscription's snapshot. */
async function firstDashboard(url: string): Promise<void> {
  const { cookie } = await login(url, "leader");
  const page = await fetch(`${url}/`, { headers: { cookie } });
  await page.arrayBuffer();
  if (page.status !== 200 && page.status !== 503) throw new Error(`GET / answered ${page.status}`); // 503: client not built
  const stats = await fetch(`${url}/api/stats?nonState=true`, { headers: { cookie } });
  if (!stats.ok) throw new Error(`GET /api/stats answered ${stats.status}`);
  await stats.json();
  const socket = io(url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  }) as import("socket.io-client").Socket<ServerToClientEvents, ClientToServerEvents>;
  try {
    const reply = await socket.timeout(30_000).emitWithAck("subscribe", { nonState: "true" });
    if (!("ok" in reply)) throw new Error(`subscribe refused: ${JSON.stringify(reply)}`);
  } finally {
    socket.disconnect();
  }
}

/** Node's arguments for the server: as `npm start`, or BENCH_START_ARGS. */
function serverArguments(): string[] {
  if (process.env.BENCH_START_ARGS) return process.env.BENCH_START_ARGS.split(/\s+/);
  builtServer(); // says to build first when dist/server is missing (`npm run bench` builds)
  return startArguments();
}

interface Started {
  child: ChildProcess;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the server on `databaseUrl`; resolves when its log says it listens. */
function start(databaseUrl: string): Promise<Started> {
  const child = spawn(process.execPath, serverArguments(), {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SEED_DEMO: "never",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM"); // graceful: writes the checkpoint
    await exited;
  };
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /UnionPulse is running at (http:\/\/\S+)/.exec(out);
      if (!m) return;
      child.stdout!.off("data", onData).resume();
      child.stderr!.off("data", onData).on("data", (b: Buffer) => (out += b.toString()));
      resolve({ child, url: m[1]!, output: () => out, stop });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the server exited (${code}) before listening:\n${out}`)));
  });
}

/** user + system CPU of a live process, ms (Linux). */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
}

async function timeToFirstDashboard(databaseUrl: string) {
  // A first start and graceful stop: it writes the checkpoint the measured start loads.
  await (await start(databaseUrl)).stop();
  const t0 = performance.now();
  const server = await start(databaseUrl);
  try {
    await firstDashboard(server.url);
    const totalMs = performance.now() - t0;
    const cpuMs = cpuMsOf(server.child.pid!);
    // main.ts: "started in … ms: Node … ms, loading the code … ms, start-up … ms" (from Node's own clock).
    const split = /Node (\d+) ms, loading the code (\d+) ms, start-up (\d+) ms/.exec(server.output());
    const [nodeMs, loadMs, startupMs] = split ? split.slice(1).map(Number) : [NaN, NaN, NaN];
    const counted = /aggregates counted from the rows: (.*)/.exec(server.output());
    const from = counted ? `rows (${counted[1]})` : "checkpoint";
    return { totalMs, cpuMs, nodeMs: nodeMs!, loadMs: loadMs!, startupMs: startupMs!, from };
  } finally {
    await server.stop();
    const db = new Database(databaseUrl.replace(/^file:/, ""));
    db.exec(`DELETE FROM "AggregatesCheckpoint"`);
    db.close();
  }
}

export const startup: Measurement = {
  name: "startup",
  async run(ctx: BenchContext) {
    const n = ctx.quick ? 100_000 : 1_000_000;
    const small = 3000;
    const big = await ctx.sharedSqlite(n);
    ctx.progress(
      `start-up (node ${serverArguments().join(" ")}): ${small.toLocaleString("en-US")} then ${n.toLocaleString("en-US")} enterprises`,
    );
    const ref = await timeToFirstDashboard(await ctx.sharedSqlite(small));
    const fig = await timeToFirstDashboard(big);
    const split = (r: typeof fig) =>
      `Node ${ms(r.nodeMs)}, loading ${ms(r.loadMs)}, start-up ${ms(r.startupMs)}, from the ${r.from}`;
    const row = {
      measure: `Start-up to first dashboard, ${n.toLocaleString("en-US")} enterprises`,
      figure: `${ms(fig.totalMs)} (${split(fig)})`,
      reference: `${ms(ref.totalMs)} with ${small.toLocaleString("en-US")} (${split(ref)})`,
      target: `≤ ${ms(TARGET_MS)}`,
    };
    return [
      n === 1_000_000
        ? judged(row, fig.totalMs, { max: TARGET_MS, absolute: true })
        : info({ ...row, ratio: `${(fig.totalMs / ref.totalMs).toFixed(1)}×`, target: "—" }),
      info({
        measure: "  server CPU until that dashboard",
        figure: ms(fig.cpuMs),
        reference: `${ms(ref.cpuMs)} with ${small.toLocaleString("en-US")}`,
        ratio: `${(fig.cpuMs / ref.cpuMs).toFixed(1)}×`,
        target: "—",
      }),
    ];
  },
};
