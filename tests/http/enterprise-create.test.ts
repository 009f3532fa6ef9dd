// Registering a new enterprise: it appears in the list and the figures, once per tax code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enterprise, type EnterpriseCreate } from "../../contract/enterprise.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let districtId: number;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 50 });
  districtId = (await server.districts())[1]!.id;
});
afterAll(async () => {
  await server?.close();
});

let taxSerial = 0;
const newEnterprise = (over: Partial<EnterpriseCreate> = {}): EnterpriseCreate => ({
  taxCode: `09${String(++taxSerial).padStart(8, "0")}`,
  name: "Công ty TNHH Dệt may Đông Hải",
  districtId,
  sector: "C",
  ownership: "FDI",
  headcount: 420,
  unionMembers: 300,
  hasUnion: true,
  hasParty: false,
  hasYouthUnion: true,
  hasWomenUnion: true,
  hasVeterans: false,
  partyRecommended: 0,
  partyAdmitted: 0,
  initiatives: 0,
  ...over,
});
const create = (body: unknown, headers?: Record<string, string>) =>
  server.api("/api/enterprises", { method: "POST", json: body, ...(headers ? { headers } : {}) });

describe("registering an enterprise", () => {
  it("answers 201 with the new record at version 1 and its location, and logs a create", async () => {
    const input = newEnterprise();
    const r = await create(input, { "X-Actor": "registrar" });
    expect(r.status).toBe(201);
    const e = Enterprise.parse(r.body);
    expect(e).toEqual({
      ...input,
      status: "ACTIVE",
      statusDate: null,
      id: e.id,
      version: 1,
      updatedAt: e.updatedAt,
      updatedBy: "registrar",
    });
    expect(r.headers.get("location")).toBe(`/api/enterprises/${e.id}`);
    expect(await server.enterprise(e.id)).toEqual(e);
    const log = await server.db.changeLog.findMany({ where: { enterpriseId: e.id } });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: "create", actor: "registrar", source: "session" });
    expect(JSON.parse(log[0]!.diff).taxCode).toEqual([null, input.taxCode]);
  });

  it("the counts of Party work and initiatives default to 0", async () => {
    const { partyRecommended: _r, partyAdmitted: _a, initiatives: _i, ...rest } = newEnterprise();
    const r = await create(rest);
    expect(r.status).toBe(201);
    expect(Enterprise.parse(r.body)).toMatchObject({ partyRecommended: 0, partyAdmitted: 0, initiatives: 0 });
  });

  it("counts in the province's figures and the enterprise list at once", async () => {
    const before = await server.stats();
    const listBefore = (await server.enterprises()).length;
    const input = newEnterprise({ headcount: 80, unionMembers: 0, hasUnion: false });
    expect((await create(input)).status).toBe(201);
    const after = await server.stats();
    expect(after.seq).toBe(before.seq + 1);
    expect(after.totals.enterprises).toBe(before.totals.enterprises + 1);
    expect(after.totals.headcount).toBe(before.totals.headcount + 80);
    expect(after.totals.over25NoUnion).toBe(before.totals.over25NoUnion + 1);
    expect((await server.enterprises()).length).toBe(listBefore + 1);
  });

  it("a tax code already registered is 409 naming taxCode, and nothing is added", async () => {
    const input = newEnterprise();
    expect((await create(input)).status).toBe(201);
    const count = await server.db.enterprise.count();
    const again = await create({ ...newEnterprise(), taxCode: input.taxCode, name: "Another name" });
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe("CONFLICT");
    expect(errorOf(again).fields).toHaveProperty("taxCode");
    expect(await server.db.enterprise.count()).toBe(count);
  });

  it("the same tax code registered five times at once is created exactly once", async () => {
    const input = newEnterprise();
    const replies = await Promise.all(Array.from({ length: 5 }, () => create(input)));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await server.db.enterprise.count({ where: { taxCode: input.taxCode } })).toBe(1);
  });

  it("a branch tax code (10 digits-3 digits) is accepted", async () => {
    const input = newEnterprise({ taxCode: `0912345678-00${taxSerial % 10}` });
    expect((await create(input)).status).toBe(201);
  });

  it("a malformed tax code is 400 naming taxCode", async () => {
    for (const taxCode of ["123", "12345678901", "1234567890-12", "abcdefghij", "", "1234567890-1234"]) {
      const r = await create(newEnterprise({ taxCode }));
      expect(r.status, taxCode).toBe(400);
      expect(errorOf(r).fields, taxCode).toHaveProperty("taxCode");
    }
  });

  it("a missing field is 400 naming it", async () => {
    const { name: _n, hasUnion: _h, ...rest } = newEnterprise();
    const r = await create(rest);
    expect(r.status).toBe(400);
    expect(Object.keys(errorOf(r).fields ?? {}).sort()).toEqual(["hasUnion", "name"]);
  });

  it("an unknown district is 400 naming districtId, and nothing is added", async () => {
    const count = await server.db.enterprise.count();
    const r = await create(newEnterprise({ districtId: 99_999 }));
    expect(r.status).toBe(400);
    expect(errorOf(r).fields).toHaveProperty("districtId");
    expect(await server.db.enterprise.count()).toBe(count);
  });

  it("more union members than workers is 400 naming unionMembers", async () => {
    const r = await create(newEnterprise({ headcount: 10, unionMembers: 11 }));
    expect(r.status).toBe(400);
    expect(errorOf(r).fields).toHaveProperty("unionMembers");
  });

  it("an id or version in the body is refused: the server assigns them", async () => {
    const r = await create({ ...newEnterprise(), id: 5, version: 3 });
    expect(r.status).toBe(400);
    expect(Object.keys(errorOf(r).fields ?? {}).sort()).toEqual(["id", "version"]);
  });
});
