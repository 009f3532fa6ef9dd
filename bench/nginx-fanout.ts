// Fan-out through nginx (issue 13, item 6): N dashboards spread by nginx's ip_hash over two
// UnionPulse processes on PostgreSQL and Redis, edits sent through nginx; the time from an edit to
// the last dashboard's receipt, beside one bare Socket.io process with the same clients.
import fs from "node:fs";
import type { ChangeBatch } from "../contract/events.ts";
import { currentSeq, editOnce, enterprisePool, login, untilSettled } from "./support/api.ts";
import { bulkLoadPostgres } from "../tests/support/bulk-load.ts";
import type { BenchContext, Measurement } from "./support/context.ts";
import { bare, rounds, type Rounds, type Run } from "./support/fanout-rounds.ts";
import { NGINX, socketsConnected, spreadAddresses, startNginx, type RunningNginx } from "./support/nginx.ts";
import { freshPostgres } from "./support/postgres.ts";
import { benchRedisPrefix, checkRedis, deleteRedisKeys, REDIS_URL } from "./support/redis.ts";
import { startUnionPulse, type ServerUnderTest } from "./support/servers.ts";
import { kb, ms, num, percentile, us } from "./support/stats.ts";
import { startSwarm } from "./support/swarm.ts";
import { info, judged, type Row } from "./support/table.ts";

const ENTERPRISES = 3000;
const PROCESSES = 2;
/** Source addresses per process: a few, so no one address (and its ephemeral ports) carries all. */
const ADDRESSES_PER_PROCESS = 4;

interface Cluster {
  nginx: RunningNginx;
  servers: ServerUnderTest[];
  close(): Promise<void>;
}

/** Two processes on a fresh bulk-loaded PostgreSQL database, linked through Redis, behind nginx. */
async function startCluster(ctx: BenchContext): Promise<Cluster> {
  await checkRedis(); // without it the processes would start degraded and pass each other nothing
  const database = await freshPostgres(ctx); // dropped by its own clean-up step, after close below
  await bulkLoadPostgres(database, ENTERPRISES);
  const prefix = benchRedisPrefix();
  ctx.onCleanup(() => deleteRedisKeys(prefix));
  const servers: ServerUnderTest[] = [];
  let nginx: RunningNginx | null = null;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await nginx?.stop();
    await Promise.all(servers.map((s) => s.close()));
  };
  ctx.onCleanup(close); // also on Ctrl+C, when the finally blocks below do not run
  try {
    // One after another, as `npm run cluster` starts them.
    for (let i = 0; i < PROCESSES; i++)
      servers.push(await startUnionPulse(database, { REDIS_URL, REDIS_PREFIX: prefix }));
    nginx = await startNginx(servers.map((s) => Number(new URL(s.url).port)));
    await Promise.all(servers.map((s) => untilSettled(s.url))); // the start's background work is not the rounds'
  } catch (e) {
    await close();
    throw e;
  }
  return { nginx, servers, close };
}

interface ThroughNginx extends Rounds {
  sample: ChangeBatch;
  /** Sockets each process held once every dashboard had connected. */
  sockets: number[];
  addresses: string[];
}

async function throughNginx(ctx: BenchContext, n: number, count: number): Promise<ThroughNginx> {
  const cluster = await startCluster(ctx);
  try {
    const url = cluster.nginx.url;
    const addresses = await spreadAddresses(
      url,
      cluster.servers.map((s) => new URL(s.url).host),
      ADDRESSES_PER_PROCESS,
    );
    const leader = await login(url, "leader");
    const editor = await login(url, "admin");
    const pool = await enterprisePool(editor, 200);
    let seq = await currentSeq(url);
    let i = 0;
    const swarm = await startSwarm(url, n, { cookie: leader.cookie, subscribe: { nonState: "true" } }, addresses);
    try {
      const sockets = await Promise.all(cluster.servers.map((s) => socketsConnected(s.url)));
      ctx.progress(
        `fan-out through nginx: sockets per process ${sockets.join(" + ")} (from ${addresses.length} source addresses)`,
      );
      await swarm.track(true);
      const cpuMicros = async () =>
        (await Promise.all(cluster.servers.map((s) => s.cpuMicros()))).reduce((a, b) => a + b);
      const run = await rounds(cpuMicros, swarm, count, async () => {
        const status = await editOnce(editor, pool[i++ % pool.length]!);
        if (status !== 200) throw new Error(`PATCH through nginx answered ${status}`);
        return ++seq; // the bench is the only writer
      });
      const sample = await swarm.sample();
      if (!sample) throw new Error("no batch was received");
      return { ...run, sample, sockets, addresses };
    } finally {
      await swarm.close();
    }
  } finally {
    await cluster.close();
  }
}

function notMeasured(why: string): Row[] {
  return [
    {
      measure: `Fan-out through nginx: not measured (${why})`,
      figure: "",
      reference: "",
      ratio: "",
      target: "",
      verdict: "MISS",
    },
  ];
}

export const nginxFanout: Measurement = {
  name: "nginx-fanout",
  async run(ctx) {
    if (!fs.existsSync(NGINX))
      return notMeasured(`nginx is not installed at ${NGINX}; Debian's: apt-get install nginx, or set NGINX_PATH`);
    const n = ctx.quick ? 200 : 1000;
    const count = ctx.quick ? 20 : 120;
    const clients = `${n.toLocaleString("en-US")} clients`;
    ctx.progress(
      `fan-out through nginx: UnionPulse × ${PROCESSES} on PostgreSQL and Redis, ${clients}, ${count} edits`,
    );
    const up = await throughNginx(ctx, n, count);
    const bytes = Buffer.byteLength(JSON.stringify(up.sample));
    ctx.progress(`fan-out through nginx: bare Socket.io, ${clients} directly, ${count} io.emit of ${kb(bytes)}`);
    const ref: Run = await bare(n, count, up.sample, up.addresses);
    // The same bare process behind the same nginx: what the proxy alone adds to every message (it
    // relays each one, client side and upstream side), apart from what two processes and Redis add.
    ctx.progress(`fan-out through nginx: bare Socket.io, ${clients} through nginx, ${count} io.emit`);
    const viaNginx: Run = await bare(n, count, up.sample, up.addresses, (port) => startNginx([port]));
    const p = (r: Rounds, q: number) => percentile(r.latencies, q);
    ctx.progress(
      `fan-out through nginx ${clients}: p99 ${num(p(up, 99))} vs ${num(p(ref, 99))} ms (bare behind nginx ${num(p(viaNginx, 99))} ms)`,
    );
    const via = `${PROCESSES} processes behind nginx`;
    return [
      info({
        measure: `Through nginx: sockets per process, ${clients}`,
        figure: up.sockets.join(" + "),
        reference: `from ${up.addresses.length} source addresses`,
        target: "—",
      }),
      info({
        measure: `Fan-out p50 via nginx, ${clients} (batch ${kb(bytes)})`,
        figure: `${ms(p(up, 50))} (${via})`,
        reference: `${ms(p(ref, 50))} one bare process`,
        ratio: `${(p(up, 50) / p(ref, 50)).toFixed(2)}×`,
        target: "—",
      }),
      judged(
        {
          measure: `Fan-out p99 via nginx, ${clients}`,
          figure: `${ms(p(up, 99))} (${via})`,
          reference: `${ms(p(ref, 99))} one bare process`,
          target: "≤ 1.5×",
        },
        p(up, 99) / p(ref, 99),
        { max: 1.5 },
      ),
      info({
        measure: `  the same bare process behind the same nginx, p50 / p99`,
        figure: `${ms(p(viaNginx, 50))} / ${ms(p(viaNginx, 99))}`,
        reference: `${ms(p(ref, 50))} / ${ms(p(ref, 99))} one bare process`,
        ratio: `${(p(up, 99) / p(viaNginx, 99)).toFixed(2)}× (p99 via nginx over it)`,
        target: "—",
      }),
      info({
        measure: `  of which the request (PATCH via nginx vs POST /emit), p50`,
        figure: ms(percentile(up.requests, 50)),
        reference: ms(percentile(ref.requests, 50)),
        target: "—",
      }),
      info({
        measure: `  server CPU per delivered message (both processes; nginx not counted)`,
        figure: us(up.cpuMicros / (count * n)),
        reference: `${us(ref.cpuMicrosPerMessage)} bare io.emit`,
        target: "—",
      }),
    ];
  },
};
