// The period ledgers and monthly snapshots are built in a worker thread with its own database
// connection (server/services/history-worker.ts), on SQLite and PostgreSQL: what the worker builds
// equals the build in this process; a server building them in the background answers a report and a
// trend asked meanwhile correctly, with a write made during the build counted; a fact entered late
// rebuilds the snapshots (in the worker) for readers asking together; and a worker that cannot
// start leaves the builds in this process, said once in the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrendPoint } from "../../contract/history.ts";
import type { Filter } from "../../contract/filter.ts";
import { addMonths, endOfMonth, monthOf, monthsBetween } from "../../server/domain/calendar.ts";
import { replayAt } from "../../server/domain/history.ts";
import { comparisonPeriods } from "../../server/domain/period.ts";
import { changeLogBefore } from "../../server/db/history-queries.ts";
import type { Logger } from "../../server/log.ts";
import { inProcessBuilds, workerBuilds, type HistoryBuilds } from "../../server/services/history-worker.ts";
import { createTestDatabase, type TestDatabase } from "../scale/support/postgres.ts";
import { expectReportsEqualReplay } from "../support/period-report-replay.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const WORKER_ON = { HISTORY_WORKER: "true", HISTORY_PREBUILD: "true" };
const MONTHS = monthsBetween(addMonths(monthOf(new Date()), -30), monthOf(new Date()));
const FILTERS: Filter[] = [{}, { nonState: true }, { sector: ["C"] }];

/** An error log kept, to see what the builds say. */
function errorLog(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { info: () => {}, debug: () => {}, error: (msg: string) => void errors.push(msg), errors };
}

/** What two builders give: each view's ledger summed over periods, and the snapshots' months. */
async function builtFigures(builds: HistoryBuilds) {
  const period = { from: "2021-01-01", to: "2025-09-30" };
  const { previous, yearEarlier } = comparisonPeriods(period);
  const out: unknown[] = [];
  for (const view of ["now", "then"] as const) {
    const b = await builds.ledger(view);
    // "As now": today's units, which the catch-up folds written enterprises under.
    out.push(
      b.lastSeq,
      b.successions,
      Array.from({ length: 400 }, (_, id) => b.today?.get(id)),
    );
    for (const filter of FILTERS) out.push(await b.ledger.periods([period, previous, yearEarlier], filter));
  }
  const s = await builds.snapshots();
  out.push(
    s.lastSeq,
    FILTERS.map((f) => MONTHS.map((m) => s.totalsAt(m, f))),
  );
  return out;
}

async function replayedTrend(server: TestServer, filter: Filter) {
  const months = MONTHS.map((month) => ({ month, before: endOfMonth(month) }));
  return replayAt(changeLogBefore(server.db, months.at(-1)!.before), months, undefined, (r) => r.totals(filter));
}

// 60 s a test, not the 20 s default: the checks replay the change log in this process beside the server's
// builds, 17–20 s a test on a busy 2-core machine (CI-like, two busy loops), a time nobody is promised.
for (const engine of ["sqlite", "postgres"] as const)
  describe(`history built in a worker thread on ${engine}`, { timeout: 60_000 }, () => {
    let server: TestServer;
    let database: TestDatabase | undefined;
    let leader: string;
    /** When this server started: its background builds begin 2 s later. */
    let started = 0;

    beforeAll(async () => {
      if (engine === "postgres") database = await createTestDatabase();
      server = await startTestServer({
        enterprises: 160,
        env: { ...WORKER_ON, ...(database ? { DATABASE_URL: database.url } : {}) },
      });
      started = Date.now();
      leader = await server.cookieOf("Leader", { role: "LEADER" });
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await database?.drop();
    });

    const trend = async (filter: string) => {
      const r = await server.api(`/api/trends?from=${MONTHS[0]}&to=${MONTHS.at(-1)}&units=then${filter}`, {
        headers: { cookie: leader },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body as TrendPoint[]).map((p) => p.totals);
    };

    it("answers a report and a trend asked while the background build runs, a write made meanwhile counted", async () => {
      // The background builds start 2 s after start-up: ask just after, with a write before the answers.
      await new Promise((r) => setTimeout(r, Math.max(0, started + 2_300 - Date.now())));
      const [someone] = await server.enterprises("nonState=true");
      const written = await server.patch(someone!.id, {
        version: someone!.version,
        partyRecommended: someone!.partyRecommended + 5,
        headcount: someone!.headcount + 11,
      });
      expect(written.status, JSON.stringify(written.body)).toBe(200);
      const [trendAll, trendC] = await Promise.all([trend(""), trend("&sector=C")]);
      await expectReportsEqualReplay(server, leader);
      expect(trendAll).toEqual(await replayedTrend(server, {}));
      expect(trendC).toEqual(await replayedTrend(server, { sector: ["C"] }));
      // The write is in this month's figures of both.
      const stats = await server.stats();
      expect(trendAll.at(-1)!.headcount).toBe(stats.totals.headcount);
    });

    it("rebuilds the snapshots after a fact entered late, for readers asking together", async () => {
      const [someone] = await server.enterprises("nonState=true&sector=C");
      const r = await server.patch(someone!.id, {
        version: someone!.version,
        hasUnion: !someone!.hasUnion,
        unionMembers: someone!.unionMembers + 4,
        factDate: `${MONTHS[3]}-10`,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const [a, b, c] = await Promise.all([trend(""), trend(""), trend("&sector=C")]);
      expect(a).toEqual(await replayedTrend(server, {}));
      expect(b).toEqual(a);
      expect(c).toEqual(await replayedTrend(server, { sector: ["C"] }));
      await expectReportsEqualReplay(server, leader);
    });

    it("builds in the worker exactly what this process builds", async () => {
      const log = errorLog();
      const worker = workerBuilds(server.db, { url: server.app.databaseUrl, log });
      try {
        expect(await builtFigures(worker)).toEqual(await builtFigures(inProcessBuilds(server.db)));
        expect(log.errors, "the worker did the builds, no fallback").toEqual([]);
      } finally {
        await worker.close();
      }
    });

    it("builds in this process when the worker cannot start, and says so once", async () => {
      const log = errorLog();
      const broken = workerBuilds(server.db, {
        url: server.app.databaseUrl,
        log,
        entry: new URL("./no-such-history-entry.mjs", import.meta.url),
      });
      try {
        expect(await builtFigures(broken)).toEqual(await builtFigures(inProcessBuilds(server.db)));
        expect(log.errors).toHaveLength(1);
        expect(log.errors[0]).toMatch(/history builds run in this process/);
      } finally {
        await broken.close();
      }
    });
  });
