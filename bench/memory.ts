// Server memory per connected dashboard: how the server's resident memory grows from N/5 to N
// dashboards (connected and subscribed), per dashboard, beside a bare Socket.io server with plain
// connections. Measured from N/5 rather than from none because the first connections also pay
// for what is allocated once (buffers, compiled code, heap pages the garbage collector keeps).
import { login } from "./support/api.ts";
import { sleep } from "./support/clock.ts";
import type { BenchContext, Measurement } from "./support/context.ts";
import { startServer, startUnionPulse, type ServerUnderTest } from "./support/servers.ts";
import { kb } from "./support/stats.ts";
import { startSwarm, type Dashboards } from "./support/swarm.ts";
import { info, judged } from "./support/table.ts";

async function perClient(server: ServerUnderTest, n: number, dashboards: (url: string) => Promise<Dashboards | null>) {
  try {
    const as = await dashboards(server.url);
    const first = Math.round(n / 5);
    const a = await startSwarm(server.url, first, as);
    try {
      await sleep(1000);
      const before = await server.memory();
      const b = await startSwarm(server.url, n - first, as);
      try {
        await sleep(1500);
        const after = await server.memory();
        return { rss: (after.rss - before.rss) / (n - first), heap: (after.heapUsed - before.heapUsed) / (n - first) };
      } finally {
        await b.close();
      }
    } finally {
      await a.close();
    }
  } finally {
    await server.close();
  }
}

export const memory: Measurement = {
  name: "memory",
  async run(ctx: BenchContext) {
    const n = ctx.quick ? 1000 : Number(process.env.BENCH_MEMORY_N ?? 5000);
    const clients = `${n.toLocaleString("en-US")} clients`;
    ctx.progress(`memory: UnionPulse with ${clients}`);
    const up = await perClient(await startUnionPulse(await ctx.freshSqlite(3000)), n, async (url) => ({ cookie: (await login(url, "leader")).cookie, subscribe: { nonState: "true" } }));
    ctx.progress(`memory: bare Socket.io with ${clients}`);
    const ref = await perClient(await startServer("bare"), n, async () => null);
    return [
      judged({ measure: `Server memory per connected client (RSS), ${clients}`, figure: kb(up.rss), reference: `${kb(ref.rss)} bare Socket.io`, target: "≤ 1.2×" }, up.rss / ref.rss, { max: 1.2 }),
      info({ measure: `  of which JS heap`, figure: kb(up.heap), reference: kb(ref.heap), ratio: `${(up.heap / ref.heap).toFixed(2)}×`, target: "—" }),
    ];
  },
};
