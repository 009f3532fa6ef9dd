// Write throughput: accepted PATCHes per second with 1,000 dashboards connected, on SQLite and on
// PostgreSQL, beside the same writers with no dashboard; and whether the dashboards were spared
// the burst (at most one batch per 100 ms each) without missing a change.
import type { Enterprise } from "../contract/enterprise.ts";
import { currentSeq, editOnce, enterprisePool, login, type Session } from "./support/api.ts";
import { sleep } from "./support/clock.ts";
import type { BenchContext, Measurement } from "./support/context.ts";
import { bulkLoadPostgres } from "../tests/support/bulk-load.ts";
import { freshPostgres } from "./support/postgres.ts";
import { startUnionPulse } from "./support/servers.ts";
import { num } from "./support/stats.ts";
import { startSwarm } from "./support/swarm.ts";
import { info, judged, type Row } from "./support/table.ts";

const ENTERPRISES = 3000;
/** Concurrent writers, each on enterprises of its own so that versions never clash. */
const WRITERS = 8;

/** Accepted edits per second over `seconds` from WRITERS concurrent loops. */
async function burst(editor: Session, pool: Enterprise[], seconds: number): Promise<{ perSecond: number }> {
  const until = performance.now() + seconds * 1000;
  let accepted = 0;
  const rejected = new Map<number, number>();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const mine = pool.filter((_, i) => i % WRITERS === w);
      for (let i = 0; performance.now() < until; i++) {
        const status = await editOnce(editor, mine[i % mine.length]!);
        if (status === 200) accepted++;
        else rejected.set(status, (rejected.get(status) ?? 0) + 1);
      }
    }),
  );
  // Each writer edits enterprises of its own at the version it last saw: nothing should be refused.
  if (rejected.size) throw new Error(`edits refused: ${[...rejected].map(([s, n]) => `${n} × HTTP ${s}`).join(", ")}`);
  return { perSecond: (accepted * 1000) / (performance.now() - t0) };
}

async function measure(
  ctx: BenchContext,
  label: string,
  databaseUrl: string,
  clients: number,
  seconds: number,
): Promise<Row[]> {
  const server = await startUnionPulse(databaseUrl);
  try {
    const editor = await login(server.url, "admin");
    const pool = await enterprisePool(editor, 400);
    await burst(editor, pool, 1); // warm-up: compiled code, connection pools, database caches
    ctx.progress(`writes ${label}: ${WRITERS} writers for ${seconds} s, no dashboards`);
    const alone = await burst(editor, pool, seconds);
    const swarm = await startSwarm(server.url, clients, {
      cookie: (await login(server.url, "leader")).cookie,
      subscribe: { nonState: "true" },
    });
    try {
      await sleep(300);
      await swarm.reset();
      ctx.progress(`writes ${label}: ${WRITERS} writers for ${seconds} s, ${clients} dashboards`);
      const loaded = await burst(editor, pool, seconds);
      await sleep(500); // the last batch
      const seq = await currentSeq(server.url);
      const seen = await swarm.summary();
      // Every change reached every dashboard (in a batch's figures and list, sequence gapless), and
      // the bursts were fast enough to need coalescing at all.
      const delivered = seen.socketsWithGaps === 0 && seen.lowestSeq === seq && loaded.perSecond > 20;
      const rate = seen.maxBatchesPerSecond;
      const n = clients.toLocaleString("en-US");
      return [
        info({
          measure: `Accepted PATCHes/s, ${n} clients, ${label}`,
          figure: `${num(loaded.perSecond)}/s`,
          reference: `${num(alone.perSecond)}/s with no client`,
          ratio: `${(loaded.perSecond / alone.perSecond).toFixed(2)}×`,
          target: "—",
        }),
        {
          ...judged(
            {
              measure: `  batches per client per s during it, ${label}`,
              figure: `${num(rate)}/s (closest ${num(seen.minInterArrivalMs)} ms apart)`,
              reference: `${num(loaded.perSecond)} edits/s`,
              target: "≤ 10/s, all delivered",
            },
            rate,
            { max: 10, absolute: true },
          ),
          ...(delivered
            ? {}
            : {
                verdict: "MISS" as const,
                figure: `${num(rate)}/s; ${seen.socketsWithGaps} clients with gaps, lowest seq ${seen.lowestSeq} of ${seq}`,
              }),
        },
      ];
    } finally {
      await swarm.close();
    }
  } finally {
    await server.close();
  }
}

export const writes: Measurement = {
  name: "writes",
  async run(ctx) {
    const clients = ctx.quick ? 200 : 1000;
    const seconds = ctx.quick ? 3 : 10;
    const rows = await measure(ctx, "SQLite", await ctx.freshSqlite(ENTERPRISES), clients, seconds);
    try {
      const pgUrl = await freshPostgres(ctx);
      await bulkLoadPostgres(pgUrl, ENTERPRISES);
      rows.push(...(await measure(ctx, "PostgreSQL", pgUrl, clients, seconds)));
    } catch (e) {
      // No PostgreSQL here (or it failed): the SQLite figures still stand.
      rows.push({
        measure: `Accepted PATCHes/s, PostgreSQL: failed (${(e as Error).message.split("\n")[0]})`,
        figure: "",
        reference: "",
        ratio: "",
        target: "",
        verdict: "MISS",
      });
    }
    return rows;
  },
};
