// Hostile input against the enterprise write routes (POST /api/enterprises, PATCH
// /api/enterprises/:id): wrong types, missing and extra fields, huge numbers and strings, negative
// counts, broken unicode, SQL fragments, malformed JSON, oversized bodies, unknown and malformed
// ids, stale versions and other districts' ids. Each gets a clear 4xx and changes nothing at all;
// the server stays up. (tests/http/bad-input.test.ts has the field-by-field PATCH messages.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../contract/enterprise.ts";
import { battery, type Hostile } from "../support/hostile.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let e: Enterprise; // in district A
let foreign: Enterprise; // in district B
let editorA: string;
let leader: string;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 80 });
  const all = await server.enterprises();
  e = all.find((x) => x.headcount >= 10 && x.unionMembers >= 2)!;
  foreign = all.find((x) => x.districtId !== e.districtId)!;
  editorA = await server.cookieOf("Biên tập A", { role: "EDITOR", districtIds: [e.districtId] });
  leader = await server.cookieOf("Lãnh đạo", { role: "LEADER" });
  await server.adminCookie();
});
afterAll(async () => {
  await server?.close();
});

const valid = () => ({
  taxCode: "0312345678",
  name: "Công ty TNHH Thử Nghiệm",
  districtId: e.districtId,
  sector: "C",
  ownership: "DOMESTIC",
  headcount: 100,
  unionMembers: 40,
  hasUnion: true,
  hasParty: false,
  hasYouthUnion: false,
  hasWomenUnion: false,
  hasVeterans: false,
});
const raw = (method: string, path: string, body: string, headers: Record<string, string> = {}) =>
  server.api(path, { method, body, headers: { "content-type": "application/json", ...headers } });
const create = (body: unknown, headers?: Record<string, string>) =>
  server.api("/api/enterprises", { method: "POST", json: body, ...(headers ? { headers } : {}) });
/** fields as a function when they depend on what beforeAll found. */
const change =
  (
    fields: Record<string, unknown> | (() => Record<string, unknown>),
    target: () => Enterprise = () => e,
    headers?: () => Record<string, string>,
  ) =>
  () =>
    server.api(`/api/enterprises/${target().id}`, {
      method: "PATCH",
      json: { version: target().version, ...(typeof fields === "function" ? fields() : fields) },
      ...(headers ? { headers: headers() } : {}),
    });

const creates: Hostile[] = [
  { story: "an empty body", send: () => create({}), status: 400, code: "VALIDATION" },
  {
    story: "a missing field (name)",
    send: () => {
      const { name: _n, ...rest } = valid();
      return create(rest);
    },
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "every field of the wrong type",
    send: () => create(Object.fromEntries(Object.keys(valid()).map((k) => [k, [k]]))),
    status: 400,
    code: "VALIDATION",
  },
  { story: "an extra field (id)", send: () => create({ ...valid(), id: 1 }), status: 400, code: "VALIDATION" },
  {
    story: "a server-owned field (version)",
    send: () => create({ ...valid(), version: 99 }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "a Mongo-style operator for a number",
    send: () => create({ ...valid(), headcount: { $gt: 0 } }),
    status: 400,
    code: "VALIDATION",
  },
  { story: "a negative count", send: () => create({ ...valid(), unionMembers: -40 }), status: 400, code: "VALIDATION" },
  { story: "a huge number", send: () => create({ ...valid(), headcount: 1e300 }), status: 400, code: "VALIDATION" },
  {
    story: "a number beyond JSON's range (1e400)",
    send: () =>
      raw("POST", "/api/enterprises", JSON.stringify(valid()).replace('"headcount":100', '"headcount":1e400')),
    status: 400,
  },
  {
    story: "an integer beyond 2^53",
    send: () =>
      raw(
        "POST",
        "/api/enterprises",
        JSON.stringify(valid()).replace('"headcount":100', '"headcount":9007199254740993'),
      ),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "a huge string",
    send: () => create({ ...valid(), name: "Đ".repeat(50_000) }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "a name of only zero-width and spaces",
    send: () => create({ ...valid(), name: " \u0009 " }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "a name with a lone surrogate (not Unicode text)",
    send: () => create({ ...valid(), name: "Công ty \ud800 An" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "a name with a NUL byte",
    send: () => create({ ...valid(), name: "Công ty\u0000" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "an SQL fragment as a tax code",
    send: () => create({ ...valid(), taxCode: "0312345678' OR '1'='1" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "an SQL fragment as a sector",
    send: () => create({ ...valid(), sector: 'C\'; DROP TABLE "Enterprise";--' }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "a district given as text",
    send: () => create({ ...valid(), districtId: "1 OR 1=1" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "a district that does not exist",
    send: () => create({ ...valid(), districtId: 2_147_483_647 }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "an existing tax code",
    send: () => create({ ...valid(), taxCode: foreign.taxCode }),
    status: 409,
    code: "CONFLICT",
  },
  {
    story: "more members than workers",
    send: () => create({ ...valid(), unionMembers: 101 }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "malformed JSON",
    send: () => raw("POST", "/api/enterprises", '{"taxCode": "0312345678", "name": '),
    status: 400,
    code: "BAD_JSON",
  },
  { story: "JSON null", send: () => raw("POST", "/api/enterprises", "null"), status: 400 },
  { story: "a bare JSON string", send: () => raw("POST", "/api/enterprises", '"hello"'), status: 400 },
  {
    story: "a body of 2 MB",
    send: () => create({ ...valid(), name: "x".repeat(2_000_000) }),
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    story: "a form-encoded body",
    send: () =>
      server.api("/api/enterprises", {
        method: "POST",
        body: "name=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    story: "JSON in another charset",
    send: () =>
      raw("POST", "/api/enterprises", JSON.stringify(valid()), { "content-type": "application/json; charset=utf-16" }),
    status: 400,
  },
  {
    story: "an editor creating in another district",
    send: () => create({ ...valid(), districtId: foreign.districtId }, { cookie: editorA }),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "a leader creating at all",
    send: () => create(valid(), { cookie: leader }),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "no session",
    send: () => server.api("/api/enterprises", { method: "POST", json: valid(), auth: false }),
    status: 401,
    code: "UNAUTHORIZED",
  },
  {
    story: "a forged session cookie",
    send: () => create(valid(), { cookie: "up_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }),
    status: 401,
    code: "UNAUTHORIZED",
  },
];

const patches: Hostile[] = [
  {
    story: "an unknown id",
    send: () => server.api("/api/enterprises/2147483647", { method: "PATCH", json: { version: 1, initiatives: 1 } }),
    status: 404,
    code: "NOT_FOUND",
  },
  ...["abc", "-1", "0", "1e3", "0x10", "99999999999", "1%20OR%201=1", "%F0%9F%92%A3"].map((id) => ({
    story: `a malformed id "${id}"`,
    send: () => server.api(`/api/enterprises/${id}`, { method: "PATCH", json: { version: 1, initiatives: 1 } }),
    status: 400,
    code: "VALIDATION",
  })),
  {
    story: "a stale version",
    send: change({ initiatives: 7 }, () => ({ ...e, version: e.version - 1 || 99 })),
    status: 409,
    code: "CONFLICT",
  },
  {
    story: "a version from the future",
    send: change({ initiatives: 7 }, () => ({ ...e, version: e.version + 1000 })),
    status: 409,
    code: "CONFLICT",
  },
  {
    story: "a huge version",
    send: change({ initiatives: 7 }, () => ({ ...e, version: 1e20 })),
    status: 400,
    code: "VALIDATION",
  },
  { story: "a negative count", send: change({ partyRecommended: -3 }), status: 400, code: "VALIDATION" },
  { story: "a boolean as a number", send: change({ hasUnion: 1 }), status: 400, code: "VALIDATION" },
  { story: "an array for a name", send: change({ name: ["Công ty", "An"] }), status: 400, code: "VALIDATION" },
  { story: "an object for a flag", send: change({ hasParty: { toString: "true" } }), status: 400, code: "VALIDATION" },
  { story: "a lone surrogate in a name", send: change({ name: "\udfff" }), status: 400, code: "VALIDATION" },
  {
    story: "an unknown field beside valid ones",
    send: change({ initiatives: 1, isAdmin: true }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "a prototype-polluting key",
    send: () =>
      raw(
        "PATCH",
        `/api/enterprises/${e.id}`,
        `{"version": ${e.version}, "constructor": {"prototype": {"polluted": true}}}`,
      ),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "duplicate keys in the JSON, the last one invalid",
    send: () =>
      raw("PATCH", `/api/enterprises/${e.id}`, `{"version": ${e.version}, "initiatives": 1, "initiatives": -1}`),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "deeply nested JSON",
    send: () =>
      raw(
        "PATCH",
        `/api/enterprises/${e.id}`,
        `{"version": ${e.version}, "name": ${"[".repeat(5000)}${"]".repeat(5000)}}`,
      ),
    status: 400,
  },
  {
    story: "truncated JSON",
    send: () => raw("PATCH", `/api/enterprises/${e.id}`, `{"version": ${e.version}, "initiat`),
    status: 400,
    code: "BAD_JSON",
  },
  { story: "a body of 200 kb", send: change({ name: "y".repeat(200 * 1024) }), status: 413, code: "PAYLOAD_TOO_LARGE" },
  {
    story: "an editor changing another district's enterprise",
    send: change(
      { initiatives: 1 },
      () => foreign,
      () => ({ cookie: editorA }),
    ),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "an editor moving his enterprise into another district",
    send: change(
      () => ({ districtId: foreign.districtId }),
      () => e,
      () => ({ cookie: editorA }),
    ),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "an editor guessing another district's version (no 409 leak)",
    send: change(
      { initiatives: 1 },
      () => ({ ...foreign, version: 12345 }),
      () => ({ cookie: editorA }),
    ),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "a display token writing",
    send: () =>
      server.api(`/api/enterprises/${e.id}?token=not-a-real-token`, {
        method: "PATCH",
        json: { version: e.version, initiatives: 1 },
        auth: false,
      }),
    status: 401,
    code: "UNAUTHORIZED",
  },
  {
    story: "a cross-site page writing with the cookie",
    send: change(
      { initiatives: 1 },
      () => e,
      () => ({ origin: "https://evil.example" }),
    ),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "PUT, which is no route",
    send: () => server.api(`/api/enterprises/${e.id}`, { method: "PUT", json: { ...valid(), version: e.version } }),
    status: 404,
    code: "NOT_FOUND",
  },
  {
    // DELETE is an administrator's erase (tests/http/units.test.ts); PUT is no route at all.
    story: "PUT, which is no route",
    send: () => server.api(`/api/enterprises/${e.id}`, { method: "PUT", json: { name: "x" } }),
    status: 404,
    code: "NOT_FOUND",
  },
];

battery("hostile creates are refused with a clear 4xx and change nothing", creates, () => server);
battery("hostile changes are refused with a clear 4xx and change nothing", patches, () => server);

describe("after the battery", () => {
  it("the server is up and still takes a good write", async () => {
    expect((await server.api("/api/health", { auth: false })).status).toBe(200);
    const fresh = await server.enterprise(e.id);
    const r = await server.patch(e.id, { version: fresh.version, initiatives: fresh.initiatives + 1 });
    expect(r.status).toBe(200);
    const created = await create(valid());
    expect(created.status).toBe(201);
  });

  it("script, HTML and SQL in a name are stored and returned literally, as JSON text", async () => {
    const fresh = await server.enterprise(foreign.id);
    const name = `</script><script>alert(1)</script>'; DROP TABLE "Enterprise"; -- ﷽ 👩‍👩‍👧 e\u0301`;
    const r = await server.patch(foreign.id, { version: fresh.version, name });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    // Literally, but in NFC: the decomposed "e\u0301" is stored as the one letter "é" it shows as.
    expect((await server.enterprise(foreign.id)).name).toBe(name.normalize("NFC"));
    expect(await server.db.enterprise.count()).toBeGreaterThan(0);
  });
});
