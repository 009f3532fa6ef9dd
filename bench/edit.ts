// The edit itself: the server CPU of one PATCH (Express, session, zod, the transaction, the change
// log, the feed) with no dashboard connected, beside a bare server's POST that emits to no socket.
// Both servers run side by side and are measured in alternating blocks, so a busy moment of the
// shared machine weighs on both alike; the figure is the median block.
import { editOnce, enterprisePool, login, untilSettled } from "./support/api.ts";
import type { Measurement } from "./support/context.ts";
import { sleep } from "./support/clock.ts";
import { startServer, startUnionPulse, type ServerUnderTest } from "./support/servers.ts";
import { median, num, us } from "./support/stats.ts";
import { judged, info, type Row } from "./support/table.ts";

const ENTERPRISES = 3000;
/** The target: one PATCH ≤ 2.5 ms of server CPU (8.4 ms before). */
const TARGET_MICROS = 2500;

/** As far apart as the fan-out rounds' edits (bench/support/fanout-rounds.ts). */
const SPACED_MS = 150;

/** CPU µs per request over `count` sequential requests, after they ran (`gapMs` apart; with no
 *  `send`, the gaps alone: what the idle server's timers cost). */
async function block(
  server: ServerUnderTest,
  count: number,
  send: (() => Promise<void>) | null,
  gapMs = 0,
): Promise<number> {
  const cpu0 = await server.cpuMicros();
  for (let i = 0; i < count; i++) {
    if (gapMs) await sleep(gapMs);
    await send?.();
  }
  return ((await server.cpuMicros()) - cpu0) / count;
}

/** CPU µs per request `SPACED_MS` apart, less what the same gaps cost with no request. */
async function spaced(server: ServerUnderTest, count: number, send: () => Promise<void>): Promise<number> {
  const idle = await block(server, count, null, SPACED_MS);
  return (await block(server, count, send, SPACED_MS)) - idle;
}

export const edit: Measurement = {
  name: "edit",
  async run(ctx) {
    const perBlock = ctx.quick ? 50 : 200;
    const blocks = ctx.quick ? 3 : 7;
    ctx.progress(`edit: ${blocks} blocks of ${perBlock} PATCHes, beside as many bare POST /emit`);
    const ours = await startUnionPulse(await ctx.freshSqlite(ENTERPRISES));
    const bare = await startServer("bare");
    try {
      await untilSettled(ours.url); // the start's background work is not the edit's
      await bare.setPayload({});
      const editor = await login(ours.url, "admin");
      const pool = await enterprisePool(editor, 200);
      let i = 0;
      const patch = async () => {
        const status = await editOnce(editor, pool[i++ % pool.length]!);
        if (status !== 200) throw new Error(`PATCH answered ${status}`);
      };
      const post = async () => {
        const res = await fetch(`${bare.url}/emit`, { method: "POST" });
        await res.arrayBuffer();
      };
      // Warm-up: JIT, Prisma's query plans, the session cache.
      await block(ours, perBlock, patch);
      await block(bare, perBlock, post);
      const oursMicros: number[] = [],
        bareMicros: number[] = [];
      for (let b = 0; b < blocks; b++) {
        oursMicros.push(await block(ours, perBlock, patch));
        bareMicros.push(await block(bare, perBlock, post));
      }
      // The same requests one every SPACED_MS, as the fan-out rounds send them: a server that is not
      // kept busy pays for collections its idle moments start and for caches others emptied.
      const spacedCount = ctx.quick ? 20 : 100;
      ctx.progress(`edit: ${spacedCount} PATCHes and as many bare POST /emit, ${SPACED_MS} ms apart`);
      const oursSpaced = await spaced(ours, spacedCount, patch);
      const bareSpaced = await spaced(bare, spacedCount, post);
      const figure = median(oursMicros),
        reference = median(bareMicros);
      ctx.progress(
        `edit: PATCH ${oursMicros.map((v) => num(v)).join(", ")} µs; bare POST ${bareMicros.map((v) => num(v)).join(", ")} µs`,
      );
      const rows: Row[] = [
        judged(
          {
            measure: `Server CPU of one PATCH, no client connected (median of ${blocks} × ${perBlock})`,
            figure: us(figure),
            reference: `${us(reference)} bare POST /emit (${num(figure / reference)}×)`,
            target: `≤ ${us(TARGET_MICROS)}`,
          },
          figure,
          { max: TARGET_MICROS, absolute: true },
        ),
        info({
          measure: `  spread of the ${blocks} blocks (PATCH; bare POST)`,
          figure: `${us(Math.min(...oursMicros))} – ${us(Math.max(...oursMicros))}`,
          reference: `${us(Math.min(...bareMicros))} – ${us(Math.max(...bareMicros))}`,
          target: "—",
        }),
        info({
          measure: `  one every ${SPACED_MS} ms (${spacedCount}, after the blocks; the idle gaps' CPU taken off)`,
          figure: us(oursSpaced),
          reference: `${us(bareSpaced)} bare POST /emit (${num(oursSpaced / bareSpaced)}×)`,
          target: "—",
        }),
      ];
      return rows;
    } finally {
      await Promise.all([ours.close(), bare.close()]);
    }
  },
};
