// The fan-out measurement's rounds (bench/fanout.ts, bench/nginx-fanout.ts): wait until quiet,
// trigger one broadcast, wait until every socket has it; and the reference, a bare Socket.io
// server io.emit'ing a batch of the same size to the same number of sockets.
import type { ChangeBatch } from "../../contract/events.ts";
import { nowMs, sleep } from "./clock.ts";
import { startServer, type ServerUnderTest } from "./servers.ts";
import { startSwarm, type Swarm } from "./swarm.ts";

/** Longer than the 100 ms coalescing interval: each edit is the first of a quiet period and goes
 *  out at once, so what is timed is delivery, not the (deliberate) coalescing wait. */
const QUIET_MS = 150;
const WARM_UP = 5;

export interface Rounds {
  latencies: number[];
  /** Round trip of the request that triggered each broadcast (PATCH or POST /emit). */
  requests: number[];
  /** The servers' CPU time over the rounds, µs. */
  cpuMicros: number;
}

export interface Run extends Rounds {
  /** All the server's CPU over the rounds ÷ messages delivered. */
  cpuMicrosPerMessage: number;
  /** The same less what the same rounds cost with no client connected (the edit itself). */
  fanOutMicrosPerMessage: number;
  /** What one round costs with no client connected, µs. */
  aloneMicrosPerRound: number;
}

/** Rounds of: wait until quiet, trigger one broadcast, wait until every socket has it (when
 *  there are sockets; without, the same rounds tell what the trigger alone costs). `cpuMicros`
 *  reads the CPU time of the server(s) under test. */
export async function rounds(
  cpuMicros: () => Promise<number>,
  swarm: Swarm | null,
  count: number,
  trigger: () => Promise<number>,
): Promise<Rounds> {
  const latencies: number[] = [],
    requests: number[] = [];
  let cpu0 = 0;
  for (let i = -WARM_UP; i < count; i++) {
    if (i === 0) cpu0 = await cpuMicros();
    await sleep(QUIET_MS);
    const t0 = nowMs();
    const seq = await trigger();
    const answered = nowMs();
    const last = swarm ? await swarm.lastReceipt(seq) : answered;
    if (i >= 0) {
      latencies.push(last - t0);
      requests.push(answered - t0);
    }
  }
  return { latencies, requests, cpuMicros: (await cpuMicros()) - cpu0 };
}

/** The rounds with n sockets, then alone (after, so that both run on a warmed-up server). */
export async function withAndWithout(
  server: ServerUnderTest,
  n: number,
  count: number,
  connect: () => Promise<Swarm>,
  trigger: () => Promise<number>,
): Promise<Run> {
  const swarm = await connect();
  let run: Rounds;
  try {
    await swarm.track(true);
    run = await rounds(server.cpuMicros, swarm, count, trigger);
  } finally {
    await swarm.close();
  }
  await sleep(1000); // the disconnections settle
  const aloneCount = Math.ceil(count / 2); // the edit alone varies less: half the rounds, scaled
  const alone = await rounds(server.cpuMicros, null, aloneCount, trigger);
  const messages = count * n;
  return {
    ...run,
    cpuMicrosPerMessage: run.cpuMicros / messages,
    fanOutMicrosPerMessage: (run.cpuMicros - (alone.cpuMicros * count) / aloneCount) / messages,
    aloneMicrosPerRound: alone.cpuMicros / aloneCount,
  };
}

/** A dashboard swarm that keeps one batch as received when it closes, for the bare server to send. */
export function keepingSample(swarm: Swarm, kept: { sample: ChangeBatch | null }): Swarm {
  return {
    ...swarm,
    close: async () => {
      kept.sample = await swarm.sample();
      await swarm.close();
    },
  };
}

/** The reference: a bare Socket.io server io.emit'ing `payload` to n plain sockets (from
 *  `localAddresses` in turn, when given), over the same rounds. `front`, when given, puts a proxy in
 *  front of it (nginx, bench/support/nginx.ts) and returns the URL the sockets and POSTs go to. */
export async function bare(
  n: number,
  count: number,
  payload: ChangeBatch,
  localAddresses: string[] = [],
  front?: (port: number) => Promise<{ url: string; stop(): Promise<void> }>,
): Promise<Run> {
  const server = await startServer("bare");
  const proxy = front
    ? await front(Number(new URL(server.url).port)).catch(async (e: unknown) => {
        await server.close();
        throw e;
      })
    : null;
  const url = proxy?.url ?? server.url;
  try {
    await server.setPayload(payload);
    return await withAndWithout(
      server,
      n,
      count,
      () => startSwarm(url, n, null, localAddresses),
      async () => {
        const res = await fetch(`${url}/emit`, { method: "POST" });
        return ((await res.json()) as { seq: number }).seq;
      },
    );
  } finally {
    await proxy?.stop();
    await server.close();
  }
}
