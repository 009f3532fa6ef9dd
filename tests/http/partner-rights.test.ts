// A partner organisation's account (Women's Union here) reads everything and changes one thing: its
// own organisation's presence flag, on any enterprise of the province, by the form's PATCH and by the
// import. Another organisation's flag, any other field, a status, registering or erasing an
// enterprise, and every administrator's route are refused with the field named, and change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserView } from "../../contract/accounts.ts";
import { DryRun } from "../../contract/import.ts";
import type { Enterprise } from "../../contract/enterprise.ts";
import { TEST_PASSWORD, login } from "../support/accounts.ts";
import { errorOf, startTestServer, type Reply, type TestServer } from "../support/server.ts";
import { csvOf } from "../support/spreadsheets.ts";

let server: TestServer;
let women: string; // the Women's Union partner's session cookie
let womenId: number;
let all: Enterprise[];

beforeAll(async () => {
  server = await startTestServer({ enterprises: 60 });
  const admin = await server.adminCookie();
  const created = await server.api("/api/users", {
    method: "POST",
    headers: { cookie: admin },
    json: {
      username: "hoi.phu.nu",
      displayName: "Hội LHPN tỉnh",
      password: TEST_PASSWORD,
      role: "PARTNER",
      organisation: "WOMEN",
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  womenId = UserView.parse(created.body).id;
  women = await login(server.url, "hoi.phu.nu", TEST_PASSWORD);
  all = await server.enterprises();
});
afterAll(async () => {
  await server?.close();
});

const as = (cookie = women) => ({ cookie });
/** The whole state a refused write must leave alone: every enterprise and the log's length. */
const snapshot = async () => ({ enterprises: await server.enterprises(), log: await server.db.changeLog.count() });
/** An enterprise still without a Women's Union (the list changes as the tests tick flags). */
const withoutWomen = (skip = 0) => all.filter((e) => !e.hasWomenUnion && e.status === "ACTIVE")[skip]!;

function refusedNaming(r: Reply, status: number, ...fields: string[]) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const e = errorOf(r);
  for (const f of fields) {
    expect(e.fields?.[f], `field ${f} named`).toBeTruthy();
    expect(e.fieldCodes?.[f]?.code).toBe("forbidden");
  }
  return e;
}

describe("a partner account", () => {
  it("needs its organisation, which no other role may have: 400 naming organisation, nothing created", async () => {
    const admin = await server.adminCookie();
    const users = await server.db.user.count();
    const body = { username: "x.partner", displayName: "X", password: TEST_PASSWORD };
    const noOrg = await server.api("/api/users", {
      method: "POST",
      headers: as(admin),
      json: { ...body, role: "PARTNER" },
    });
    expect(noOrg.status).toBe(400);
    expect(errorOf(noOrg).fieldCodes?.organisation?.code).toBe("required");
    const editorWithOrg = await server.api("/api/users", {
      method: "POST",
      headers: as(admin),
      json: { ...body, role: "EDITOR", organisation: "YOUTH" },
    });
    expect(editorWithOrg.status).toBe(400);
    expect(errorOf(editorWithOrg).fields?.organisation).toBeTruthy();
    const unknownOrg = await server.api("/api/users", {
      method: "POST",
      headers: as(admin),
      json: { ...body, role: "PARTNER", organisation: "FARMERS" },
    });
    expect(unknownOrg.status).toBe(400);
    expect(errorOf(unknownOrg).fields?.organisation).toBeTruthy();
    // Turning a leader into a partner without saying which organisation is refused the same way.
    const leader = await server.db.user.findUniqueOrThrow({ where: { username: "leader" } });
    const promote = await server.api(`/api/users/${leader.id}`, {
      method: "PATCH",
      headers: as(admin),
      json: { role: "PARTNER" },
    });
    expect(promote.status).toBe(400);
    expect(errorOf(promote).fields?.organisation).toBeTruthy();
    expect((await server.db.user.findUniqueOrThrow({ where: { id: leader.id } })).role).toBe("LEADER");
    expect(await server.db.user.count()).toBe(users);
  });

  it("says who it is and its organisation; the admin's list shows it", async () => {
    const me = await server.api("/api/me", { headers: as() });
    expect(me.body).toMatchObject({ role: "PARTNER", organisation: "WOMEN", districtIds: [] });
    const list = await server.api("/api/users", { headers: as(await server.adminCookie()) });
    expect((list.body as { items: UserView[] }).items.find((u) => u.id === womenId)).toMatchObject({
      role: "PARTNER",
      organisation: "WOMEN",
    });
  });

  it("reads every figure, list and history like a leader", async () => {
    for (const path of ["/api/stats", "/api/enterprises?pageSize=5", `/api/enterprises/${all[0]!.id}/history`])
      expect((await server.api(path, { headers: as() })).status, path).toBe(200);
  });

  it("ticks its own flag on an enterprise of any district; the log names it, its account and the source", async () => {
    const districts = new Set(all.map((e) => e.districtId));
    expect(districts.size).toBeGreaterThan(1);
    const [a, b] = [...districts];
    for (const d of [a!, b!]) {
      const e = all.find((x) => x.districtId === d && !x.hasWomenUnion && x.status === "ACTIVE")!;
      const r = await server.api(`/api/enterprises/${e.id}`, {
        method: "PATCH",
        json: { version: e.version, hasWomenUnion: true },
        headers: { ...as(), "x-change-source": "form" },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(await server.enterprise(e.id)).toMatchObject({ hasWomenUnion: true, version: e.version + 1 });
      const row = await server.db.changeLog.findFirst({ where: { enterpriseId: e.id }, orderBy: { seq: "desc" } });
      expect(row).toMatchObject({
        actor: "Hội LHPN tỉnh",
        actorUserId: womenId,
        source: "session",
        claimedSource: "form",
        action: "update",
      });
      expect(JSON.parse(row!.diff)).toEqual({ hasWomenUnion: [false, true] });
    }
    all = await server.enterprises();
  });

  it("may send the form's unchanged values with its flag: only the flag changes", async () => {
    const e = withoutWomen();
    const { id: _id, version, updatedAt: _u, updatedBy: _b, status: _s, statusDate: _d, ...fields } = e;
    const r = await server.api(`/api/enterprises/${e.id}`, {
      method: "PATCH",
      json: { ...fields, version, hasWomenUnion: true },
      headers: as(),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await server.enterprise(e.id)).toEqual({
      ...e,
      hasWomenUnion: true,
      version: e.version + 1,
      updatedAt: expect.any(String),
      updatedBy: "Hội LHPN tỉnh",
    });
    all = await server.enterprises();
  });

  it("cannot change another organisation's flag, any other field, or the status: 403 naming each, nothing changed", async () => {
    const e = withoutWomen();
    const before = await snapshot();
    const tries: [Record<string, unknown>, string[]][] = [
      [{ hasYouthUnion: !e.hasYouthUnion }, ["hasYouthUnion"]],
      [{ hasVeterans: !e.hasVeterans }, ["hasVeterans"]],
      [{ hasParty: !e.hasParty }, ["hasParty"]],
      [{ hasUnion: !e.hasUnion }, ["hasUnion"]],
      [{ hasWomenUnion: true, name: "Tên khác" }, ["name"]],
      [{ headcount: e.headcount + 1, initiatives: e.initiatives + 1 }, ["headcount", "initiatives"]],
      [{ districtId: all.find((x) => x.districtId !== e.districtId)!.districtId }, ["districtId"]],
      [{ status: "CEASED" }, ["status"]],
    ];
    for (const [change, fields] of tries) {
      const r = await server.api(`/api/enterprises/${e.id}`, {
        method: "PATCH",
        json: { version: e.version, ...change },
        headers: as(),
      });
      const err = refusedNaming(r, 403, ...fields);
      expect(err.code).toBe("FORBIDDEN");
      // Its own flag, sent alongside, is not what is wrong.
      expect(err.fields?.hasWomenUnion).toBeUndefined();
    }
    expect(await snapshot()).toEqual(before);
  });

  it("cannot register or erase an enterprise: 403, nothing changed", async () => {
    const before = await snapshot();
    const create = await server.api("/api/enterprises", {
      method: "POST",
      headers: as(),
      json: {
        taxCode: "0312345678",
        name: "Công ty Thử Đối Tác",
        districtId: all[0]!.districtId,
        sector: "C",
        ownership: "DOMESTIC",
        headcount: 30,
        unionMembers: 0,
        hasUnion: false,
        hasParty: false,
        hasYouthUnion: false,
        hasWomenUnion: true,
        hasVeterans: false,
      },
    });
    expect(create.status).toBe(403);
    const erase = await server.api(`/api/enterprises/${all[0]!.id}`, { method: "DELETE", headers: as() });
    expect(erase.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("is refused every administrator's write: accounts, tokens, province, units, the units sheet", async () => {
    const before = await snapshot();
    const users = await server.db.user.count();
    const units = await server.db.district.count();
    const unit = all[0]!.districtId;
    const writes: [string, string, unknown][] = [
      ["POST", "/api/users", { username: "sneaky", displayName: "S", password: TEST_PASSWORD, role: "ADMIN" }],
      ["PATCH", `/api/users/${womenId}`, { role: "ADMIN" }],
      ["POST", "/api/display-tokens", { label: "TV" }],
      ["DELETE", "/api/display-tokens/1", undefined],
      ["PUT", "/api/province", { code: "AP", name: "Tỉnh Khác" }],
      ["POST", "/api/districts", { code: "ZZ99", name: "Phường Thử", kind: "WARD" }],
      ["PATCH", `/api/districts/${unit}`, { name: "Tên mới" }],
      ["POST", `/api/districts/${unit}/retire`, { effectiveDate: "2026-01-01" }],
      ["POST", "/api/districts/merge", { sourceIds: [unit], into: unit, effectiveDate: "2026-01-01" }],
      [
        "POST",
        `/api/districts/${unit}/split`,
        {
          into: [{ code: "ZZ98", name: "Phường Tách", kind: "WARD", enterpriseIds: [all[0]!.id] }],
          effectiveDate: "2026-01-01",
        },
      ],
      ["POST", "/api/districts/import/dry-run", undefined],
      ["POST", "/api/districts/import/some-id/apply", {}],
    ];
    for (const [method, path, json] of writes) {
      const r = await server.api(path, {
        method,
        headers: as(),
        ...(json !== undefined ? { json } : { body: "x", headers: { ...as(), "content-type": "text/csv" } }),
      });
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(403);
    }
    expect(await server.db.user.count()).toBe(users);
    expect(await server.db.district.count()).toBe(units);
    expect((await server.db.user.findUniqueOrThrow({ where: { id: womenId } })).role).toBe("PARTNER");
    expect(await snapshot()).toEqual(before);
  });

  it("finds the enterprises it changed in its recent list", async () => {
    const r = await server.api("/api/enterprises/recent", { headers: as() });
    expect(r.status).toBe(200);
    const mine = await server.db.changeLog.findMany({
      where: { actorUserId: womenId },
      select: { enterpriseId: true },
    });
    const ids = (r.body as { items: Enterprise[] }).items.map((e) => e.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set(mine.map((m) => m.enterpriseId)));
  });
});

describe("a partner's import", () => {
  const upload = (file: Buffer) =>
    server.api("/api/import/dry-run", {
      method: "POST",
      body: new Uint8Array(file),
      headers: { ...as(), "content-type": "text/csv" },
    });
  const apply = (importId: string) => server.api(`/api/import/${importId}/apply`, { method: "POST", headers: as() });
  const dryRunOf = (r: Reply) => {
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
    return DryRun.parse(r.body);
  };

  it("downloads the template of every district's enterprises", async () => {
    const res = await fetch(`${server.url}/api/import/template.xlsx`, { headers: as() });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
  });

  it("sets its flag on several enterprises by a sheet; the log says import and names the partner", async () => {
    const [a, b] = [withoutWomen(0), withoutWomen(1)];
    const dry = dryRunOf(
      await upload(
        csvOf([
          ["Mã số thuế", "Hội Phụ nữ", "Tên doanh nghiệp"],
          [a.taxCode, "Có", a.name],
          [b.taxCode, "Có", b.name],
        ]),
      ),
    );
    expect(dry.summary).toMatchObject({ update: 2, error: 0 });
    const r = await apply(dry.importId);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    for (const e of [a, b]) {
      expect((await server.enterprise(e.id)).hasWomenUnion).toBe(true);
      const row = await server.db.changeLog.findFirst({ where: { enterpriseId: e.id }, orderBy: { seq: "desc" } });
      expect(row).toMatchObject({ actorUserId: womenId, source: "import" });
      expect(JSON.parse(row!.diff)).toEqual({ hasWomenUnion: [false, true] });
    }
    all = await server.enterprises();
  });

  it("a sheet that changes another field or another organisation's flag: rows in error naming the field, apply refused, nothing changed", async () => {
    const e = withoutWomen();
    const before = await snapshot();
    const dry = dryRunOf(
      await upload(
        csvOf([
          ["Mã số thuế", "Hội Phụ nữ", "Sáng kiến", "Đoàn Thanh niên"],
          [e.taxCode, "Có", String(e.initiatives + 3), e.hasYouthUnion ? "Không" : "Có"],
        ]),
      ),
    );
    expect(dry.summary).toMatchObject({ update: 0, error: 1 });
    const fields = dry.rows[0]!.errors.filter((i) => i.code === "forbidden").map((i) => i.field);
    expect(fields.sort()).toEqual(["hasYouthUnion", "initiatives"]);
    const r = await apply(dry.importId);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(await snapshot()).toEqual(before);
  });

  it("a sheet with a new enterprise: the row is refused naming the tax code, nothing created", async () => {
    const before = await snapshot();
    const dry = dryRunOf(
      await upload(
        csvOf([
          [
            "Mã số thuế",
            "Tên doanh nghiệp",
            "Mã đơn vị",
            "Ngành VSIC",
            "Loại hình",
            "Số lao động",
            "Số đoàn viên",
            "Có CĐCS",
            "Có tổ chức Đảng",
            "Đoàn Thanh niên",
            "Hội Phụ nữ",
            "Hội Cựu chiến binh",
          ],
          ["0399999999", "Công ty Mới", "AP01", "C", "Tư nhân", "40", "0", "Không", "Không", "Không", "Có", "Không"],
        ]),
      ),
    );
    expect(dry.summary).toMatchObject({ create: 0, error: 1 });
    expect(dry.rows[0]!.errors.some((i) => i.code === "forbidden" && i.field === "taxCode")).toBe(true);
    expect((await apply(dry.importId)).status).toBeGreaterThanOrEqual(400);
    expect(await snapshot()).toEqual(before);
  });
});
