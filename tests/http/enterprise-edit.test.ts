// A district editor opens an enterprise and saves a change: the version goes up, the change log
// records who changed what, and an editor working on an old version is stopped with the record as it is now.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enterprise } from "../../contract/enterprise.ts";
import { derivedColumns } from "../../server/db/records.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let all: Enterprise[];
beforeAll(async () => {
  server = await startTestServer();
  all = await server.enterprises();
});
afterAll(async () => {
  await server?.close();
});

/** A fresh enterprise for each test, with workers and room to change its figures. */
let taken = 0;
function anEnterprise(): Enterprise {
  const e = all.filter((x) => x.headcount >= 30 && x.unionMembers < x.headcount - 5)[taken++];
  if (!e) throw new Error("no more suitable enterprises in the demo province");
  return e;
}
const logOf = (enterpriseId: number) =>
  server.db.changeLog.findMany({ where: { enterpriseId }, orderBy: { seq: "asc" } });

describe("reading one enterprise", () => {
  it("returns the enterprise as the list shows it", async () => {
    const e = all[3]!;
    const r = await server.api(`/api/enterprises/${e.id}`);
    expect(r.status).toBe(200);
    expect(Enterprise.parse(r.body)).toEqual(e);
  });

  it("an id that does not exist is 404 NOT_FOUND", async () => {
    const missing = Math.max(...all.map((e) => e.id)) + 1000;
    const r = await server.api(`/api/enterprises/${missing}`);
    expect(r.status).toBe(404);
    expect(errorOf(r).code).toBe("NOT_FOUND");
  });

  it("an id that is not a positive whole number is 400 naming id", async () => {
    for (const bad of ["abc", "0", "-4", "1.5", "1e3", "%20"]) {
      const r = await server.api(`/api/enterprises/${bad}`);
      expect(r.status, bad).toBe(400);
      expect(errorOf(r).fields, bad).toHaveProperty("id");
    }
  });
});

describe("saving a change", () => {
  it("saves the fields sent, bumps the version and updatedAt, and records the editor", async () => {
    const before = anEnterprise();
    const r = await server.patch(
      before.id,
      { version: before.version, unionMembers: before.unionMembers + 3, hasUnion: true },
      { "X-Actor": "editor-AP03" },
    );
    expect(r.status).toBe(200);
    const after = Enterprise.parse(r.body);
    expect(after).toEqual({
      ...before,
      unionMembers: before.unionMembers + 3,
      hasUnion: true,
      version: before.version + 1,
      updatedAt: after.updatedAt,
      updatedBy: "editor-AP03",
    });
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect(Math.abs(Date.parse(after.updatedAt) - Date.now())).toBeLessThan(60_000);
    expect(await server.enterprise(before.id)).toEqual(after);
  });

  it("writes exactly one change-log row with actor, source, and old → new of the changed fields only", async () => {
    const before = anEnterprise();
    const logBefore = await logOf(before.id);
    const seqBefore = await server.db.changeLog.count();
    const r = await server.patch(
      before.id,
      {
        version: before.version,
        headcount: before.headcount + 10,
        initiatives: before.initiatives,
        name: `${before.name} (mới)`,
      },
      { "X-Actor": "editor-AP01" },
    );
    expect(r.status).toBe(200);
    const logAfter = await logOf(before.id);
    expect(logAfter).toHaveLength(logBefore.length + 1);
    const row = logAfter.at(-1)!;
    expect(row).toMatchObject({ actor: "editor-AP01", source: "session", action: "update", enterpriseId: before.id });
    expect(JSON.parse(row.diff)).toEqual({
      headcount: [before.headcount, before.headcount + 10],
      name: [before.name, `${before.name} (mới)`],
    });
    expect(row.seq).toBe(
      Math.max(...(await server.db.changeLog.findMany({ select: { seq: true } })).map((c) => c.seq)),
    );
    expect(await server.db.changeLog.count()).toBe(seqBefore + 1);
  });

  it("without X-Actor the editor is 'local'; the simulator's claim is recorded beside its session", async () => {
    const a = anEnterprise();
    expect((await server.patch(a.id, { version: a.version, initiatives: a.initiatives + 1 })).status).toBe(200);
    expect((await logOf(a.id)).at(-1)).toMatchObject({ actor: "local", source: "session", claimedSource: null });
    const b = anEnterprise();
    expect(
      (await server.patch(b.id, { version: b.version, initiatives: b.initiatives + 1 }, { "X-Actor": "simulator" }))
        .status,
    ).toBe(200);
    expect((await logOf(b.id)).at(-1)).toMatchObject({
      actor: "simulator",
      source: "session",
      claimedSource: "simulator",
    });
  });

  it("a change that changes nothing keeps the version and writes no log row", async () => {
    const before = anEnterprise();
    const logBefore = await server.db.changeLog.count();
    const r = await server.patch(before.id, {
      version: before.version,
      headcount: before.headcount,
      name: before.name,
    });
    expect(r.status).toBe(200);
    expect(Enterprise.parse(r.body)).toEqual(before);
    expect(await server.db.changeLog.count()).toBe(logBefore);
  });

  it("successive saves each need the version the previous one returned", async () => {
    const e = anEnterprise();
    const first = Enterprise.parse(
      (await server.patch(e.id, { version: e.version, initiatives: e.initiatives + 1 })).body,
    );
    const second = await server.patch(e.id, { version: first.version, initiatives: e.initiatives + 2 });
    expect(second.status).toBe(200);
    expect(Enterprise.parse(second.body).version).toBe(e.version + 2);
  });
});

describe("two editors on the same enterprise", () => {
  it("the one who saves an old version gets 409 with the record as it is now, and nothing changes", async () => {
    const e = anEnterprise();
    const mine = await server.patch(
      e.id,
      { version: e.version, unionMembers: e.unionMembers + 1 },
      { "X-Actor": "first-editor" },
    );
    expect(mine.status).toBe(200);
    const now = Enterprise.parse(mine.body);
    const logBefore = await server.db.changeLog.count();
    const statsBefore = await server.stats();

    const stale = await server.patch(
      e.id,
      { version: e.version, unionMembers: e.unionMembers + 5 },
      { "X-Actor": "second-editor" },
    );
    expect(stale.status).toBe(409);
    const error = errorOf(stale);
    expect(error.code).toBe("CONFLICT");
    expect(error.fields).toHaveProperty("version");
    expect(Enterprise.parse(error.current)).toEqual(now);
    expect(await server.enterprise(e.id)).toEqual(now);
    expect(await server.db.changeLog.count()).toBe(logBefore);
    expect(await server.stats()).toEqual(statsBefore);
  });

  it("saving at the same moment: exactly one wins, the other gets 409", async () => {
    const e = anEnterprise();
    const replies = await Promise.all([
      server.patch(e.id, { version: e.version, initiatives: e.initiatives + 1 }),
      server.patch(e.id, { version: e.version, initiatives: e.initiatives + 2 }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = Enterprise.parse(replies.find((r) => r.status === 200)!.body);
    expect(await server.enterprise(e.id)).toEqual(winner);
    expect(winner.version).toBe(e.version + 1);
  });

  it("a version from the future is also a conflict", async () => {
    const e = anEnterprise();
    const r = await server.patch(e.id, { version: e.version + 7, initiatives: e.initiatives + 1 });
    expect(r.status).toBe(409);
    expect(await server.enterprise(e.id)).toEqual(e);
  });

  it("saving an enterprise that does not exist is 404", async () => {
    const r = await server.patch(Math.max(...all.map((e) => e.id)) + 1000, { version: 1, initiatives: 1 });
    expect(r.status).toBe(404);
    expect(errorOf(r).code).toBe("NOT_FOUND");
  });
});

// An edit writes only the search and sort columns its change moves (SQLite rewrites the index
// entries of every column an UPDATE sets): what a user searches and sorts by must still follow it.
describe("search and sort after a change", () => {
  const stored = (id: number) =>
    server.db.enterprise.findUniqueOrThrow({
      where: { id },
      select: { searchText: true, sortName: true, density: true },
    });

  it("a renamed enterprise is found and sorted by its new name, no longer by the old one", async () => {
    const before = anEnterprise();
    const name = `Hợp tác xã Quýt Đường ${before.id}`;
    const r = await server.patch(before.id, { version: before.version, name });
    expect(r.status).toBe(200);
    expect((await server.enterprises(`q=${encodeURIComponent(`quyt duong ${before.id}`)}`)).map((e) => e.id)).toEqual([
      before.id,
    ]);
    expect((await server.enterprises(`q=${encodeURIComponent(before.name)}`)).map((e) => e.id)).not.toContain(
      before.id,
    );
    expect(await stored(before.id)).toEqual(derivedColumns({ ...before, name }));
  });

  it("a change of the counts moves its density; a change of anything else leaves search and sort as they were", async () => {
    const before = anEnterprise();
    const first = await server.patch(before.id, { version: before.version, unionMembers: before.unionMembers + 5 });
    expect(first.status).toBe(200);
    expect(await stored(before.id)).toEqual(derivedColumns({ ...before, unionMembers: before.unionMembers + 5 }));
    const kept = await stored(before.id);
    const second = await server.patch(before.id, {
      version: before.version + 1,
      initiatives: before.initiatives + 1,
      hasVeterans: !before.hasVeterans,
    });
    expect(second.status).toBe(200);
    expect(await stored(before.id)).toEqual(kept);
    expect((await server.enterprises(`q=${encodeURIComponent(before.taxCode)}`)).map((e) => e.id)).toEqual([before.id]);
  });
});
