// A district editor edits and registers the enterprises of his own district, and nothing else:
// not by PATCH, not by POST, not by moving one in or out. Leaders, analysts and displays only read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enterprise } from "../../contract/enterprise.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let editor: string; // editor.ap01's session cookie
let mine: number; // AP01's district id
let theirs: number; // AP02's
let all: Enterprise[];

beforeAll(async () => {
  server = await startTestServer({ enterprises: 80 });
  const districts = await server.districts();
  mine = districts.find((d) => d.code === "AP01")!.id;
  theirs = districts.find((d) => d.code === "AP02")!.id;
  editor = await login(server.url, "editor.ap01", DEMO_PASSWORD);
  all = await server.enterprises();
});
afterAll(async () => {
  await server?.close();
});

const ofDistrict = (d: number, skip = 0) => all.filter((e) => e.districtId === d)[skip]!;
const as = (cookie: string) => ({ cookie });
const taxCode = () => String(Math.floor(1e9 + Math.random() * 8e9));
const newEnterprise = (districtId: number) => ({
  taxCode: taxCode(),
  name: "Công ty TNHH Thử Quyền",
  districtId,
  sector: "C",
  ownership: "DOMESTIC",
  headcount: 30,
  unionMembers: 0,
  hasUnion: false,
  hasParty: false,
  hasYouthUnion: false,
  hasWomenUnion: false,
  hasVeterans: false,
});

async function unchanged(e: Enterprise, logCount: number) {
  expect(await server.enterprise(e.id)).toEqual(e);
  expect(await server.db.changeLog.count()).toBe(logCount);
}

describe("a district editor", () => {
  it("edits an enterprise of his own district; the log names him, his account and the source", async () => {
    const e = ofDistrict(mine);
    const r = await server.api(`/api/enterprises/${e.id}`, {
      method: "PATCH",
      json: { version: e.version, initiatives: e.initiatives + 1 },
      headers: { ...as(editor), "x-change-source": "form" },
    });
    expect(r.status).toBe(200);
    const row = await server.db.changeLog.findFirst({ where: { enterpriseId: e.id }, orderBy: { seq: "desc" } });
    const me = await server.db.user.findUnique({ where: { username: "editor.ap01" } });
    expect(row).toMatchObject({
      actor: me!.displayName,
      actorUserId: me!.id,
      source: "session",
      claimedSource: "form",
      action: "update",
    });
    all = await server.enterprises();
  });

  it("cannot change an enterprise of another district: 403, nothing changed, no log row", async () => {
    const e = ofDistrict(theirs);
    const logCount = await server.db.changeLog.count();
    const r = await server.api(`/api/enterprises/${e.id}`, {
      method: "PATCH",
      json: { version: e.version, unionMembers: 0 },
      headers: as(editor),
    });
    expect(r.status).toBe(403);
    expect(errorOf(r).code).toBe("FORBIDDEN");
    await unchanged(e, logCount);
  });

  it("gets 403, not 409, with a stale version on another district's enterprise: he learns nothing", async () => {
    const e = ofDistrict(theirs);
    const r = await server.api(`/api/enterprises/${e.id}`, {
      method: "PATCH",
      json: { version: e.version + 5, unionMembers: 0 },
      headers: as(editor),
    });
    expect(r.status).toBe(403);
    expect(errorOf(r).current).toBeUndefined();
  });

  it("cannot move his enterprise into another district, nor take one from another district", async () => {
    const logCount = await server.db.changeLog.count();
    const own = ofDistrict(mine, 1);
    const out = await server.api(`/api/enterprises/${own.id}`, {
      method: "PATCH",
      json: { version: own.version, districtId: theirs },
      headers: as(editor),
    });
    expect(out.status).toBe(403);
    const other = ofDistrict(theirs, 1);
    const into = await server.api(`/api/enterprises/${other.id}`, {
      method: "PATCH",
      json: { version: other.version, districtId: mine },
      headers: as(editor),
    });
    expect(into.status).toBe(403);
    await unchanged(own, logCount);
    await unchanged(other, logCount);
  });

  it("registers an enterprise in his district, but not in another", async () => {
    const ok = await server.api("/api/enterprises", { method: "POST", json: newEnterprise(mine), headers: as(editor) });
    expect(ok.status).toBe(201);
    const logCount = await server.db.changeLog.count();
    const count = await server.db.enterprise.count();
    const refused = await server.api("/api/enterprises", {
      method: "POST",
      json: newEnterprise(theirs),
      headers: as(editor),
    });
    expect(refused.status).toBe(403);
    expect(await server.db.enterprise.count()).toBe(count);
    expect(await server.db.changeLog.count()).toBe(logCount);
  });

  it("loses his rights on a district the administrator takes away, at once", async () => {
    const u = await server.db.user.findUnique({ where: { username: "editor.ap03" } });
    const cookie = await login(server.url, "editor.ap03", DEMO_PASSWORD);
    const ap03 = (await server.districts()).find((d) => d.code === "AP03")!.id;
    const e = all.find((x) => x.districtId === ap03)!;
    const moved = await server.api(`/api/users/${u!.id}`, {
      method: "PATCH",
      json: { districtIds: [mine] },
      headers: { cookie: await server.adminCookie() },
    });
    expect(moved.status).toBe(200);
    const r = await server.api(`/api/enterprises/${e.id}`, {
      method: "PATCH",
      json: { version: e.version, initiatives: e.initiatives + 1 },
      headers: as(cookie),
    });
    expect(r.status).toBe(403);
  });
});

describe("roles that only read", () => {
  it("a leader and an analyst read everything but cannot write", async () => {
    for (const name of ["leader", "analyst"]) {
      const cookie = await login(server.url, name, DEMO_PASSWORD);
      expect((await server.api("/api/enterprises?pageSize=5", { headers: as(cookie) })).status, name).toBe(200);
      expect((await server.api("/api/stats", { headers: as(cookie) })).status, name).toBe(200);
      const e = ofDistrict(mine, 2);
      const logCount = await server.db.changeLog.count();
      expect(
        (
          await server.api(`/api/enterprises/${e.id}`, {
            method: "PATCH",
            json: { version: e.version, initiatives: 9 },
            headers: as(cookie),
          })
        ).status,
        name,
      ).toBe(403);
      expect(
        (await server.api("/api/enterprises", { method: "POST", json: newEnterprise(mine), headers: as(cookie) }))
          .status,
        name,
      ).toBe(403);
      await unchanged(e, logCount);
    }
  });

  it("an administrator edits any district and moves enterprises between them", async () => {
    const e = ofDistrict(theirs, 2);
    const r = await server.api(`/api/enterprises/${e.id}`, {
      method: "PATCH",
      json: { version: e.version, districtId: mine },
      headers: as(await server.adminCookie()),
    });
    expect(r.status).toBe(200);
  });
});

describe("cross-site requests", () => {
  it("a write carrying the cookie from another site's page is refused; our own origin passes", async () => {
    const e = ofDistrict(mine, 3);
    const evil = await server.api(`/api/enterprises/${e.id}`, {
      method: "PATCH",
      json: { version: e.version, initiatives: 7 },
      headers: { ...as(editor), origin: "https://evil.example" },
    });
    expect(evil.status).toBe(403);
    const own = await server.api(`/api/enterprises/${e.id}`, {
      method: "PATCH",
      json: { version: e.version, initiatives: 7 },
      headers: { ...as(editor), origin: server.url },
    });
    expect(own.status).toBe(200);
  });
});
