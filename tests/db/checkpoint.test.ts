// A start from the aggregates checkpoint (server/services/checkpoint.ts, change-feed.ts), on a real
// SQLite file and PostgreSQL: what a restarting process shows equals a recount of the database, whether
// nothing or every kind of change (edits, a creation, a move between units, a cessation, an erasure,
// a merge of units) was written by another process since the checkpoint; a checkpoint of another
// version, a corrupted one or one too far behind the log is ignored (the rows are counted); and one
// doctored to be wrong is replaced by the background count, with an error naming the difference.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCheckpoint } from "../../server/db/checkpoint-queries.ts";
import { currentSeq } from "../../server/db/change-log.ts";
import { snapshotReader, type SnapshotReader } from "../../server/db/snapshot.ts";
import { CELLS_VERSION } from "../../server/domain/aggregates.ts";
import { decodeCells, encodeCells } from "../../server/domain/cells-checkpoint.ts";
import { ChangeFeed } from "../../server/services/change-feed.ts";
import { CATCH_UP_LIMITS, cellsFromCheckpoint, type CatchUpLimits } from "../../server/services/checkpoint.ts";
import { createTestDatabase, type TestDatabase } from "../scale/support/postgres.ts";
import { keyedStats, naiveStats } from "../support/naive-stats.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

for (const engine of ["sqlite", "postgres"] as const)
  describe(`a start from the aggregates checkpoint on ${engine}`, () => {
    let server: TestServer;
    let database: TestDatabase | undefined;
    const feeds: ChangeFeed[] = [];

    beforeAll(async () => {
      if (engine === "postgres") database = await createTestDatabase();
      server = await startTestServer({
        enterprises: 160,
        ...(database ? { env: { DATABASE_URL: database.url } } : {}),
      });
    }, 120_000);
    afterAll(async () => {
      for (const f of feeds) f.close();
      await server?.close();
      await database?.drop();
    });

    const db = () => server.db;
    const recount = async () => naiveStats(await db().enterprise.findMany({ where: { erasedAt: null } }), {});
    const stored = () =>
      db().$queryRaw<{ version: number; seq: number; cells: string }[]>`
        SELECT "version", "seq", "cells" FROM "AggregatesCheckpoint" WHERE "id" = 1`.then((r) => r[0]);
    const setStored = (version: number, seq: number, cells: string) =>
      db().$executeRaw`UPDATE "AggregatesCheckpoint" SET "version" = ${version}, "seq" = ${seq}, "cells" = ${cells}`;

    /** A process starting now, as compose.ts starts one (the check begins at once here). */
    async function restart(
      limits: CatchUpLimits = CATCH_UP_LIMITS,
      hold: { beforeSnapshot?: Promise<void>; afterSnapshot?: Promise<void> } = {},
    ) {
      const errors: string[] = [];
      const infos: string[] = [];
      const reader = snapshotReader(server.app.databaseUrl, { pageSize: 50 });
      let reads = 0;
      // The check's read (the second) may wait before taking its snapshot, or once it has it.
      const read: SnapshotReader = async (use) => {
        const check = ++reads > 1;
        if (check) await hold.beforeSnapshot;
        await reader(async (snap) => {
          if (check) await hold.afterSnapshot;
          await use(snap);
        });
      };
      const feed = new ChangeFeed(read, 2000, {
        fromCheckpoint: (snap) => cellsFromCheckpoint(snap, limits),
        log: { info: (m) => infos.push(m), error: (m) => errors.push(m) },
        verifyAfterMs: 0,
      });
      feeds.push(feed);
      await feed.rebuild();
      return { feed, errors, infos };
    }

    /** Stores the cells counted from every row now, as a process's graceful stop does. */
    async function checkpointNow(): Promise<number> {
      const feed = new ChangeFeed(snapshotReader(server.app.databaseUrl));
      await feed.rebuild();
      const cells = feed.trustedCells()!;
      feed.close();
      await db().$executeRaw`DELETE FROM "AggregatesCheckpoint"`;
      expect(
        await writeCheckpoint(db(), { version: CELLS_VERSION, seq: cells.seq, cells: encodeCells(cells.frozen) }),
      ).toBe(true);
      return cells.seq;
    }

    it("a graceful stop wrote one; a restart with no change since shows the recount, and its check agrees", async () => {
      // The SQLite file comes from a template whose server stopped gracefully, so it started from
      // that; on PostgreSQL this server counted the rows. Either writes the checkpoint once trusted.
      if (engine === "sqlite") expect(server.app.feed.startedFrom).toBe("checkpoint");
      expect(await server.app.feed.verification).toBe(engine === "sqlite" ? "equal" : null);
      await server.app.writeCheckpoint();
      const row = await stored();
      expect(row?.version).toBe(CELLS_VERSION);
      expect(row?.seq).toBe(await currentSeq(db()));
      const { feed, errors, infos } = await restart();
      expect(feed.startedFrom).toBe("checkpoint");
      expect(infos.join("\n")).toMatch(/from the checkpoint at seq \d+, 0 enterprise/);
      expect(feed.seq).toBe(await currentSeq(db()));
      expect(keyedStats(feed.stats({}))).toEqual(await recount());
      expect(await feed.verification).toBe("equal");
      expect(errors).toEqual([]);
    }, 60_000);

    it("an older process never overwrites a newer checkpoint", async () => {
      const seq = await checkpointNow();
      const cells = (await stored())!.cells;
      expect(await writeCheckpoint(db(), { version: CELLS_VERSION, seq: seq - 1, cells: "older" })).toBe(false);
      expect(await writeCheckpoint(db(), { version: CELLS_VERSION, seq, cells: "same seq" })).toBe(false);
      expect(await stored()).toEqual({ version: CELLS_VERSION, seq, cells });
    });

    it("every kind of change written by another process since the checkpoint is caught up to the recount", async () => {
      const from = await checkpointNow();
      const list = (await server.enterprises("nonState=true")).filter((x) => x.status === "ACTIVE");
      const [a, b, c, d, e, f] = list as [(typeof list)[number], ...typeof list];
      const ok = async (p: Promise<{ status: number; body: unknown }>) => {
        const r = await p;
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
        return r.body;
      };
      await ok(server.patch(a.id, { version: a.version, headcount: a.headcount + 30, hasUnion: !a.hasUnion }));
      await ok(
        server.patch(a.id, { version: a.version + 1, unionMembers: a.unionMembers + 4, factDate: "2026-11-15" }),
      );
      await ok(
        server.patch(b!.id, {
          version: b!.version,
          partyRecommended: b!.partyRecommended + 3,
          partyAdmitted: b!.partyAdmitted + 2,
          hasParty: true,
        }),
      );
      const units = (await server.districts()).filter((u) => u.active && u.id !== c!.districtId);
      await ok(server.patch(c!.id, { version: c!.version, districtId: units[0]!.id }));
      await ok(server.patch(d!.id, { version: d!.version, status: "CEASED", statusDate: "2026-11-01" }));
      await ok(server.api(`/api/enterprises/${e!.id}`, { method: "DELETE" }));
      const { id: _i, version: _v, updatedAt: _u, updatedBy: _b, status: _s, statusDate: _d, ...fields } = f!;
      await ok(server.api("/api/enterprises", { method: "POST", json: { ...fields, taxCode: "0799999902" } }));
      await ok(
        server.api("/api/districts/merge", {
          method: "POST",
          json: {
            sourceIds: [...new Set([e!.districtId, units[0]!.id])],
            into: { code: "CKPT1", name: "Phường Điểm Lưu", kind: "WARD" },
            effectiveDate: "2026-01-01",
          },
        }),
      );
      expect(await currentSeq(db())).toBeGreaterThan(from + 6);
      expect((await stored())!.seq).toBe(from); // the running server writes its own only every few minutes

      const { feed, errors } = await restart();
      expect(feed.startedFrom).toBe("checkpoint");
      expect(feed.seq).toBe(await currentSeq(db()));
      expect(keyedStats(feed.stats({}))).toEqual(await recount());
      expect(await feed.verification).toBe("equal");
      expect(errors).toEqual([]);
    }, 120_000);

    it("a checkpoint of another version, corrupted, ahead of or too far behind the log: the rows are counted", async () => {
      const seq = await checkpointNow();
      const good = (await stored())!.cells;
      const truth = await recount();
      const cases: [string, () => Promise<unknown>, CatchUpLimits?][] = [
        ["version", () => setStored(CELLS_VERSION - 1, seq, good)],
        ["unreadable", () => setStored(CELLS_VERSION, seq, good.slice(0, good.length / 2))],
        ["unreadable", () => setStored(CELLS_VERSION, seq, good.replace(/"sums":"/, '"sums":"AAAA'))],
        ["ahead of the log", () => setStored(CELLS_VERSION, seq + 5, good)],
        ["changes behind", () => setStored(CELLS_VERSION, seq - 3, good), { maxEnterprises: 50_000, maxEntries: 2 }],
        [
          "enterprises written since",
          () => setStored(CELLS_VERSION, seq - 3, good),
          { maxEnterprises: 0, maxEntries: 9 },
        ],
      ];
      for (const [reason, doctor, limits] of cases) {
        await doctor();
        const { feed, infos } = await restart(limits);
        expect(feed.startedFrom, reason).toBe("rows");
        expect(infos.join("\n"), reason).toContain(reason);
        expect(keyedStats(feed.stats({})), reason).toEqual(truth);
        expect(feed.verification).toBeNull();
        feed.close();
      }
    }, 120_000);

    it("a change applied while the check counts is in the figures the check leaves", async () => {
      const seq = await checkpointNow();
      const frozen = decodeCells((await stored())!.cells)!;
      frozen.columns.sums[1]! += 40; // forty workers more in the first cell
      await setStored(CELLS_VERSION, seq, encodeCells(frozen));

      let release = () => {};
      const { feed } = await restart(CATCH_UP_LIMITS, { afterSnapshot: new Promise<void>((r) => (release = r)) });
      await new Promise((r) => setTimeout(r, 50)); // the check has taken its snapshot (at seq) and waits
      const target = (await server.enterprises()).find((x) => x.status === "ACTIVE")!;
      const reply = await server.patch(target.id, { version: target.version, headcount: target.headcount + 100 });
      expect(reply.status).toBe(200);
      const entry = await db().changeLog.findFirst({ where: { enterpriseId: target.id }, orderBy: { seq: "desc" } });
      // What this process hears of the change (from Redis in a cluster), while the check reads.
      feed.publish([{ seq: entry!.seq, at: entry!.at, before: target, after: reply.body as typeof target }]);
      expect(feed.seq).toBe(seq + 1);
      release();
      expect(await feed.verification).toBe("corrected");
      expect(feed.seq).toBe(seq + 1);
      expect(keyedStats(feed.stats({}))).toEqual(await recount());
    }, 60_000);

    it("a change this process never hears of before the check counts: the count is taken in, as a rebuild", async () => {
      const seq = await checkpointNow();
      let release = () => {};
      const { feed, infos } = await restart(CATCH_UP_LIMITS, {
        beforeSnapshot: new Promise<void>((r) => (release = r)),
      });
      const rebuilt: [number, number][] = [];
      feed.onRebuilt((previous, to) => rebuilt.push([previous, to]));
      const target = (await server.enterprises()).find((x) => x.status === "ACTIVE")!;
      expect(
        (await server.patch(target.id, { version: target.version, initiatives: target.initiatives + 9 })).status,
      ).toBe(200);
      release();
      expect(await feed.verification).toBe("recounted");
      expect(rebuilt).toEqual([[seq, seq + 1]]);
      expect(feed.seq).toBe(seq + 1);
      expect(keyedStats(feed.stats({}))).toEqual(await recount());
      expect(infos.join("\n")).toContain("replaced by a full count");
    }, 60_000);

    it("a catch-up read that fails leaves the snapshot readable, so the rows can still be counted", async () => {
      let read = 0;
      await snapshotReader(server.app.databaseUrl, { pageSize: 50 })(async (snap) => {
        await expect(snap.query(`SELECT "nope" FROM "Enterprise"`)).rejects.toThrow();
        for await (const page of snap.enterprises) read += page.length;
      });
      expect(read).toBe(await db().enterprise.count({ where: { erasedAt: null } }));
    });

    it("a checkpoint doctored to be wrong is replaced by the background count, live figures too, and logged", async () => {
      const seq = await checkpointNow();
      const frozen = decodeCells((await stored())!.cells)!;
      frozen.columns.sums[0]! += 5; // five enterprises more in the first cell
      await setStored(CELLS_VERSION, seq, encodeCells(frozen));
      const truth = await recount();

      const { feed, errors } = await restart();
      let corrected = 0;
      feed.onCorrected(() => corrected++);
      feed.watch({}); // a live room's figures
      expect(feed.startedFrom).toBe("checkpoint");
      expect(feed.stats({}).totals.enterprises).toBe(truth.totals.enterprises + 5);
      expect(await feed.verification).toBe("corrected");
      expect(keyedStats(feed.stats({}))).toEqual(truth); // the live room's
      const rows = await db().enterprise.findMany({ where: { erasedAt: null } });
      expect(keyedStats(feed.stats({ nonState: true }))).toEqual(naiveStats(rows, { nonState: true })); // the cells'
      expect(corrected).toBe(1);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/differ from a full count/);
      expect(errors[0]).toMatch(/1 cell\(s\) differ: unit \d+, sector \w+/);
      expect(errors[0]).toMatch(/sum 0 \(0 = enterprises\) \d+ here, \d+ counted/);
    }, 60_000);
  });
