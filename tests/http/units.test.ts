// An administrator keeps the province's units as they really change: creates and renames units,
// merges former units into one, splits one, retires an empty one. Every change is logged, every bad
// input is a 4xx naming the field and changes nothing, and no other role may do any of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { District, MergeResult, SplitResult, UnitHistoryEntry } from "../../contract/units.ts";
import { Stats } from "../../contract/stats.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 60 });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const post = (path: string, json: unknown, actor?: string) =>
  server.api(path, { method: "POST", json, ...(actor ? { headers: { "X-Actor": actor } } : {}) });
const all = async () => z.array(District).parse((await server.api("/api/districts?includeRetired=true")).body);
const snapshot = async () => ({
  units: await all(),
  enterprises: (await server.enterprises()).map((e) => [e.id, e.districtId, e.version]),
  unitLog: await server.db.unitChange.count(),
  log: await server.db.changeLog.count(),
});
let serial = 0;
const newUnit = async (kind = "COMMUNE") => {
  const r = await post("/api/districts", { code: `T${++serial}`, name: `Xã Thử ${serial}`, kind });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return District.parse(r.body);
};

describe("units", () => {
  it("lists active units with their kind and dates; retired ones only when asked", async () => {
    const active = await server.districts();
    expect(active.map((d) => d.code)).toEqual(["AP01", "AP02", "AP03", "AP04", "AP05", "AP06", "AP07", "AP08", "AP09"]);
    expect(active.every((d) => d.active)).toBe(true);
    expect(active.find((d) => d.code === "AP09")!.kind).toBe("INDUSTRIAL_PARK");
    const withRetired = await all();
    const former = withRetired.filter((d) => !d.active);
    expect(former.length).toBeGreaterThan(0);
    expect(former.every((d) => d.kind === "DISTRICT" && d.validTo === "2025-07-01")).toBe(true);
  });

  it("creates a unit (201) and logs who did it; a duplicate code is 409 and changes nothing", async () => {
    const u = await newUnit("WARD");
    expect(u).toMatchObject({ kind: "WARD", active: true, validTo: null });
    const history = z.array(UnitHistoryEntry).parse((await server.api(`/api/districts/${u.id}/history`)).body);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: "create", actor: "local", diff: { code: [null, u.code] } });
    const before = await snapshot();
    const dup = await post("/api/districts", { code: u.code, name: "Khác", kind: "COMMUNE" });
    expect(dup.status).toBe(409);
    expect(errorOf(dup).fields).toHaveProperty("code");
    expect(await snapshot()).toEqual(before);
  });

  it("a bad unit names each field", async () => {
    const r = await post("/api/districts", { code: "có dấu", name: "", kind: "PROVINCE", extra: 1 });
    expect(r.status).toBe(400);
    expect(Object.keys(errorOf(r).fields!).sort()).toEqual(["code", "extra", "kind", "name"]);
  });

  it("renames a unit; the old name stays in its history", async () => {
    const u = await newUnit();
    const r = await server.api(`/api/districts/${u.id}`, { method: "PATCH", json: { name: "Xã Đổi Tên" } });
    expect(r.status).toBe(200);
    expect(District.parse(r.body).name).toBe("Xã Đổi Tên");
    const history = z.array(UnitHistoryEntry).parse((await server.api(`/api/districts/${u.id}/history`)).body);
    expect(history.at(-1)).toMatchObject({ action: "update", diff: { name: [u.name, "Xã Đổi Tên"] } });
  });

  it("merges two units into a new one: enterprises and editors follow, sources retire, province totals stay", async () => {
    const [a, b] = [await newUnit(), await newUnit()];
    const made = [];
    for (const [i, d] of [a, b, a].entries()) {
      const base = (await server.enterprises())[0]!;
      const { id: _i, version: _v, updatedAt: _u, updatedBy: _b, status: _s, statusDate: _d, ...fields } = base;
      const r = await post("/api/enterprises", { ...fields, taxCode: `07000000${10 + i}`, districtId: d.id });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      made.push((r.body as { id: number }).id);
    }
    const editor = await server.cookieOf("Biên tập thử", { role: "EDITOR", districtIds: [a.id] });
    const totals = Stats.parse((await server.api("/api/stats")).body).totals;
    const r = await post("/api/districts/merge", {
      sourceIds: [a.id, b.id],
      into: { code: "MERGED1", name: "Phường Hợp Nhất", kind: "WARD" },
      effectiveDate: "2026-01-01",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const result = MergeResult.parse(r.body);
    expect(result.movedEnterprises).toBe(3);
    expect(result.movedEditors).toBe(1);
    expect(result.retired.map((d) => [d.id, d.active, d.validTo])).toEqual([
      [a.id, false, "2026-01-01"],
      [b.id, false, "2026-01-01"],
    ]);
    for (const id of made) expect((await server.enterprise(id)).districtId).toBe(result.target.id);
    const moves = await server.db.changeLog.findMany({
      where: { enterpriseId: { in: made }, source: "reorganisation" },
    });
    expect(moves).toHaveLength(3);
    expect(Stats.parse((await server.api("/api/stats")).body).totals).toEqual(totals);
    // The editor of a now follows the target: he may edit there.
    const me = (await server.api("/api/me", { headers: { cookie: editor } })).body as { districtIds: number[] };
    expect(me.districtIds).toEqual([result.target.id]);
    expect((await server.districts()).map((d) => d.id)).not.toContain(a.id);
  });

  it("refuses bad merges with field messages and changes nothing", async () => {
    const [a, b] = [await newUnit(), await newUnit()];
    const retired = (await all()).find((d) => !d.active)!;
    const before = await snapshot();
    // Each with the code the page translates (never "invalid" with English words).
    const cases: [unknown, string, string][] = [
      [{ sourceIds: [a.id], into: a.id, effectiveDate: "2026-01-01" }, "into", "into_itself"],
      [{ sourceIds: [a.id], into: retired.id, effectiveDate: "2026-01-01" }, "into", "unit_retired"],
      [{ sourceIds: [999_999], into: b.id, effectiveDate: "2026-01-01" }, "sourceIds.0", "unknown_district"],
      [
        { sourceIds: [a.id], into: { code: "AP01", name: "X", kind: "WARD" }, effectiveDate: "2026-01-01" },
        "into.code",
        "taken_by_unit",
      ],
      [{ sourceIds: [a.id], into: b.id, effectiveDate: "2999-01-01" }, "effectiveDate", "future"],
      [{ sourceIds: [a.id], into: b.id, effectiveDate: "2026-02-30" }, "effectiveDate", "not_day"],
    ];
    for (const [body, field, code] of cases) {
      const r = await post("/api/districts/merge", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(r).fields, JSON.stringify(body)).toHaveProperty([field]);
      expect(errorOf(r).fieldCodes?.[field]?.code, JSON.stringify(body)).toBe(code);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("a merge effective before the unit began is refused", async () => {
    const r0 = await post("/api/districts", {
      code: "NEWER1",
      name: "Xã Mới",
      kind: "COMMUNE",
      validFrom: "2026-06-01",
    });
    const newer = District.parse(r0.body);
    const other = await newUnit();
    const r = await post("/api/districts/merge", {
      sourceIds: [newer.id],
      into: other.id,
      effectiveDate: "2026-05-01",
    });
    expect(r.status).toBe(400);
    expect(errorOf(r).fields!.effectiveDate).toMatch(/before unit NEWER1 began/);
    expect(errorOf(r).fieldCodes!.effectiveDate).toEqual({
      code: "before_unit",
      params: { unit: "NEWER1", day: "2026-06-01" },
    });
  });

  it("an editor cannot be given a retired unit (400 naming districtIds), nothing changes", async () => {
    const retired = (await all()).find((d) => !d.active)!;
    const active = (await server.districts())[0]!;
    const users = await server.db.user.count();
    const r = await server.api("/api/users", {
      method: "POST",
      json: {
        username: "editor.retired",
        displayName: "Người thử",
        password: "mật khẩu đủ dài 2026",
        role: "EDITOR",
        districtIds: [active.id, retired.id],
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(errorOf(r).fieldCodes!.districtIds).toEqual({ code: "unit_retired", params: { unit: retired.code } });
    expect(await server.db.user.count()).toBe(users);
  });

  it("splits a unit: every enterprise placed, editors listed for the administrator; leaving one out is refused", async () => {
    const unit = (await server.districts()).find((d) => d.code === "AP04")!;
    const ids = (await server.enterprises(`district=${unit.id}`)).map((e) => e.id);
    // Ceased enterprises are listed too; erased ones are not in the unit any more.
    const ofUnit = (await server.db.enterprise.findMany({ where: { districtId: unit.id, erasedAt: null } })).map(
      (e) => e.id,
    );
    expect(ids.sort()).toEqual(ofUnit.sort());
    expect(ids.length).toBeGreaterThan(1);
    const half = Math.floor(ids.length / 2);
    const before = await snapshot();
    const bad = await post(`/api/districts/${unit.id}/split`, {
      into: [
        { code: "SPLIT1", name: "Xã Tách Một", kind: "COMMUNE", enterpriseIds: ids.slice(0, half) },
        { code: "SPLIT2", name: "Xã Tách Hai", kind: "COMMUNE", enterpriseIds: ids.slice(half, -1) },
      ],
      effectiveDate: "2026-03-01",
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).fields!.into).toMatch(/unplaced/);
    expect(await snapshot()).toEqual(before);

    const r = await post(`/api/districts/${unit.id}/split`, {
      into: [
        { code: "SPLIT1", name: "Xã Tách Một", kind: "COMMUNE", enterpriseIds: ids.slice(0, half) },
        { code: "SPLIT2", name: "Xã Tách Hai", kind: "COMMUNE", enterpriseIds: ids.slice(half) },
      ],
      effectiveDate: "2026-03-01",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const result = SplitResult.parse(r.body);
    expect(result.retired).toMatchObject({ id: unit.id, active: false, validTo: "2026-03-01" });
    expect(result.editorsToReassign.map((e) => e.username)).toEqual(["editor.ap04"]);
    expect((await server.enterprise(ids[0]!)).districtId).toBe(result.created[0]!.id);
    expect((await server.enterprise(ids.at(-1)!)).districtId).toBe(result.created[1]!.id);
  });

  it("retires an empty unit only", async () => {
    const empty = await newUnit();
    const r = await post(`/api/districts/${empty.id}/retire`, { effectiveDate: "2026-02-01" });
    expect(r.status).toBe(200);
    expect(District.parse(r.body)).toMatchObject({ active: false, validTo: "2026-02-01" });
    const again = await post(`/api/districts/${empty.id}/retire`, { effectiveDate: "2026-02-01" });
    expect(again.status).toBe(409);
    const busy = (await server.districts()).find((d) => d.code === "AP01")!;
    const before = await snapshot();
    const r2 = await post(`/api/districts/${busy.id}/retire`, { effectiveDate: "2026-02-01" });
    expect(r2.status).toBe(409);
    expect(errorOf(r2).fields!.id).toMatch(/still has/);
    expect(await snapshot()).toEqual(before);
    expect((await post("/api/districts/999999/retire", { effectiveDate: "2026-02-01" })).status).toBe(404);
  });

  it("no role but ADMIN may change the province or its units (403, nothing changes)", async () => {
    const ap01 = (await server.districts()).find((d) => d.code === "AP01")!;
    const before = await snapshot();
    for (const role of ["LEADER", "ANALYST", "EDITOR"] as const) {
      const cookie = await server.cookieOf(`Người ${role}`, { role, districtIds: role === "EDITOR" ? [ap01.id] : [] });
      const as = (path: string, method: string, json: unknown) =>
        server.api(path, { method, json, headers: { cookie } });
      const replies = [
        await as("/api/province", "PUT", { code: "XX", name: "Tỉnh X" }),
        await as("/api/districts", "POST", { code: "NOPE", name: "Không", kind: "WARD" }),
        await as(`/api/districts/${ap01.id}`, "PATCH", { name: "Không" }),
        await as("/api/districts/merge", "POST", {
          sourceIds: [ap01.id],
          into: { code: "N", name: "N", kind: "WARD" },
          effectiveDate: "2026-01-01",
        }),
        await as(`/api/districts/${ap01.id}/split`, "POST", {
          into: [{ code: "N2", name: "N", kind: "WARD", enterpriseIds: [] }],
          effectiveDate: "2026-01-01",
        }),
        await as(`/api/districts/${ap01.id}/retire`, "POST", { effectiveDate: "2026-01-01" }),
        await server.api("/api/districts/template.xlsx", { headers: { cookie } }),
        await server.api(`/api/enterprises/1`, { method: "DELETE", headers: { cookie } }),
      ];
      expect(
        replies.map((r) => r.status),
        role,
      ).toEqual(replies.map(() => 403));
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("enterprise lifecycle", () => {
  it("ceases an enterprise: it leaves the figures and the missing lists, keeps its history, and reopens", async () => {
    const e = (await server.enterprises("union=false")).find((x) => x.headcount > 0)!;
    const totals = Stats.parse((await server.api("/api/stats")).body).totals;
    const r = await server.patch(e.id, { version: e.version, status: "CEASED", statusDate: "2026-10-01" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: "CEASED", statusDate: "2026-10-01" });
    const after = Stats.parse((await server.api("/api/stats")).body).totals;
    expect(after.enterprises).toBe(totals.enterprises - 1);
    expect(after.headcount).toBe(totals.headcount - e.headcount);
    expect((await server.enterprises("union=false")).map((x) => x.id)).not.toContain(e.id);
    expect((await server.enterprises()).map((x) => x.id)).toContain(e.id);

    const twice = await server.patch(e.id, { version: e.version + 1, status: "CEASED" });
    expect(twice.status).toBe(400);
    expect(errorOf(twice).fields!.status).toMatch(/CEASED already/);
    expect(errorOf(twice).fieldCodes!.status).toEqual({ code: "ceased_already", params: { day: "2026-10-01" } });
    const future = await server.patch(e.id, { version: e.version + 1, status: "ACTIVE", statusDate: "2999-01-01" });
    expect(future.status).toBe(400);
    expect(errorOf(future).fieldCodes!.statusDate?.code).toBe("future");

    const reopened = await server.patch(e.id, { version: e.version + 1, status: "ACTIVE" });
    expect(reopened.status).toBe(200);
    expect(Stats.parse((await server.api("/api/stats")).body).totals).toEqual(totals);
  });

  it("an administrator erases a record made by mistake: gone, tax code free, history kept", async () => {
    const e = (await server.enterprises())[3]!;
    const totals = Stats.parse((await server.api("/api/stats")).body).totals;
    const r = await server.api(`/api/enterprises/${e.id}`, { method: "DELETE" });
    expect(r.status).toBe(200);
    expect((await server.api(`/api/enterprises/${e.id}`)).status).toBe(404);
    await expect
      .poll(async () => Stats.parse((await server.api("/api/stats")).body).totals.enterprises)
      .toBe(totals.enterprises - (e.status === "CEASED" ? 0 : 1));
    const history = (await server.api(`/api/enterprises/${e.id}/history`)).body as { items: { action: string }[] };
    expect(history.items[0]!.action).toBe("erase");
    expect((await server.api(`/api/enterprises/${e.id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("an import's Tình trạng column ceases and reopens enterprises", async () => {
    const [a, b] = (await server.enterprises()).filter((e) => e.status === "ACTIVE").slice(5, 7);
    const csv = ["Mã số thuế,Tình trạng", `${a!.taxCode},Ngừng hoạt động`, `${b!.taxCode},Đang hoạt động`].join("\n");
    const dry = await server.api("/api/import/dry-run", { method: "POST", body: csv });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    const run = dry.body as { importId: string; rows: { action: string; changes: Record<string, unknown> }[] };
    expect(run.rows.map((r) => r.action)).toEqual(["update", "unchanged"]);
    expect(run.rows[0]!.changes.status).toEqual(["ACTIVE", "CEASED"]);
    const applied = await server.api(`/api/import/${run.importId}/apply`, { method: "POST" });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(await server.enterprise(a!.id)).toMatchObject({ status: "CEASED" });
    const bad = await server.api("/api/import/dry-run", {
      method: "POST",
      body: ["Mã số thuế,Tình trạng", `${b!.taxCode},Tạm nghỉ`].join("\n"),
    });
    const row = (bad.body as { rows: { errors: { column: string; code: string }[] }[] }).rows[0]!;
    expect(row.errors).toMatchObject([{ column: "Tình trạng", code: "status" }]);
  });
});
