// Downloads of the whole province against the server's event loop (issue 13 item 6): one server
// process on a bulk-loaded file (1,000,000 enterprises; --quick 100,000), two big exports at once (the
// whole non-state selection as CSV and as xlsx) read to their end while an editor PATCHes every 50 ms.
// Measured twice, interleaved: exports made in the export threads (EXPORT_THREADS, the default) and
// in the server's own thread in slices (EXPORT_THREADS=0, as before the threads). The server reports
// its own event-loop delay (support/server-process.ts); each export's time is the client's, to its
// last byte.
import fs from "node:fs";
import { editOnce, enterprisePool, login, type Session } from "./support/api.ts";
import type { BenchContext, Measurement } from "./support/context.ts";
import { startUnionPulse } from "./support/servers.ts";
import { kb, median, ms } from "./support/stats.ts";
import { info, judged, type Row } from "./support/table.ts";

const EDIT_EVERY_MS = 50;
const MODES = [
  { name: "in export threads", env: { EXPORT_THREADS: "2" } },
  { name: "in the server's thread (EXPORT_THREADS=0)", env: { EXPORT_THREADS: "0" } },
] as const;

/** A download read to its end: its time and size. */
async function downloaded(s: Session, pathname: string) {
  const t0 = performance.now();
  const res = await fetch(`${s.url}${pathname}`, { headers: { cookie: s.cookie } });
  if (!res.ok) throw new Error(`${pathname} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  let bytes = 0;
  for await (const chunk of res.body!) bytes += (chunk as Uint8Array).byteLength;
  return { ms: performance.now() - t0, bytes };
}

/** CPU time of a process's main thread (its task with the process's id), ms; null off Linux. The
 *  event-loop delay also counts the waits for a core on a busy machine; this counts only the work. */
function mainThreadCpuMs(pid: number): number | null {
  try {
    // After the command's ")": state is field 3, utime and stime fields 14 and 15, in clock ticks (100 Hz).
    const fields = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function round(url: string, env: Record<string, string>) {
  const server = await startUnionPulse(url, { ...env, HISTORY_PREBUILD: "false" });
  try {
    const editor = await login(server.url, "admin");
    const pool = await enterprisePool(editor, 200);
    // Warm: exceljs loaded and, with threads, both threads started (a second of loading each).
    await Promise.all([
      downloaded(editor, "/api/export/enterprises.csv?district=1&size=gte1000"),
      downloaded(editor, "/api/export/enterprises.xlsx?district=1&size=gte1000"),
    ]);
    await server.loopDelay(true);
    const cpuBefore = mainThreadCpuMs(server.pid);
    let exporting = true;
    const edits: number[] = [];
    const both = Promise.all([
      downloaded(editor, "/api/export/enterprises.csv?nonState=true"),
      downloaded(editor, "/api/export/enterprises.xlsx?nonState=true"),
    ]).finally(() => (exporting = false));
    const editing = (async () => {
      for (let i = 0; exporting; i++) {
        const t0 = performance.now();
        const status = await editOnce(editor, pool[i % pool.length]!);
        if (status !== 200) throw new Error(`PATCH answered ${status}`);
        const took = performance.now() - t0;
        edits.push(took);
        await new Promise((r) => setTimeout(r, Math.max(0, EDIT_EVERY_MS - took)));
      }
    })();
    const [csv, xlsx] = await both;
    await editing;
    const cpuAfter = mainThreadCpuMs(server.pid);
    const mainCpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    return { csv, xlsx, loop: await server.loopDelay(), edits, mainCpuMs };
  } finally {
    await server.close();
  }
}

export const exportsBench: Measurement = {
  name: "exports",
  async run(ctx: BenchContext): Promise<Row[]> {
    const n = ctx.quick ? 100_000 : 1_000_000;
    const url = await ctx.freshSqlite(n);
    const rows: Row[] = [];
    for (const mode of MODES) {
      ctx.progress(`exports: CSV and xlsx of ${n.toLocaleString("en-US")} enterprises at once, ${mode.name}`);
      const r = await round(url, mode.env);
      rows.push(
        judged(
          {
            measure: `Exports ${mode.name}: event-loop delay p99 inside the server, CSV + xlsx of ${n.toLocaleString("en-US")} at once`,
            figure: ms(r.loop.p99),
            reference: `max ${ms(r.loop.max)}, p50 ${ms(r.loop.p50)}`,
            target: "≤ 50 ms",
          },
          r.loop.p99,
          { max: 50, absolute: true },
        ),
        info({
          measure: "  CPU time of the server's main thread meanwhile (exports, edits, pushes)",
          figure: r.mainCpuMs === null ? "n/a" : ms(r.mainCpuMs),
          reference: `over ${ms(Math.max(r.csv.ms, r.xlsx.ms))}`,
          target: "—",
        }),
        info({
          measure: "  CSV export, to its last byte",
          figure: ms(r.csv.ms),
          reference: kb(r.csv.bytes),
          target: "—",
        }),
        info({
          measure: "  xlsx export, to its last byte",
          figure: ms(r.xlsx.ms),
          reference: kb(r.xlsx.bytes),
          target: "—",
        }),
        info({
          measure: `  PATCH meanwhile (one every ${EDIT_EVERY_MS} ms), median`,
          figure: ms(median(r.edits)),
          reference: `max ${ms(Math.max(...r.edits))}, ${r.edits.length} done`,
          target: "—",
        }),
      );
    }
    return rows;
  },
};
