// The period report is summed from a ledger kept in memory (server/services/period-ledgers.ts); its
// figures must equal the plain replay of the whole change log (domain/period.ts replayPeriods), on
// SQLite and PostgreSQL, for the demo province (facts entered late, the 2025 merge of units, ceased
// enterprises) and again after the server has taken more of each: late facts, a move between units,
// a cessation and an erasure inside the period, a new enterprise and a merge of units.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectReportsEqualReplay } from "../support/period-report-replay.ts";
import { createTestDatabase, type TestDatabase } from "../scale/support/postgres.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

for (const engine of ["sqlite", "postgres"] as const)
  describe(`the period report on ${engine}`, () => {
    let server: TestServer;
    let database: TestDatabase | undefined;
    let leader: string;

    beforeAll(async () => {
      if (engine === "postgres") database = await createTestDatabase();
      server = await startTestServer({
        enterprises: 160,
        ...(database ? { env: { DATABASE_URL: database.url } } : {}),
      });
      leader = await server.cookieOf("Leader", { role: "LEADER" });
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await database?.drop();
    });

    it("equals the replay of the whole log for the demo province and after every kind of change", async () => {
      // Enterprises on the records since 2020 (the seed's backdated ones), so late facts may reach back.
      const early = new Set(
        (
          await server.db.changeLog.findMany({
            where: { action: "create", factDate: { lte: "2020-10-01" } },
            select: { enterpriseId: true },
          })
        ).map((r) => r.enterpriseId),
      );
      const someone = (await server.enterprises("nonState=true")).filter((x) => early.has(x.id)).slice(0, 6);
      expect(someone).toHaveLength(6);
      await expectReportsEqualReplay(server, leader);

      type E = (typeof someone)[number];
      const [a, b, c, d, e, f] = someone as [E, E, E, E, E, E];
      const ok = async (p: Promise<{ status: number; body: unknown }>) => {
        const r = await p;
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
        return r.body;
      };
      // Facts entered late, inside the example period and before it.
      await ok(
        server.patch(a.id, { version: a.version, partyRecommended: a.partyRecommended + 7, factDate: "2021-06-01" }),
      );
      await ok(
        server.patch(b.id, {
          version: b.version,
          hasUnion: !b.hasUnion,
          unionMembers: b.unionMembers + 3,
          initiatives: b.initiatives + 2,
          factDate: "2020-11-15",
        }),
      );
      // A move to another unit, a cessation inside a period, an erasure.
      const units = (await server.districts()).filter((u) => u.active && u.id !== c.districtId);
      await ok(server.patch(c.id, { version: c.version, districtId: units[0]!.id, factDate: "2025-09-09" }));
      await ok(
        server.patch(d.id, { version: d.version, status: "CEASED", statusDate: "2025-05-20", factDate: "2025-05-20" }),
      );
      await ok(server.api(`/api/enterprises/${e.id}`, { method: "DELETE" }));
      // Today's change, then a later correction dated before it.
      await ok(server.patch(f.id, { version: f.version, partyAdmitted: f.partyAdmitted + 1 }));
      await ok(server.patch(f.id, { version: f.version + 1, headcount: f.headcount + 40, factDate: "2025-02-02" }));
      await expectReportsEqualReplay(server, leader);

      // A new enterprise, then a merge of two units (enterprises move; erased ones follow the successions).
      const { id: _i, version: _v, updatedAt: _u, updatedBy: _b, status: _s, statusDate: _d, ...fields } = a;
      await ok(server.api("/api/enterprises", { method: "POST", json: { ...fields, taxCode: "0799999901" } }));
      // The erased enterprise's unit and the one the moved enterprise went to.
      const sources = [...new Set([e.districtId, units[0]!.id])];
      await ok(
        server.api("/api/districts/merge", {
          method: "POST",
          json: {
            sourceIds: sources,
            into: { code: "LEDGER1", name: "Phường Sổ Cái", kind: "WARD" },
            effectiveDate: "2026-01-01",
          },
        }),
      );
      await expectReportsEqualReplay(server, leader);
    }, 180_000);
  });
