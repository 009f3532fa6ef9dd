// The edit on PostgreSQL: the server CPU of one PATCH with the edit as a read and one statement on pg's
// pool (POSTGRES_DIRECT_EDITS=on, the default) beside the same server taking Prisma's interactive
// transaction (off), from one writer and from several at once. Both run side by side, each on a database of its own, measured in alternating
// blocks, so a busy moment of the shared machine weighs on both alike; the figure is the median block.
import { editOnce, enterprisePool, login, untilSettled } from "./support/api.ts";
import { bulkLoadPostgres } from "../tests/support/bulk-load.ts";
import type { Measurement } from "./support/context.ts";
import { freshPostgres } from "./support/postgres.ts";
import { startUnionPulse, type ServerUnderTest } from "./support/servers.ts";
import { median, num, us } from "./support/stats.ts";
import { info, type Row } from "./support/table.ts";

const ENTERPRISES = 3000;

/** Concurrent writers in the loaded blocks, each on enterprises of its own so that versions never clash. */
const WRITERS = 8;

/** CPU µs per request over `count` requests from `writers` concurrent loops, after they ran. */
async function block(
  server: ServerUnderTest,
  count: number,
  writers: number,
  send: (writer: number) => Promise<void>,
): Promise<number> {
  const cpu0 = await server.cpuMicros();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = w; i < count; i += writers) await send(w);
    }),
  );
  return ((await server.cpuMicros()) - cpu0) / count;
}

async function editing(server: ServerUnderTest) {
  await untilSettled(server.url); // the start's background work is not the edit's
  const editor = await login(server.url, "admin");
  const pool = await enterprisePool(editor, 200);
  const next = Array.from({ length: WRITERS }, () => 0);
  return async (writer: number) => {
    const mine = pool.filter((_, i) => i % WRITERS === writer);
    const status = await editOnce(editor, mine[next[writer]!++ % mine.length]!);
    if (status !== 200) throw new Error(`PATCH answered ${status}`);
  };
}

/** Median CPU µs per PATCH of each server over alternating blocks, and each block's figure. */
async function alternating(
  servers: [ServerUnderTest, ServerUnderTest],
  patches: [(w: number) => Promise<void>, (w: number) => Promise<void>],
  blocks: number,
  perBlock: number,
  writers: number,
): Promise<[number[], number[]]> {
  const figures: [number[], number[]] = [[], []];
  for (let b = 0; b < blocks; b++)
    for (const k of [0, 1] as const) figures[k].push(await block(servers[k], perBlock, writers, patches[k]));
  return figures;
}

export const editPostgres: Measurement = {
  name: "edit-postgres",
  async run(ctx) {
    const perBlock = ctx.quick ? 50 : 200;
    const blocks = ctx.quick ? 3 : 7;
    ctx.progress(`edit-postgres: ${blocks} blocks of ${perBlock} PATCHes, direct beside Prisma's transaction`);
    const [directUrl, prismaUrl] = [await freshPostgres(ctx), await freshPostgres(ctx)];
    await Promise.all([bulkLoadPostgres(directUrl, ENTERPRISES), bulkLoadPostgres(prismaUrl, ENTERPRISES)]);
    const direct = await startUnionPulse(directUrl, { POSTGRES_DIRECT_EDITS: "on" });
    const prisma = await startUnionPulse(prismaUrl, { POSTGRES_DIRECT_EDITS: "off" });
    try {
      const [patchDirect, patchPrisma] = [await editing(direct), await editing(prisma)];
      // Warm-up: JIT, Prisma's query plans, the session cache, the pools' connections.
      await alternating([direct, prisma], [patchDirect, patchPrisma], 1, perBlock, WRITERS);
      const rows: Row[] = [];
      for (const writers of [1, WRITERS]) {
        const [directMicros, prismaMicros] = await alternating(
          [direct, prisma],
          [patchDirect, patchPrisma],
          blocks,
          perBlock,
          writers,
        );
        const figure = median(directMicros),
          reference = median(prismaMicros);
        ctx.progress(
          `edit-postgres, ${writers} writer(s): direct ${directMicros.map((v) => num(v)).join(", ")} µs; Prisma ${prismaMicros.map((v) => num(v)).join(", ")} µs`,
        );
        rows.push(
          info({
            measure: `Server CPU of one PATCH on PostgreSQL, ${writers} writer(s), direct (median of ${blocks} × ${perBlock})`,
            figure: us(figure),
            reference: `${us(reference)} through Prisma's transaction (${num(figure / reference)}×)`,
            target: "—",
          }),
          info({
            measure: `  spread of the ${blocks} blocks (direct; Prisma)`,
            figure: `${us(Math.min(...directMicros))} – ${us(Math.max(...directMicros))}`,
            reference: `${us(Math.min(...prismaMicros))} – ${us(Math.max(...prismaMicros))}`,
            target: "—",
          }),
        );
      }
      return rows;
    } finally {
      await Promise.all([direct.close(), prisma.close()]);
    }
  },
};
