// Starting and stopping servers under test (./server-process.ts) from the bench.
import { forkChild, type Child } from "./ipc.ts";
import type { LoopDelay, ServerMemory, ServerUsage } from "./server-process.ts";

export interface ServerUnderTest {
  url: string;
  pid: number;
  /** From the fork to the "ready" message: start-up as the bench sees it, ms. */
  readyAfterMs: number;
  /** Inside the process, from the start of startUnionPulse to listening, ms (0 for the bare server). */
  startedInMs: number;
  cpuMicros(): Promise<number>;
  /** UnionPulse: "checkpoint" when its aggregates started from the stored checkpoint, "rows" otherwise. */
  startedFrom(): Promise<string | null>;
  memory(): Promise<ServerMemory>;
  /** The event-loop delay inside the server since the last reset; `reset` starts afresh after reading. */
  loopDelay(reset?: boolean): Promise<LoopDelay>;
  /** Bare server only: what it emits on POST /emit. */
  setPayload(p: unknown): Promise<void>;
  close(): Promise<void>;
}

/** UnionPulse on a bulk-loaded database (tests/support/bulk-load.ts), which has its demo accounts already.
 *  The per-account write limit (300 a minute) is lifted: the bench's one editor account stands for
 *  the many district editors who write at once, and what is measured is the server, not the cap.
 *  `env` adds settings (REDIS_URL and REDIS_PREFIX for a process of a cluster). */
export const startUnionPulse = (databaseUrl: string, env: NodeJS.ProcessEnv = {}) =>
  startServer("unionpulse", { DATABASE_URL: databaseUrl, SEED_DEMO: "never", WRITE_RATE_LIMIT: "1000000000", ...env });

export async function startServer(
  kind: "unionpulse" | "bare",
  env: NodeJS.ProcessEnv = {},
  readyTimeoutMs = 600_000,
): Promise<ServerUnderTest> {
  const t0 = performance.now();
  // BENCH_CPU_PROFILE=<dir>: each server writes a V8 CPU profile there when it stops, to see where its time went.
  const profile = process.env.BENCH_CPU_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
    : [];
  // BENCH_SERVER_NODE_ARGS="--trace-gc --no-memory-reducer": more Node or V8 flags for each server, to see
  // what a figure is made of (docs/benchmarks.md, "Why the edit costs more in the fan-out rounds").
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child: Child = forkChild("server-process.ts", { ...env, BENCH_SERVER: kind }, [
    "--expose-gc",
    ...profile,
    ...extra,
  ]);
  const ready = await new Promise<{ url: string; startedInMs: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${kind} server not ready after ${readyTimeoutMs} ms`)),
      readyTimeoutMs,
    );
    child.on("ready", (d) => {
      clearTimeout(timer);
      resolve(d);
    });
    child.process.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited (${code}) before it was ready`));
    });
  });
  return {
    url: ready.url,
    pid: child.pid,
    readyAfterMs: performance.now() - t0,
    startedInMs: ready.startedInMs,
    cpuMicros: async () => (await child.ask<ServerUsage>("cpu")).cpuMicros,
    startedFrom: () => child.ask<string | null>("startedFrom"),
    memory: () => child.ask<ServerMemory>("memory"),
    loopDelay: (reset = false) => child.ask<LoopDelay>("loopDelay", reset),
    setPayload: (p) => child.ask("payload", p),
    async close() {
      await child.ask("close", undefined, 20_000).catch(() => {});
      await child.stop();
    },
  };
}
