// Analysts at work on a big province (issue 13 item 6): one server process on the bulk-loaded file
// (1,000,000 enterprises and 5,000,000 changes; --quick 100,000 and 500,000), its history builds
// warmed first (one trend, one period report), then for a while at once: trends with various
// filters, CSV and xlsx exports of the whole non-state selection, dry runs of a 20,000-row import,
// edits PATCHed, and a live client receiving their pushes. The server reports its own event-loop
// delay (support/server-process.ts): a push waits as long as the loop is held. The longest gap between
// pushes is read while edits go on; the loop's delay until every request has ended.
// BENCH_ANALYSTS_NO_TRENDS=1 leaves the trends out, to see the rest apart from the history service;
// BENCH_ANALYSTS_NO_EXPORTS=1 the exports, to see the import dry runs apart from them.
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../contract/events.ts";
import { editOnce, enterprisePool, login, type Session } from "./support/api.ts";
import { bulkLoadSqlite } from "../tests/support/bulk-load.ts";
import { arrivalGaps } from "./support/live-pushes.ts";
import type { BenchContext, Measurement } from "./support/context.ts";
import { startUnionPulse } from "./support/servers.ts";
import { kb, median, ms } from "./support/stats.ts";
import { info, judged, type Row } from "./support/table.ts";

const CHANGES_PER_ENTERPRISE = 5;
const IMPORT_ROWS = 20_000;
const SECONDS = 30;
const EDIT_EVERY_MS = 50;
/** After the last edit: its batch is sent within 100 ms (coalesced), and must cross the loop. */
const PUSH_SETTLE_MS = 300;
const TREND_FILTERS = [
  "nonState=true",
  "sector=C",
  "ownership=FDI",
  "district=1",
  "sector=F&nonState=true",
  "size=100-499",
];

/** Tax codes as tests/support/bulk-load.ts writes them: the row number. */
const taxCodeOf = (id: number) => `38${String(id).padStart(8, "0")}`;
const importFile = () => {
  const lines = ["taxCode,initiatives"];
  for (let id = 1; id <= IMPORT_ROWS; id++) lines.push(`${taxCodeOf(id)},${2000 + (id % 89)}`);
  return new Uint8Array(Buffer.from(`${lines.join("\n")}\n`, "utf8"));
};

/** A request read to its end; its time, and the bytes received (a download stopped at the end of
 *  the window counts its bytes but no time). */
async function timed(s: Session, pathname: string, init: RequestInit = {}, signal?: AbortSignal) {
  const t0 = performance.now();
  let bytes = 0;
  try {
    const res = await fetch(`${s.url}${pathname}`, { ...init, headers: { cookie: s.cookie, ...init.headers }, signal });
    if (!res.ok) throw new Error(`${pathname} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    for await (const chunk of res.body!) bytes += (chunk as Uint8Array).byteLength;
    return { ms: performance.now() - t0, bytes };
  } catch (e) {
    if (signal?.aborted) return { ms: null, bytes };
    throw e;
  }
}

interface Kind {
  name: string;
  times: number[];
  bytes: number;
}

/** Runs `one` again and again until `until`, recording each finished run's time. */
async function repeat(kind: Kind, until: number, one: () => Promise<{ ms: number | null; bytes: number }>) {
  while (performance.now() < until) {
    const r = await one();
    kind.bytes += r.bytes;
    if (r.ms !== null) kind.times.push(r.ms);
  }
}

/** A live client following the non-state figures: the longest gap between two pushes. */
async function liveClient(s: Session) {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(s.url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie: s.cookie },
  });
  const reply = await socket.timeout(60_000).emitWithAck("subscribe", { nonState: "true" });
  if (!("ok" in reply)) throw new Error(`subscribe refused: ${JSON.stringify(reply)}`);
  const gaps = arrivalGaps();
  // A truncated batch carries figures without its list: a very large batch, or the feed rebuilt from
  // the database (after a sequence gap that did not fill) and skipped the changes in between.
  let truncated = 0;
  socket.on("changes", (batch) => {
    gaps.arrived();
    if (batch.truncated) truncated++;
  });
  return {
    reset() {
      gaps.reset();
      truncated = 0;
    },
    read: () => ({ ...gaps.read(), truncated }),
    close: () => socket.disconnect(),
  };
}

export const analysts: Measurement = {
  name: "analysts",
  async run(ctx: BenchContext): Promise<Row[]> {
    const n = ctx.quick ? 100_000 : 1_000_000;
    const label = `${n.toLocaleString("en-US")} enterprises, ${(n * CHANGES_PER_ENTERPRISE).toLocaleString("en-US")} changes`;
    ctx.progress(`analysts: bulk loading ${label}`);
    const url = await bulkLoadSqlite(path.join(ctx.tmpDir, `analysts-${n}.db`), n, CHANGES_PER_ENTERPRISE);
    const server = await startUnionPulse(url);
    try {
      const analyst = await login(server.url, "admin");
      const editor = await login(server.url, "admin");
      ctx.progress("analysts: warming the history builds (one trend, one period report)");
      const warm = await Promise.all([
        timed(analyst, "/api/trends?nonState=true"),
        timed(analyst, "/api/reports/period?nonState=true"),
      ]);
      const pool = await enterprisePool(editor, 200);
      const live = await liveClient(analyst);
      const file = importFile();
      const kinds = {
        trends: { name: "trends (various filters)", times: [], bytes: 0 } as Kind,
        csv: { name: "CSV export, whole non-state selection", times: [], bytes: 0 } as Kind,
        xlsx: { name: "xlsx export, whole non-state selection", times: [], bytes: 0 } as Kind,
        dryRun: { name: `import dry run, ${IMPORT_ROWS.toLocaleString("en-US")} rows`, times: [], bytes: 0 } as Kind,
        edit: { name: "PATCH (edit)", times: [], bytes: 0 } as Kind,
      };
      ctx.progress(`analysts: ${SECONDS} s of trends, exports, import dry runs and edits at once`);
      const stop = new AbortController();
      const until = performance.now() + SECONDS * 1000;
      const timer = setTimeout(() => stop.abort(), SECONDS * 1000);
      await server.loopDelay(true);
      live.reset();
      let t = 0;
      let e = 0;
      let pushes = { maxGapMs: 0, received: 0, truncated: 0 };
      await Promise.all([
        ...(process.env.BENCH_ANALYSTS_NO_TRENDS ? [] : [0, 1]).map((a) =>
          repeat(kinds.trends, until, () =>
            timed(analyst, `/api/trends?${TREND_FILTERS[(t++ * 2 + a) % TREND_FILTERS.length]}`),
          ),
        ),
        ...(process.env.BENCH_ANALYSTS_NO_EXPORTS
          ? []
          : [
              repeat(kinds.csv, until, () =>
                timed(analyst, "/api/export/enterprises.csv?nonState=true", {}, stop.signal),
              ),
              repeat(kinds.xlsx, until, () =>
                timed(analyst, "/api/export/enterprises.xlsx?nonState=true", {}, stop.signal),
              ),
            ]),
        repeat(kinds.dryRun, until, () =>
          timed(editor, "/api/import/dry-run", { method: "POST", headers: { "content-type": "text/csv" }, body: file }),
        ),
        repeat(kinds.edit, until, async () => {
          const t0 = performance.now();
          const status = await editOnce(editor, pool[e++ % pool.length]!);
          if (status !== 200) throw new Error(`PATCH answered ${status}`);
          const took = performance.now() - t0;
          await new Promise((r) => setTimeout(r, Math.max(0, EDIT_EVERY_MS - took)));
          return { ms: took, bytes: 0 };
        }).then(async () => {
          // Pushes follow edits, and the edits stop at the window's end while the slowest requests
          // (a replay, a dry run) may run a minute longer: read the gaps once the last edit's batch
          // has had its time to arrive, or that minute without edits would count as a gap.
          await new Promise((r) => setTimeout(r, PUSH_SETTLE_MS));
          pushes = live.read();
        }),
      ]);
      clearTimeout(timer);
      const windowMs = performance.now() - (until - SECONDS * 1000);
      const loop = await server.loopDelay();
      live.close();
      const medianOf = (k: Kind) =>
        k.times.length ? `${ms(median(k.times))} (${k.times.length} done)` : `none done in ${SECONDS} s`;
      return [
        info({
          measure: `Analysts: history warmed first (trend, period report), ${label}`,
          figure: `${ms(warm[0].ms!)}, ${ms(warm[1].ms!)}`,
          reference: "—",
          target: "—",
        }),
        judged(
          {
            measure: `Analysts: event-loop delay p99 inside the server, ${SECONDS} s of trends, exports, dry runs, edits`,
            figure: ms(loop.p99),
            reference: `max ${ms(loop.max)}, p50 ${ms(loop.p50)}; every request ended after ${ms(windowMs)}`,
            target: "≤ 50 ms",
          },
          loop.p99,
          { max: 50, absolute: true },
        ),
        info({
          measure: `  longest gap between live pushes to a subscribed client while edits go on (${SECONDS} s)`,
          figure: ms(pushes.maxGapMs),
          reference: `${pushes.received} batches (${pushes.truncated} truncated); an edit every ${EDIT_EVERY_MS} ms, batches ≤ 10/s`,
          target: "—",
        }),
        ...Object.values(kinds).map((k) =>
          info({
            measure: `  median ${k.name}`,
            figure: medianOf(k),
            reference: k.bytes ? `${kb(k.bytes)} received` : "—",
            target: "—",
          }),
        ),
      ];
    } finally {
      await server.close();
    }
  },
};
