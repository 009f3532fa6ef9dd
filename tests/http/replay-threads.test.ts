// The replays of the change log (figures as of a day, trends with a text search or a unit filter
// "as now") run in query threads with their own database connections (server/services/
// replay-threads.ts), on SQLite and PostgreSQL: what a thread answers equals the replay in this
// process, over HTTP too, after moves, an erasure, a merge and a fact entered late; a write made
// while replays run is answered and then counted; more replays than threads are all answered; a
// replay nobody waits for any more is dropped from the queue; and
// threads that cannot start leave the replays in this process, said once in the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Filter } from "../../contract/filter.ts";
import type { TrendPoint } from "../../contract/history.ts";
import type { Stats } from "../../contract/stats.ts";
import { addMonths, dayOf, monthOf, monthsBetween } from "../../server/domain/calendar.ts";
import type { Logger } from "../../server/log.ts";
import type { ReplayJob } from "../../server/services/history-replays.ts";
import { inProcessReplays, workerReplays, type HistoryReplays } from "../../server/services/replay-threads.ts";
import { createTestDatabase, type TestDatabase } from "../scale/support/postgres.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const WORKER_ON = { HISTORY_WORKER: "true", HISTORY_PREBUILD: "false" };
const MONTHS = monthsBetween(addMonths(monthOf(new Date()), -30), monthOf(new Date()));
const TODAY = dayOf(new Date());

/** An error log kept, to see what the replays say. */
function errorLog(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { info: () => {}, debug: () => {}, error: (msg: string) => void errors.push(msg), errors };
}

const ok = async (reply: Promise<{ status: number; body: unknown }>) => {
  const r = await reply;
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body;
};

for (const engine of ["sqlite", "postgres"] as const)
  describe(`replays in query threads on ${engine}`, () => {
    let server: TestServer;
    let database: TestDatabase | undefined;
    let analyst: string;
    /** Units of the province, and a word of an enterprise's name. */
    let units: number[];
    let word: string;

    /** The jobs an analyst's questions become: trends and figures as of a day, both views. */
    const jobs = (): ReplayJob[] => {
      const some: Filter[] = [{ district: units.slice(0, 2) }, { q: word }, { q: word, district: [units[0]!] }];
      return [
        ...some.flatMap((filter) => [
          { kind: "trend" as const, filter, months: MONTHS, units: "now" as const },
          { kind: "trend" as const, filter, months: MONTHS, units: "then" as const },
        ]),
        { kind: "statsAsOf", filter: {}, day: TODAY, units: "now" },
        { kind: "statsAsOf", filter: { district: [units[1]!] }, day: `${MONTHS[20]}-15`, units: "now" },
        { kind: "statsAsOf", filter: { q: word, sector: ["C"] }, day: `${MONTHS[10]}-01`, units: "then" },
      ];
    };
    const answers = (replays: HistoryReplays) => Promise.all(jobs().map((j) => replays.run(j)));
    const here = () => answers(inProcessReplays(server.db));
    /** Replays in threads on the server's database for `use`, with their error log; closed after. */
    const withThreads = async (
      opts: { threads?: number; entry?: URL },
      use: (threads: HistoryReplays, log: ReturnType<typeof errorLog>) => Promise<void>,
    ) => {
      const log = errorLog();
      const threads = workerReplays(server.db, { url: server.app.databaseUrl, log, ...opts });
      try {
        await use(threads, log);
      } finally {
        await threads.close();
      }
    };

    const trend = async (query: string) =>
      (await ok(
        server.api(`/api/trends?from=${MONTHS[0]}&to=${MONTHS.at(-1)}${query}`, { headers: { cookie: analyst } }),
      )) as TrendPoint[];

    beforeAll(async () => {
      if (engine === "postgres") database = await createTestDatabase();
      server = await startTestServer({
        enterprises: 160,
        env: { ...WORKER_ON, ...(database ? { DATABASE_URL: database.url } : {}) },
      });
      analyst = await server.cookieOf("Analyst", { role: "ANALYST" });
      units = (await server.districts()).filter((u) => u.active).map((u) => u.id);
      const [a, b, c] = await server.enterprises("sector=C");
      word = a!.name.split(" ").at(-1)!;
      // The past "as now" differs from "as then": a move dated long ago, another today, an erasure
      // and a merge of two units (erased records follow the succession).
      await ok(server.patch(a!.id, { version: a!.version, districtId: units[2]!, factDate: `${MONTHS[5]}-09` }));
      await ok(server.patch(b!.id, { version: b!.version, districtId: units[0]! }));
      await ok(server.api(`/api/enterprises/${c!.id}`, { method: "DELETE" }));
      await ok(
        server.api("/api/districts/merge", {
          method: "POST",
          json: {
            sourceIds: [c!.districtId, units.find((u) => u !== c!.districtId)!],
            into: { code: "REPLAY1", name: "Phường Phát Lại", kind: "WARD" },
            effectiveDate: `${MONTHS.at(-2)}-01`,
          },
        }),
      );
      units = (await server.districts()).filter((u) => u.active).map((u) => u.id);
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await database?.drop();
    });

    it("replays in a thread exactly what this process replays", async () => {
      await withThreads({}, async (threads, log) => {
        expect(await answers(threads)).toEqual(await here());
        expect(log.errors, "the threads did the replays, no fallback").toEqual([]);
      });
    });

    it("answers more replays than it has threads, each as this process would, one shared when asked twice", async () => {
      await withThreads({ threads: 1 }, async (one, log) => {
        const [first, again, rest] = await Promise.all([answers(one), answers(one), here()]);
        expect(first).toEqual(rest);
        expect(again).toEqual(rest);
        expect(log.errors).toEqual([]);
      });
    });

    it("drops a queued replay when all who asked it have gone, and still answers one who stays", async () => {
      await withThreads({ threads: 1 }, async (one, log) => {
        const [busy, wanted, shared] = jobs();
        const first = one.run(busy!); // holds the only thread
        const [gone, alsoGone] = [new AbortController(), new AbortController()];
        const dropped = one.run(wanted!, gone.signal);
        const left = one.run(shared!, alsoGone.signal);
        const stays = one.run(shared!);
        gone.abort(new Error("the page was closed"));
        alsoGone.abort(new Error("the page was closed"));
        // The askers who left are let go at once, while the first replay still runs.
        const firstOut = await Promise.race([
          dropped.then(
            () => "answered",
            (e: Error) => e.message,
          ),
          first.then(() => "the first replay ended"),
        ]);
        expect(firstOut).toBe("the page was closed");
        await expect(left).rejects.toThrow("the page was closed");
        const expected = await here();
        expect(await first).toEqual(expected[0]);
        expect(await stays).toEqual(expected[2]);
        // Gone before it was asked: not queued at all.
        await expect(one.run(wanted!, gone.signal)).rejects.toThrow("the page was closed");
        expect(log.errors).toEqual([]);
      });
    });

    it("answers trends and figures as of a day over HTTP as this process replays them", async () => {
      const [byUnits, byWord] = await Promise.all([
        trend(`&district=${units[0]},${units[1]}`),
        trend(`&q=${encodeURIComponent(word)}&units=then`),
      ]);
      const asOf = (await ok(
        server.api(`/api/stats?asOf=${MONTHS[20]}-15&district=${units[1]}`, { headers: { cookie: analyst } }),
      )) as Stats;
      const [expected] = await Promise.all([here()]);
      expect(byUnits).toEqual(expected[0]);
      expect(byWord).toEqual(expected[3]);
      expect(asOf).toEqual(expected[7]);
    });

    it("takes a write made while replays run, then counts it; a fact entered late too", async () => {
      const before = await here();
      const [someone] = await server.enterprises(`district=${units[0]}`);
      const query = `&district=${units[0]},${units[1]}`;
      // Replays under way (several, so the write meets them), and a write meanwhile.
      const [during, written] = await Promise.all([
        Promise.all([trend(query), trend(query + "&sector=C"), trend(`&q=${encodeURIComponent(word)}`)]),
        server.patch(someone!.id, { version: someone!.version, headcount: someone!.headcount + 17 }),
      ]);
      expect(written.status, JSON.stringify(written.body)).toBe(200);
      const after = await here();
      // Each answer is the replay of the log without the write or with it, never anything else.
      expect([before[0], after[0]]).toContainEqual(during[0]);
      const now = await trend(query);
      expect(now).toEqual(after[0]);
      expect(now.at(-1)!.totals.headcount).toBe((before[0] as TrendPoint[]).at(-1)!.totals.headcount + 17);

      // A fact entered late (dated in the first whole month of its record): the months since move.
      const fresh = await server.enterprise(someone!.id);
      const first = await server.db.changeLog.findFirst({ where: { enterpriseId: fresh.id }, orderBy: { seq: "asc" } });
      const m = MONTHS.findIndex((month) => month > first!.factDate!.slice(0, 7));
      expect(m, "a month of the record before the last").toBeLessThan(MONTHS.length - 1);
      await ok(
        server.patch(fresh.id, {
          version: fresh.version,
          unionMembers: fresh.unionMembers + 3,
          factDate: `${MONTHS[m]}-10`,
        }),
      );
      const late = await trend(query);
      expect(late).toEqual((await here())[0]);
      expect(late[m]!.totals.unionMembers).toBe(now[m]!.totals.unionMembers + 3);
      expect(late[m - 1]!.totals.unionMembers).toBe(now[m - 1]!.totals.unionMembers);
    });

    it("replays in this process when the threads cannot start, and says so once", async () => {
      await withThreads({ entry: new URL("./no-such-replay-entry.mjs", import.meta.url) }, async (broken, log) => {
        expect(await answers(broken)).toEqual(await here());
        expect(log.errors).toHaveLength(1);
        expect(log.errors[0]).toMatch(/replays run in this process/);
      });
    });
  });
