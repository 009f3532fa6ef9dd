// History at scale (issue 13 item 6, issue 12): 12 months of trends and the period report for 12
// months over 1,000,000 enterprises and 5,000,000 changes, in this process with the services the
// server uses, while the event-loop delay is sampled (a live push waits as long as the loop is held).
// Trends read the monthly snapshots, the period report its ledger: each one-off build (in a worker
// thread, as the server does it: server/services/history-worker.ts) is shown apart, with the event loop
// and the live pushes of this process meanwhile;
// the figures are warm reads after one more change (the catch-up a live server does before each
// read), with a real Socket.io client receiving pushes meanwhile (support/live-pushes.ts).
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { addMonths, dayOf, monthOf } from "../server/domain/calendar.ts";
import type { Actor } from "../server/domain/rights.ts";
import { openDatabase } from "../server/db/database.ts";
import { createLogger } from "../server/log.ts";
import { historyService } from "../server/services/history.ts";
import { workerBuilds } from "../server/services/history-worker.ts";
import { periodLedgers } from "../server/services/period-ledgers.ts";
import { reportService } from "../server/services/report.ts";
import type { PeriodReport } from "../contract/report.ts";
import { reportFileRows } from "./report-files.ts";
import { livePushes } from "./support/live-pushes.ts";
import type { BenchContext, Measurement } from "./support/context.ts";
import { bulkLoadSqlite } from "../tests/support/bulk-load.ts";
import { median, ms } from "./support/stats.ts";
import { info, judged, type Row } from "./support/table.ts";

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const ANALYST: Actor = { kind: "user", userId: 1, name: "bench", role: "ANALYST", districtIds: [] };
const CHANGES_PER_ENTERPRISE = 5;

/** Runs `work` while sampling the event loop's delay; returns its result and the delay p99/max in ms. */
async function withLoopDelay<T>(work: () => Promise<T>): Promise<{ result: T; p99: number; max: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  try {
    const result = await work();
    return { result, p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
  } finally {
    h.disable();
  }
}

export const history: Measurement = {
  name: "history",
  async run(ctx: BenchContext): Promise<Row[]> {
    const n = ctx.quick ? 100_000 : 1_000_000;
    const changes = n * CHANGES_PER_ENTERPRISE;
    const label = `${n.toLocaleString("en-US")} enterprises, ${changes.toLocaleString("en-US")} changes`;
    ctx.progress(`history: bulk loading ${label}`);
    const url = await bulkLoadSqlite(path.join(ctx.tmpDir, `history-${n}.db`), n, CHANGES_PER_ENTERPRISE);
    const { db } = await openDatabase(url);
    // As the server builds them (HISTORY_WORKER): in a worker thread with its own connection.
    const builds = workerBuilds(db, { url, log: createLogger("info") });
    const pushes = await livePushes();
    try {
      const trends = historyService(db, builds);
      const reports = reportService(db, periodLedgers(db, builds));
      const to = monthOf(new Date());
      const from = addMonths(to, -11);
      const twelveMonths = () => trends.trend(ANALYST, { nonState: true }, from, to, "then");

      ctx.progress("history: building the monthly snapshots");
      pushes.reset();
      const build = await withLoopDelay(async () => {
        const t0 = performance.now();
        await twelveMonths();
        return performance.now() - t0;
      });
      const buildGap = pushes.read().maxGapMs;
      const warm = await withLoopDelay(async () => {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          // One change since the last read: the catch-up is part of what a read costs.
          await db.changeLog.create({
            data: {
              seq: changes + 1 + i,
              enterpriseId: 1 + i,
              at: new Date(),
              factDate: dayOf(new Date()),
              actor: "bench",
              source: "api",
              action: "update",
              diff: JSON.stringify({ headcount: [0, 1] }),
            },
          });
          const t0 = performance.now();
          await twelveMonths();
          times.push(performance.now() - t0);
        }
        return median(times);
      });

      ctx.progress("history: the period report for 12 months (first: the ledger is built)");
      const periodFrom = `${addMonths(to, -12)}-01`;
      const periodTo = dayOf(new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)) - 1, 0, 12)));
      const asked = { from: periodFrom, to: periodTo };
      let seq = changes + 5;
      pushes.reset();
      const ledger = await withLoopDelay(async () => {
        const t0 = performance.now();
        await reports.period(ANALYST, asked);
        return performance.now() - t0;
      });
      const ledgerGap = pushes.read().maxGapMs;
      pushes.reset();
      const period = await withLoopDelay(async () => {
        const times: number[] = [];
        let report: PeriodReport | undefined;
        for (let i = 0; i < 5; i++) {
          // A change since the last read, one of them a fact entered late inside the period: the
          // catch-up (that enterprise folded again from its entries) is part of what a read costs.
          await db.changeLog.create({
            data: {
              seq: ++seq,
              enterpriseId: 100 + i,
              at: new Date(),
              factDate: i === 2 ? `${addMonths(to, -6)}-15` : dayOf(new Date()),
              actor: "bench",
              source: "api",
              action: "update",
              diff: JSON.stringify({ partyRecommended: [0, 2] }),
            },
          });
          const t0 = performance.now();
          report = await reports.period(ANALYST, asked);
          times.push(performance.now() - t0);
        }
        return { report: report!, took: median(times) };
      });
      const pushGap = pushes.read().maxGapMs;
      // What this process keeps once both are built (the worker's heap is gone with it).
      const memory = process.memoryUsage();
      ctx.progress("history: the period report as Word and xlsx");
      const files = await reportFileRows(period.result.report, period.result.took, label);
      const worstP99 = Math.max(warm.p99, period.p99, build.p99, ledger.p99);
      return [
        info({
          measure: `Monthly snapshots built from the log (once per process, in a worker thread), ${label}`,
          figure: ms(build.result),
          reference: `loop p99 ${ms(build.p99)}, max ${ms(build.max)}; longest push gap ${ms(buildGap)}`,
          target: "—",
        }),
        judged(
          {
            measure: `12 months of trends (snapshots, warm), ${label}`,
            figure: ms(warm.result),
            reference: `loop p99 ${ms(warm.p99)}`,
            target: "≤ 300 ms",
          },
          warm.result,
          { max: 300, absolute: true },
        ),
        info({
          measure: `Period ledger built from the log (once per process, in a worker thread), ${label}`,
          figure: ms(ledger.result),
          reference: `loop p99 ${ms(ledger.p99)}, max ${ms(ledger.max)}; longest push gap ${ms(ledgerGap)}`,
          target: "—",
        }),
        judged(
          {
            measure: `Period report, 12 months (${periodFrom}–${periodTo}), after a change (ledger warm), ${label}`,
            figure: ms(period.result.took),
            reference: `loop p99 ${ms(period.p99)}, max ${ms(period.max)}`,
            target: "≤ 1 s",
          },
          period.result.took,
          { max: 1000, absolute: true },
        ),
        judged(
          {
            measure: "Event loop held at most, during the warm period reports above",
            figure: ms(period.max),
            reference: `live pushes every 20 ms: longest gap ${ms(pushGap)}`,
            target: "≤ 50 ms",
          },
          period.max,
          { max: 50, absolute: true },
        ),
        judged(
          {
            measure: "Event-loop delay p99 during the history runs above",
            figure: ms(worstP99),
            reference: `max ${ms(Math.max(warm.max, period.max, build.max, ledger.max))}`,
            target: "≤ 50 ms",
          },
          worstP99,
          { max: 50, absolute: true },
        ),
        info({
          measure: `Main thread's memory with the snapshots and a ledger built, ${label}`,
          figure: `${mb(memory.heapUsed)} heap`,
          reference: `rss ${mb(memory.rss)} (the builds' worker thread included)`,
          target: "—",
        }),
        ...files,
      ];
    } finally {
      await pushes.close();
      await builds.close();
      await db.$disconnect();
    }
  },
};
