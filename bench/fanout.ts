// Fan-out: with N dashboards connected, the time from sending an edit to the last dashboard
// receiving its batch, and the server's CPU per delivered message; beside a bare Socket.io
// server io.emit'ing a payload of the same size to the same number of sockets.
import type { ChangeBatch } from "../contract/events.ts";
import { currentSeq, editOnce, enterprisePool, login, untilSettled } from "./support/api.ts";
import type { BenchContext, Measurement } from "./support/context.ts";
import { bare, keepingSample, withAndWithout, type Run } from "./support/fanout-rounds.ts";
import { startUnionPulse } from "./support/servers.ts";
import { kb, ms, num, percentile, us } from "./support/stats.ts";
import { startSwarm } from "./support/swarm.ts";
import { info, judged, type Row } from "./support/table.ts";

const ENTERPRISES = 3000;

async function ours(ctx: BenchContext, n: number, count: number): Promise<Run & { sample: ChangeBatch }> {
  const server = await startUnionPulse(await ctx.freshSqlite(ENTERPRISES));
  try {
    // The history builds start 2 s after start-up: their CPU is the start's, not the rounds'.
    ctx.progress(`fan-out: UnionPulse settled ${Math.round(await untilSettled(server.url))} ms after ready`);
    const leader = await login(server.url, "leader");
    const editor = await login(server.url, "admin");
    const pool = await enterprisePool(editor, 200);
    let seq = await currentSeq(server.url);
    let i = 0;
    const kept: { sample: ChangeBatch | null } = { sample: null }; // a batch as sent, for the bare server
    const run = await withAndWithout(
      server,
      n,
      count,
      async () => {
        const swarm = await startSwarm(server.url, n, { cookie: leader.cookie, subscribe: { nonState: "true" } }); // the dashboard's default view
        return keepingSample(swarm, kept);
      },
      async () => {
        const status = await editOnce(editor, pool[i++ % pool.length]!);
        if (status !== 200) throw new Error(`PATCH answered ${status}`);
        return ++seq; // the bench is the only writer
      },
    );
    if (!kept.sample) throw new Error("no batch was received");
    return { ...run, sample: kept.sample };
  } finally {
    await server.close();
  }
}

export const fanout: Measurement = {
  name: "fanout",
  async run(ctx) {
    const sizes = ctx.quick ? [200] : [1000, 5000];
    const rows: Row[] = [];
    for (const n of sizes) {
      // 5,000 clients take about a second a round on this machine: fewer rounds (p99 is then the
      // worst of 60).
      const count = ctx.quick ? 20 : n >= 5000 ? 60 : 120;
      const clients = `${n.toLocaleString("en-US")} clients`;
      ctx.progress(`fan-out: UnionPulse, ${clients}, ${count} edits`);
      const up = await ours(ctx, n, count);
      const bytes = Buffer.byteLength(JSON.stringify(up.sample));
      ctx.progress(`fan-out: bare Socket.io, ${clients}, ${count} io.emit of ${kb(bytes)}`);
      const ref = await bare(n, count, up.sample);
      const p = (r: Run, q: number) => percentile(r.latencies, q);
      rows.push(
        info({
          measure: `Fan-out p50, ${clients} (batch ${kb(bytes)})`,
          figure: ms(p(up, 50)),
          reference: `${ms(p(ref, 50))} bare io.emit`,
          ratio: `${(p(up, 50) / p(ref, 50)).toFixed(2)}×`,
          target: "—",
        }),
        judged(
          {
            measure: `Fan-out p99, ${clients}`,
            figure: ms(p(up, 99)),
            reference: `${ms(p(ref, 99))} bare io.emit`,
            target: "≤ 1.5×",
          },
          p(up, 99) / p(ref, 99),
          { max: 1.5 },
        ),
        info({
          measure: `  of which the request (PATCH vs POST /emit), p50`,
          figure: ms(percentile(up.requests, 50)),
          reference: ms(percentile(ref.requests, 50)),
          target: "—",
        }),
        judged(
          {
            measure: `Server CPU per delivered message, ${clients}`,
            figure: us(up.cpuMicrosPerMessage),
            reference: `${us(ref.cpuMicrosPerMessage)} bare io.emit`,
            target: "≤ 1.1×",
          },
          up.cpuMicrosPerMessage / ref.cpuMicrosPerMessage,
          { max: 1.1 },
        ),
        judged(
          {
            measure: `  less the edit itself (fan-out only), ${clients}`,
            figure: us(up.fanOutMicrosPerMessage),
            reference: `${us(ref.fanOutMicrosPerMessage)} bare io.emit`,
            target: "≤ 1.1×",
          },
          up.fanOutMicrosPerMessage / ref.fanOutMicrosPerMessage,
          { max: 1.1 },
        ),
        info({
          measure: `  the edit itself, no client connected (CPU per round)`,
          figure: us(up.aloneMicrosPerRound),
          reference: `${us(ref.aloneMicrosPerRound)} bare POST /emit`,
          target: "—",
        }),
      );
      ctx.progress(
        `fan-out ${clients}: p99 ${num(p(up, 99))} vs ${num(p(ref, 99))} ms; CPU/msg ${num(up.cpuMicrosPerMessage)} vs ${num(ref.cpuMicrosPerMessage)} µs, fan-out only ${num(up.fanOutMicrosPerMessage)} vs ${num(ref.fanOutMicrosPerMessage)} µs`,
      );
    }
    return rows;
  },
};
