// The edit on PostgreSQL: the server CPU of one PATCH with the edit as a read and one statement on pg's
// pool (POSTGRES_DIRECT_EDITS=on, the default) beside the same server taking Prisma's interactive
// transaction (off). Both run side by side, each on a database of its own, measured in alternating
// blocks, so a busy moment of the shared machine weighs on both alike; the figure is the median block.
import { editOnce, enterprisePool, login, untilSettled } from "./support/api.ts";
import { bulkLoadPostgres } from "./support/bulk-load.ts";
import type { Measurement } from "./support/context.ts";
import { freshPostgres } from "./support/postgres.ts";
import { startUnionPulse, type ServerUnderTest } from "./support/servers.ts";
import { median, num, us } from "./support/stats.ts";
import { info, type Row } from "./support/table.ts";

const ENTERPRISES = 3000;

/** CPU µs per request over `count` sequential requests, after they ran. */
async function block(server: ServerUnderTest, count: number, send: () => Promise<void>): Promise<number> {
  const cpu0 = await server.cpuMicros();
  for (let i = 0; i < count; i++) await send();
  return ((await server.cpuMicros()) - cpu0) / count;
}

async function editing(server: ServerUnderTest) {
  await untilSettled(server.url); // the start's background work is not the edit's
  const editor = await login(server.url, "admin");
  const pool = await enterprisePool(editor, 200);
  let i = 0;
  return async () => {
    const status = await editOnce(editor, pool[i++ % pool.length]!);
    if (status !== 200) throw new Error(`PATCH answered ${status}`);
  };
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
      await block(direct, perBlock, patchDirect);
      await block(prisma, perBlock, patchPrisma);
      const directMicros: number[] = [],
        prismaMicros: number[] = [];
      for (let b = 0; b < blocks; b++) {
        directMicros.push(await block(direct, perBlock, patchDirect));
        prismaMicros.push(await block(prisma, perBlock, patchPrisma));
      }
      const figure = median(directMicros),
        reference = median(prismaMicros);
      ctx.progress(
        `edit-postgres: direct ${directMicros.map((v) => num(v)).join(", ")} µs; Prisma ${prismaMicros.map((v) => num(v)).join(", ")} µs`,
      );
      const rows: Row[] = [
        info({
          measure: `Server CPU of one PATCH on PostgreSQL, direct (median of ${blocks} × ${perBlock})`,
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
      ];
      return rows;
    } finally {
      await Promise.all([direct.close(), prisma.close()]);
    }
  },
};
