// Server memory per connected dashboard: the server's resident memory as dashboards connect (and
// subscribe) in five equal steps up to N, per dashboard as the slope of a least-squares line
// through the steps, beside a bare Socket.io server with plain connections. A slope rather than
// (after − before) ÷ N: the first connections also pay for what is allocated once (buffers,
// compiled code), and one step alone is noisy. Judged on resident memory in use: RSS less the
// part of the JS heap V8 holds but has not used (it keeps or returns such pages as it likes after
// a collection, which moved raw RSS per client by ±50 % between identical runs here).
import { login } from "./support/api.ts";
import { sleep } from "./support/clock.ts";
import type { BenchContext, Measurement } from "./support/context.ts";
import { startServer, startUnionPulse, type ServerUnderTest } from "./support/servers.ts";
import { kb, num } from "./support/stats.ts";

const pct = (core: number) => `${num(core * 100)} % of a core`;
import { startSwarm, type Dashboards, type Swarm } from "./support/swarm.ts";
import { info, judged } from "./support/table.ts";

const STEPS = 5;

/** Least-squares slope of y over x. */
function slope(x: number[], y: number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length,
    my = y.reduce((s, v) => s + v, 0) / y.length;
  let num = 0,
    den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i]! - mx) * (y[i]! - my);
    den += (x[i]! - mx) ** 2;
  }
  return num / den;
}

/** Long enough to include one of the server's 30 s re-checks of every live connection's session
 *  (server/realtime/auth.ts), which a shorter window could miss. */
const IDLE_WINDOW_MS = 31_000;

async function perClient(
  server: ServerUnderTest,
  n: number,
  dashboards: (url: string) => Promise<Dashboards | null>,
  idleMs: number,
) {
  const swarms: Swarm[] = [];
  try {
    const as = await dashboards(server.url);
    const connected: number[] = [],
      rss: number[] = [],
      inUse: number[] = [],
      heap: number[] = [];
    for (let step = 1; step <= STEPS; step++) {
      swarms.push(await startSwarm(server.url, Math.round(n / STEPS), as));
      await sleep(1000);
      const m = await server.memory();
      connected.push(swarms.reduce((s, w) => s + w.size, 0));
      rss.push(m.rss);
      inUse.push(m.rss - (m.heapTotal - m.heapUsed));
      heap.push(m.heapUsed);
    }
    // While they are connected and nothing changes: heartbeats, and whatever else runs per connection.
    const cpu0 = await server.cpuMicros();
    await sleep(idleMs);
    const idleCore = ((await server.cpuMicros()) - cpu0) / 1000 / idleMs;
    return { rss: slope(connected, rss), inUse: slope(connected, inUse), heap: slope(connected, heap), idleCore };
  } finally {
    for (const s of swarms) await s.close();
    await server.close();
  }
}

export const memory: Measurement = {
  name: "memory",
  async run(ctx: BenchContext) {
    const n = ctx.quick ? 1000 : 5000;
    const idleMs = ctx.quick ? 5000 : IDLE_WINDOW_MS;
    const clients = `${n.toLocaleString("en-US")} clients`;
    ctx.progress(`memory: UnionPulse with ${clients}`);
    const up = await perClient(
      await startUnionPulse(await ctx.freshSqlite(3000)),
      n,
      async (url) => ({ cookie: (await login(url, "leader")).cookie, subscribe: { nonState: "true" } }),
      idleMs,
    );
    ctx.progress(`memory: bare Socket.io with ${clients}`);
    const ref = await perClient(await startServer("bare"), n, async () => null, idleMs);
    return [
      judged(
        {
          measure: `Server memory per connected client, ${clients}`,
          figure: kb(up.inUse),
          reference: `${kb(ref.inUse)} bare Socket.io`,
          target: "≤ 1.2×",
        },
        up.inUse / ref.inUse,
        { max: 1.2 },
      ),
      info({
        measure: `  of which JS heap`,
        figure: kb(up.heap),
        reference: kb(ref.heap),
        ratio: `${(up.heap / ref.heap).toFixed(2)}×`,
        target: "—",
      }),
      info({
        measure: `  raw RSS (noisy, see bench/memory.ts)`,
        figure: kb(up.rss),
        reference: kb(ref.rss),
        ratio: `${(up.rss / ref.rss).toFixed(2)}×`,
        target: "—",
      }),
      info({
        measure: `Idle server CPU with ${clients} (${Math.round(idleMs / 1000)} s, nothing changes)`,
        figure: pct(up.idleCore),
        reference: `${pct(ref.idleCore)} bare Socket.io`,
        ratio: `${(up.idleCore / ref.idleCore).toFixed(1)}×`,
        target: "—",
      }),
    ];
  },
};
