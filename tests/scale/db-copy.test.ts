// A federation outgrows its SQLite file and moves to PostgreSQL with `npm run db:copy -- --to …`:
// on the copy the figures, the histories, the change log and the logins are the same, new writes
// continue the sequence numbers and ids, and a target that already holds data is refused untouched.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DisplayTokenIssued } from "../../contract/accounts.ts";
import { Enterprise } from "../../contract/enterprise.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { runScript } from "../support/scripts.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";

let dataDir: string;
let target: TestDatabase;
let copied: Awaited<ReturnType<typeof runScript>>;
let copy: TestServer;
/** What the SQLite installation showed before the move. */
let before: {
  stats: unknown;
  nonStateStats: unknown;
  history: unknown;
  changes: unknown;
  enterprises: unknown;
  changeCount: number;
  lastSeq: number;
  maxEnterpriseId: number;
  leaderCookie: string;
  displayToken: string;
  editedId: number;
};

const get = async (s: TestServer, pathname: string) => {
  const r = await s.api(pathname);
  expect(r.status, `${pathname}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-dbcopy-"));
  const source = await startTestServer({ enterprises: 150, env: { DATA_DIR: dataDir } });
  try {
    // A life on SQLite: edits by an editor and an administrator, a new enterprise, a wall display, a login.
    const districts = await source.districts();
    const editor = await source.cookieOf("Chị Hoa", { role: "EDITOR", districtIds: [districts[0]!.id] });
    const [mine] = await source.enterprises(`district=${districts[0]!.id}`);
    let version = mine!.version;
    for (const [field, value] of [
      ["headcount", 812],
      ["hasUnion", !mine!.hasUnion],
      ["unionMembers", 500],
    ] as const) {
      const r = await source.patch(mine!.id, { version, [field]: value }, { cookie: editor });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      version = Enterprise.parse(r.body).version;
    }
    const created = await source.api("/api/enterprises", {
      method: "POST",
      json: {
        taxCode: "0912345678",
        name: "Công ty TNHH Điện tử Hòa Bình",
        districtId: districts[1]!.id,
        sector: "C",
        ownership: "FDI",
        headcount: 1200,
        unionMembers: 900,
        hasUnion: true,
        hasParty: true,
        hasYouthUnion: false,
        hasWomenUnion: true,
        hasVeterans: false,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const issued = await source.api("/api/display-tokens", { method: "POST", json: { label: "Hội trường tầng 2" } });
    expect(issued.status).toBe(201);
    const last = await source.db.changeLog.findFirst({ orderBy: { seq: "desc" } });
    before = {
      stats: await get(source, "/api/stats"),
      nonStateStats: await get(source, "/api/stats?nonState=true&size=100-499,500-999,gte1000"),
      history: await get(source, `/api/enterprises/${mine!.id}/history`),
      changes: await get(source, "/api/changes?limit=100"),
      enterprises: await source.enterprises(),
      changeCount: await source.db.changeLog.count(),
      lastSeq: last!.seq,
      maxEnterpriseId: Enterprise.parse(created.body).id,
      leaderCookie: await login(source.url, "leader", DEMO_PASSWORD),
      displayToken: DisplayTokenIssued.parse(issued.body).token,
      editedId: mine!.id,
    };
  } finally {
    await source.close(); // the operator stops the server before moving
  }

  target = await createTestDatabase();
  copied = await runScript("db-copy.ts", ["--to", target.url], { DATA_DIR: dataDir });
  if (copied.code !== 0) throw new Error(`db:copy failed: ${copied.stdout}${copied.stderr}`);
  copy = await startTestServer({ env: { DATABASE_URL: target.url } });
}, 240_000);

afterAll(async () => {
  await copy?.close();
  await target?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm run db:copy to an empty PostgreSQL database", () => {
  it("reports every table it copied, in one transaction", () => {
    for (const table of ["Province", "District", "Enterprise", "ChangeLog", "Counter", "User", "Session"])
      expect(copied.stdout).toMatch(new RegExp(`${table}: [\\d,]+ rows`));
    expect(copied.stdout).toContain("in one transaction");
  });

  it("gives the same figures, enterprises, history and change log", async () => {
    expect(await get(copy, "/api/stats")).toEqual(before.stats);
    expect(await get(copy, "/api/stats?nonState=true&size=100-499,500-999,gte1000")).toEqual(before.nonStateStats);
    expect(await copy.enterprises()).toEqual(before.enterprises);
    expect(await get(copy, `/api/enterprises/${before.editedId}/history`)).toEqual(before.history);
    expect(await get(copy, "/api/changes?limit=100")).toEqual(before.changes);
    expect(await copy.db.changeLog.count()).toBe(before.changeCount);
    const last = await copy.db.changeLog.findFirst({ orderBy: { seq: "desc" } });
    expect(last!.seq).toBe(before.lastSeq);
  });

  it("keeps the logins: passwords, open sessions and display tokens work on the copy", async () => {
    const admin = await login(copy.url, "admin", DEMO_PASSWORD);
    expect((await copy.api("/api/me", { headers: { cookie: admin } })).status).toBe(200);
    const me = await copy.api("/api/me", { headers: { cookie: before.leaderCookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: "leader" });
    const wall = await copy.api("/api/stats", { headers: { authorization: `Bearer ${before.displayToken}` } });
    expect(wall.status).toBe(200);
    // A wrong password is still wrong.
    await expect(login(copy.url, "admin", "not-the-password")).rejects.toThrow(/401/);
  });

  it("continues the sequence numbers and ids with the next write", async () => {
    const e = await copy.enterprise(before.editedId);
    const r = await copy.patch(e.id, { version: e.version, initiatives: e.initiatives + 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const last = await copy.db.changeLog.findFirst({ orderBy: { seq: "desc" } });
    expect(last).toMatchObject({ seq: before.lastSeq + 1, enterpriseId: e.id, action: "update" });
    expect((await get(copy, "/api/stats")) as { seq: number }).toMatchObject({ seq: before.lastSeq + 1 });

    const created = await copy.api("/api/enterprises", {
      method: "POST",
      json: newEnterprise(e.districtId),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(Enterprise.parse(created.body).id).toBe(before.maxEnterpriseId + 1);
    const issued = await copy.api("/api/display-tokens", { method: "POST", json: { label: "Sảnh chính" } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(DisplayTokenIssued.parse(issued.body).id).toBe(2);
  });

  it("refuses a target that already has data, and writes nothing", async () => {
    const counts = () =>
      target.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM "Enterprise") + (SELECT count(*) FROM "ChangeLog") + (SELECT count(*) FROM "User") AS n`,
      );
    const was = await counts();
    const again = await runScript("db-copy.ts", ["--to", target.url], { DATA_DIR: dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has data/);
    expect(again.stderr).toContain("nothing was written");
    expect(await counts()).toEqual(was);

    // Another program's database: not even migrated.
    const other = await createTestDatabase();
    try {
      await other.query(`CREATE TABLE notes (id serial PRIMARY KEY, body text); INSERT INTO notes (body) VALUES ('x')`);
      const r = await runScript("db-copy.ts", ["--to", other.url], { DATA_DIR: dataDir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/already has data \(in notes\)/);
      const tables = await other.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(tables.map((t) => t.table_name)).toEqual(["notes"]);
    } finally {
      await other.drop();
    }
  });
});

function newEnterprise(districtId: number) {
  return {
    taxCode: "0987654321",
    name: "Hợp tác xã Nông nghiệp Tân Tiến",
    districtId,
    sector: "A",
    ownership: "COOPERATIVE",
    headcount: 40,
    unionMembers: 12,
    hasUnion: true,
    hasParty: false,
    hasYouthUnion: false,
    hasWomenUnion: false,
    hasVeterans: true,
  };
}
