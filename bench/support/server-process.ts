// A server under test, in a process of its own so the client swarm's CPU is not counted:
// BENCH_SERVER=unionpulse starts UnionPulse from the environment (DATABASE_URL, SEED_DEMO…);
// BENCH_SERVER=bare starts the reference, a minimal Socket.io server with the same options that
// io.emit's a given payload on POST /emit. The bench asks either one for its CPU time and memory.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Server } from "socket.io";
import { loadConfig } from "../../server/config.ts";
import { startUnionPulse } from "../../server/compose.ts";
import { createLogger } from "../../server/log.ts";
import { answerRequests, sendEvent } from "./ipc.ts";
import { SOCKET_OPTIONS } from "../../server/realtime/io.ts";

export interface ServerUsage {
  /** process.cpuUsage(): user + system, µs. */
  cpuMicros: number;
}
/** The event loop's delay (ms) since the last reset, sampled every 10 ms: how long a live push or
 *  any request waited behind work holding the loop. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}
export interface ServerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

const cpu = (): ServerUsage => {
  const u = process.cpuUsage();
  return { cpuMicros: u.user + u.system };
};
const memory = (): ServerMemory => {
  // --expose-gc: collect twice so garbage from connecting is not counted as per-client memory.
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external + m.arrayBuffers };
};

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const loopDelay = (reset = false): LoopDelay => {
  const d = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
  if (reset) loop.reset();
  return d;
};

async function startUnionPulseServer() {
  const t0 = performance.now();
  // BENCH_SERVER_LOG=info (or warn, error) lets the server under test log to the bench's stderr.
  const level = process.env.BENCH_SERVER_LOG === undefined ? "silent" : process.env.BENCH_SERVER_LOG;
  const config = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: level });
  const app = await startUnionPulse(config, createLogger(config.logLevel));
  return {
    url: app.url,
    startedInMs: performance.now() - t0,
    startedFrom: () => app.feed.startedFrom,
    close: () => app.close(),
  };
}

async function startBareServer() {
  let payload: unknown = {};
  let seq = 0;
  const server = http.createServer((req, res) => {
    // What nginx (bench/support/nginx.ts) asks before it is used as the bare server's front.
    if (req.method === "GET" && req.url === "/api/ready") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ready"}');
      return;
    }
    if (req.method === "POST" && req.url === "/emit") {
      req.resume();
      req.on("end", () => {
        seq += 1;
        // Only the sequence number changes between rounds: same structure, same size (± a digit).
        io.emit("changes", { ...(payload as object), fromSeq: seq, toSeq: seq });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ seq }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  const io = new Server(server, SOCKET_OPTIONS);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    startedInMs: 0,
    setPayload: (p: unknown) => {
      payload = p;
    },
    close: async () => {
      await io.close();
      server.closeAllConnections();
    },
  };
}

interface Running {
  url: string;
  startedInMs: number;
  setPayload?: (p: unknown) => void;
  /** UnionPulse: whether its aggregates started from the stored checkpoint or counted the rows. */
  startedFrom?: () => string | null;
  close(): Promise<void>;
}

const running: Running = process.env.BENCH_SERVER === "bare" ? await startBareServer() : await startUnionPulseServer();
answerRequests({
  cpu,
  memory,
  loopDelay,
  payload: (p: unknown) => {
    if (!running.setPayload) throw new Error("only the bare server takes a payload");
    running.setPayload(p);
  },
  startedFrom: () => running.startedFrom?.() ?? null,
  close: async () => {
    await running.close();
    setImmediate(() => process.exit(0));
  },
});
sendEvent("ready", { url: running.url, startedInMs: running.startedInMs });
