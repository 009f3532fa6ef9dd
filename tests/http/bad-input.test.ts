// Whatever an editor or a script sends wrong, the API says which field and why with a 4xx,
// and nothing changes: not the enterprise, not the figures, not the change log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enterprise } from "../../contract/enterprise.ts";
import { errorOf, startTestServer, type Reply, type TestServer } from "../support/server.ts";

let server: TestServer;
let e: Enterprise;
let other: Enterprise;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 120 });
  const all = await server.enterprises();
  e = all.find((x) => x.headcount >= 10 && x.unionMembers >= 2)!;
  other = all.find((x) => x.id !== e.id)!;
});
afterAll(async () => {
  await server?.close();
});

const patchRaw = (body: string) =>
  server.api(`/api/enterprises/${e.id}`, { method: "PATCH", body, headers: { "content-type": "application/json" } });

interface BadInput {
  story: string;
  send: () => Promise<Reply>;
  status: number;
  code: string;
  /** The field error.fields must name (a list item may be named field.N). */
  field: string | string[];
}

const change = (fields: Record<string, unknown>) => () => server.patch(e.id, { version: e.version, ...fields });

const cases: BadInput[] = [
  {
    story: "a negative headcount",
    send: change({ headcount: -1 }),
    status: 400,
    code: "VALIDATION",
    field: "headcount",
  },
  {
    story: "a fractional number of members",
    send: change({ unionMembers: 2.5 }),
    status: 400,
    code: "VALIDATION",
    field: "unionMembers",
  },
  {
    story: "a number sent as a string",
    send: change({ headcount: "12" }),
    status: 400,
    code: "VALIDATION",
    field: "headcount",
  },
  {
    story: "a number sent as null",
    send: change({ initiatives: null }),
    status: 400,
    code: "VALIDATION",
    field: "initiatives",
  },
  {
    story: "an impossibly large headcount",
    send: change({ headcount: 10_000_000 }),
    status: 400,
    code: "VALIDATION",
    field: "headcount",
  },
  {
    story: "more union members than workers",
    send: () => server.patch(e.id, { version: e.version, unionMembers: e.headcount + 1 }),
    status: 400,
    code: "VALIDATION",
    field: "unionMembers",
  },
  {
    story: "a headcount below the union members already recorded",
    send: () => server.patch(e.id, { version: e.version, headcount: e.unionMembers - 1 }),
    status: 400,
    code: "VALIDATION",
    field: ["unionMembers", "headcount"],
  },
  {
    story: "more Party admissions than recommendations",
    send: change({ partyRecommended: 2, partyAdmitted: 3 }),
    status: 400,
    code: "VALIDATION",
    field: "partyAdmitted",
  },
  {
    story: "a district that does not exist",
    send: change({ districtId: 99_999 }),
    status: 400,
    code: "VALIDATION",
    field: "districtId",
  },
  { story: "district id 0", send: change({ districtId: 0 }), status: 400, code: "VALIDATION", field: "districtId" },
  { story: "VSIC section Z", send: change({ sector: "Z" }), status: 400, code: "VALIDATION", field: "sector" },
  {
    story: "a lower-case VSIC section",
    send: change({ sector: "c" }),
    status: 400,
    code: "VALIDATION",
    field: "sector",
  },
  {
    story: "an unknown ownership",
    send: change({ ownership: "PRIVATE" }),
    status: 400,
    code: "VALIDATION",
    field: "ownership",
  },
  { story: "a 3-digit tax code", send: change({ taxCode: "123" }), status: 400, code: "VALIDATION", field: "taxCode" },
  {
    story: "an 11-digit tax code",
    send: change({ taxCode: "12345678901" }),
    status: 400,
    code: "VALIDATION",
    field: "taxCode",
  },
  {
    story: "a branch suffix of 2 digits",
    send: change({ taxCode: "1234567890-12" }),
    status: 400,
    code: "VALIDATION",
    field: "taxCode",
  },
  {
    story: "another enterprise's tax code",
    send: () => server.patch(e.id, { version: e.version, taxCode: other.taxCode }),
    status: 409,
    code: "CONFLICT",
    field: "taxCode",
  },
  { story: "an empty name", send: change({ name: "   " }), status: 400, code: "VALIDATION", field: "name" },
  {
    story: "a name of 201 characters",
    send: change({ name: "x".repeat(201) }),
    status: 400,
    code: "VALIDATION",
    field: "name",
  },
  {
    story: "a name with a control character",
    send: change({ name: "Công ty\u0007 An Phát" }),
    status: 400,
    code: "VALIDATION",
    field: "name",
  },
  {
    story: "a yes/no flag sent as text",
    send: change({ hasUnion: "yes" }),
    status: 400,
    code: "VALIDATION",
    field: "hasUnion",
  },
  { story: "an unknown field", send: change({ salary: 5 }), status: 400, code: "VALIDATION", field: "salary" },
  {
    story: "an unknown field named like a built-in (constructor)",
    send: change({ constructor: 1 }),
    status: 400,
    code: "VALIDATION",
    field: "constructor",
  },
  {
    story: "an unknown field named __proto__",
    send: () => patchRaw(`{"version": ${e.version}, "__proto__": {"initiatives": 3}}`),
    status: 400,
    code: "VALIDATION",
    field: "__proto__",
  },
  {
    story: "a field the server owns (updatedBy)",
    send: change({ updatedBy: "someone else" }),
    status: 400,
    code: "VALIDATION",
    field: "updatedBy",
  },
  {
    story: "no version",
    send: () => server.patch(e.id, { initiatives: 3 }),
    status: 400,
    code: "VALIDATION",
    field: "version",
  },
  {
    story: "the version as a string",
    send: () => server.patch(e.id, { version: String(e.version), initiatives: 3 }),
    status: 400,
    code: "VALIDATION",
    field: "version",
  },
  {
    story: "version 0",
    send: () => server.patch(e.id, { version: 0, initiatives: 3 }),
    status: 400,
    code: "VALIDATION",
    field: "version",
  },
  {
    story: "malformed JSON",
    send: () => patchRaw(`{"version": ${e.version}, "initiatives": 3`),
    status: 400,
    code: "BAD_JSON",
    field: "(body)",
  },
  {
    story: "a JSON array instead of an object",
    send: () => patchRaw(`[${e.version}]`),
    status: 400,
    code: "VALIDATION",
    field: "(body)",
  },
  {
    story: "a body over 100 kb",
    send: change({ name: "x".repeat(101 * 1024) }),
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
    field: "(body)",
  },
];

describe("a change that is not valid is refused and changes nothing", () => {
  for (const c of cases) {
    it(c.story, async () => {
      const [enterpriseBefore, statsBefore, logBefore] = [
        await server.enterprise(e.id),
        await server.stats(),
        await server.db.changeLog.count(),
      ];
      const r = await c.send();
      expect(r.status).toBe(c.status);
      const error = errorOf(r);
      expect(error.code).toBe(c.code);
      expect(error.message.length).toBeGreaterThan(0);
      const named = Object.keys(error.fields ?? {});
      // Pages translate the code; every field named in English is named with a code too.
      expect(Object.keys(error.fieldCodes ?? {}).sort()).toEqual([...named].sort());
      const wanted = Array.isArray(c.field) ? c.field : [c.field];
      expect(
        named.some((n) => wanted.some((w) => n === w || n.startsWith(`${w}.`))),
        `fields named: ${named.join(", ")}`,
      ).toBe(true);
      expect(await server.enterprise(e.id)).toEqual(enterpriseBefore);
      expect(await server.stats()).toEqual(statsBefore);
      expect(await server.db.changeLog.count()).toBe(logBefore);
    });
  }

  it("every wrong field is named at once, each with its own reason", async () => {
    const r = await server.patch(e.id, {
      version: e.version,
      headcount: -1,
      sector: "Z",
      ownership: "PRIVATE",
      taxCode: "123",
      nickname: "x",
    });
    expect(r.status).toBe(400);
    const fields = errorOf(r).fields ?? {};
    expect(Object.keys(fields).sort()).toEqual(["headcount", "nickname", "ownership", "sector", "taxCode"]);
    expect(new Set(Object.values(fields)).size).toBe(5);
  });

  it("each field's problem also travels as a code with its parameters, beside the English reason", async () => {
    const r = await server.patch(e.id, {
      version: e.version,
      headcount: -1,
      initiatives: 10_000_000,
      taxCode: "123",
      name: "a\u0007b",
      nickname: "x",
    });
    const error = errorOf(r);
    expect(error.fields).toMatchObject({ headcount: "must not be negative", nickname: "is not a known field" });
    expect(error.fieldCodes).toEqual({
      headcount: { code: "negative" },
      initiatives: { code: "too_large", params: { max: 9_999_999 } },
      taxCode: { code: "tax_code" },
      name: { code: "control_chars" },
      nickname: { code: "unknown_field" },
    });
  });

  it("a broken rule and a stale version carry their figures as parameters", async () => {
    const fresh = await server.enterprise(e.id);
    const broken = await server.patch(e.id, { version: fresh.version, unionMembers: fresh.headcount + 1 });
    expect(broken.status).toBe(400);
    expect(errorOf(broken).fieldCodes).toEqual({
      unionMembers: { code: "over_headcount", params: { max: fresh.headcount } },
    });
    expect(errorOf(broken).fields?.unionMembers).toBe(`must not exceed headcount (${fresh.headcount})`);
    const stale = await server.patch(e.id, { version: fresh.version - 1 || 99, initiatives: 1 });
    expect(stale.status).toBe(409);
    expect(errorOf(stale).fieldCodes?.version).toEqual({ code: "stale", params: { version: fresh.version } });
  });

  it("the error never carries a stack trace", async () => {
    const r = await patchRaw("{not json");
    expect(JSON.stringify(r.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe("text is stored as text", () => {
  it("HTML in a name is kept and returned literally, not escaped or stripped", async () => {
    const fresh = await server.enterprise(other.id);
    const name = `<img src=x onerror="alert('xss')"> & <b>Công ty</b>`;
    const r = await server.patch(other.id, { version: fresh.version, name });
    expect(r.status).toBe(200);
    expect(Enterprise.parse(r.body).name).toBe(name);
    expect((await server.enterprise(other.id)).name).toBe(name);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("a name is trimmed of surrounding spaces", async () => {
    const fresh = await server.enterprise(other.id);
    const r = await server.patch(other.id, { version: fresh.version, name: "   Hợp tác xã Bình An  " });
    expect(Enterprise.parse(r.body).name).toBe("Hợp tác xã Bình An");
  });
});
