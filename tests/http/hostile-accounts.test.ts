// Hostile input against the account write routes: logging in and out, changing one's password,
// managing users, issuing and revoking display tokens. Wrong types, missing and extra fields,
// huge strings, broken unicode, HTML and SQL, malformed JSON, oversized bodies, unknown and
// malformed ids, and people without the right. Each gets a clear 4xx and changes nothing at all
// (no account, session, token or district link appears, changes or goes); the server stays up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, TEST_PASSWORD } from "../support/accounts.ts";
import { battery, type Hostile } from "../support/hostile.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let editor: string;
let leader: string;
let editorId: number;
let selfId: number;
let tokenId: number;
/** An active unit of the demo province (the pre-2025 districts are retired: no editor may get one). */
let unitId: number;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 30 });
  unitId = (await server.districts()).find((d) => d.active)!.id;
  editor = await server.cookieOf("Biên tập", { role: "EDITOR", districtIds: [unitId] });
  leader = await server.cookieOf("Lãnh đạo", { role: "LEADER" });
  const me = await server.api("/api/me");
  selfId = (me.body as { id: number }).id;
  editorId = ((await server.api("/api/me", { headers: { cookie: editor } })).body as { id: number }).id;
  const issued = await server.api("/api/display-tokens", { method: "POST", json: { label: "Sảnh" } });
  tokenId = (issued.body as { id: number }).id;
});
afterAll(async () => {
  await server?.close();
});

const post = (path: string, json: unknown, headers?: Record<string, string>) =>
  server.api(path, { method: "POST", json, ...(headers ? { headers } : {}) });
const patch = (path: string, json: unknown, headers?: Record<string, string>) =>
  server.api(path, { method: "PATCH", json, ...(headers ? { headers } : {}) });
const raw = (method: string, path: string, body: string) =>
  server.api(path, { method, body, headers: { "content-type": "application/json" } });
const login = (json: unknown) => server.api("/api/auth/login", { method: "POST", json, auth: false });
const newUser = (over: Record<string, unknown> = {}) => ({
  username: "nguoi.moi",
  displayName: "Người mới",
  password: TEST_PASSWORD,
  role: "EDITOR",
  districtIds: [unitId],
  ...over,
});

const logins: Hostile[] = [
  { story: "login: an empty body", send: () => login({}), status: 400, code: "VALIDATION" },
  {
    story: "login: numbers for text",
    send: () => login({ username: 1, password: 2 }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "login: an extra field (role)",
    send: () => login({ username: "admin", password: "x", role: "ADMIN" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "login: a huge username",
    send: () => login({ username: "a".repeat(10_000), password: "x" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "login: a huge password",
    send: () => login({ username: "admin", password: "p".repeat(90_000) }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "login: an SQL fragment for a username",
    send: () => login({ username: "admin' OR '1'='1' --", password: "anything" }),
    status: 401,
    code: "UNAUTHORIZED",
  },
  {
    story: "login: an operator object for a password",
    send: () => login({ username: "admin", password: { $ne: "" } }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "login: the right username, a wrong password",
    send: () => login({ username: "leader", password: "wrong-password-1" }),
    status: 401,
    code: "UNAUTHORIZED",
  },
  {
    story: "login: a user who does not exist",
    send: () => login({ username: "không.có", password: "wrong-password-1" }),
    status: 401,
    code: "UNAUTHORIZED",
  },
  {
    story: "login: malformed JSON",
    send: () =>
      server.api("/api/auth/login", {
        method: "POST",
        body: '{"username": "admin", ',
        headers: { "content-type": "application/json" },
        auth: false,
      }),
    status: 400,
    code: "BAD_JSON",
  },
  {
    story: "login: a body of 1 MB",
    send: () => login({ username: "admin", password: "x".repeat(1_000_000) }),
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    story: "login: from another site's page",
    send: () =>
      server.api("/api/auth/login", {
        method: "POST",
        json: { username: "admin", password: "x" },
        headers: { origin: "https://evil.example" },
        auth: false,
      }),
    status: 403,
    code: "FORBIDDEN",
  },
  { story: "logout: malformed JSON", send: () => raw("POST", "/api/auth/logout", "{"), status: 400, code: "BAD_JSON" },
  {
    story: "logout: from another site's page",
    send: () => server.api("/api/auth/logout", { method: "POST", headers: { origin: "https://evil.example" } }),
    status: 403,
    code: "FORBIDDEN",
  },
];

const passwords: Hostile[] = [
  { story: "password: missing fields", send: () => post("/api/me/password", {}), status: 400, code: "VALIDATION" },
  {
    story: "password: a new one too short",
    send: () => post("/api/me/password", { currentPassword: TEST_PASSWORD, newPassword: "short" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "password: a wrong current one",
    send: () => post("/api/me/password", { currentPassword: "not-my-password", newPassword: "a-brand-new-password" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "password: an extra field (userId)",
    send: () =>
      post("/api/me/password", { currentPassword: TEST_PASSWORD, newPassword: "a-brand-new-password", userId: 1 }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "password: a display token cannot have one",
    send: () =>
      server.api("/api/me/password", {
        method: "POST",
        json: { currentPassword: "x", newPassword: "a-brand-new-password" },
        headers: { authorization: "Bearer not-a-token" },
      }),
    status: 401,
    code: "UNAUTHORIZED",
  },
];

const users: Hostile[] = [
  { story: "users: an empty body", send: () => post("/api/users", {}), status: 400, code: "VALIDATION" },
  {
    story: "users: an unknown role",
    send: () => post("/api/users", newUser({ role: "ROOT" })),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "users: HTML in a username",
    send: () => post("/api/users", newUser({ username: "<script>alert(1)</script>" })),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "users: an SQL fragment in a username",
    send: () => post("/api/users", newUser({ username: 'x\'; DROP TABLE "User";--' })),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "users: unicode in a username",
    send: () => post("/api/users", newUser({ username: "nguyễn" })),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "users: a lone surrogate in a display name",
    send: () => post("/api/users", newUser({ displayName: "A\ud83d" })),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "users: a control character in a display name",
    send: () => post("/api/users", newUser({ displayName: "A\u001bB" })),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "users: a short password",
    send: () => post("/api/users", newUser({ password: "123" })),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "users: negative district ids",
    send: () => post("/api/users", newUser({ districtIds: [-1] })),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "users: a district that does not exist",
    send: () => post("/api/users", newUser({ districtIds: [2_000_000] })),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "users: 10,000 district ids",
    send: () => post("/api/users", newUser({ districtIds: Array.from({ length: 10_000 }, (_, i) => i + 1) })),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "users: an extra field (passwordHash)",
    send: () => post("/api/users", newUser({ passwordHash: "$argon2id$..." })),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "users: a username already taken",
    send: () => post("/api/users", newUser({ username: "admin" })),
    status: 409,
    code: "CONFLICT",
  },
  {
    story: "users: an editor making an account",
    send: () => post("/api/users", newUser(), { cookie: editor }),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "users: a leader making an administrator",
    send: () => post("/api/users", newUser({ role: "ADMIN" }), { cookie: leader }),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "user change: an unknown id",
    send: () => patch("/api/users/2147483647", { displayName: "X" }),
    status: 404,
    code: "NOT_FOUND",
  },
  {
    story: "user change: a malformed id",
    send: () => patch("/api/users/1;DROP", { displayName: "X" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "user change: an unknown role",
    send: () => patch(`/api/users/${editorId}`, { role: "SUPERUSER" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "user change: disabled as text",
    send: () => patch(`/api/users/${editorId}`, { disabled: "true" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "user change: an extra field (username)",
    send: () => patch(`/api/users/${editorId}`, { username: "renamed" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "user change: an administrator demoting himself",
    send: () => patch(`/api/users/${selfId}`, { role: "LEADER" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "user change: an administrator disabling himself",
    send: () => patch(`/api/users/${selfId}`, { disabled: true }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "user change: an editor promoting himself",
    send: () => patch(`/api/users/${editorId}`, { role: "ADMIN" }, { cookie: editor }),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "user change: an editor widening his own districts",
    send: () => patch(`/api/users/${editorId}`, { districtIds: [1, 2, 3] }, { cookie: editor }),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "user change: malformed JSON",
    send: () => raw("PATCH", `/api/users/${editorId}`, '{"role":'),
    status: 400,
    code: "BAD_JSON",
  },
];

const tokens: Hostile[] = [
  { story: "token: no label", send: () => post("/api/display-tokens", {}), status: 400, code: "VALIDATION" },
  {
    story: "token: a label of 10,000 characters",
    send: () => post("/api/display-tokens", { label: "L".repeat(10_000) }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "token: a label that is a number",
    send: () => post("/api/display-tokens", { label: 42 }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "token: an extra field (token)",
    send: () => post("/api/display-tokens", { label: "Sảnh", token: "chosen-by-me" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "token: a leader issuing one",
    send: () => post("/api/display-tokens", { label: "Sảnh" }, { cookie: leader }),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "token: a display token issuing one",
    send: () =>
      server.api("/api/display-tokens", {
        method: "POST",
        json: { label: "X" },
        headers: { authorization: "Bearer forged" },
      }),
    status: 401,
    code: "UNAUTHORIZED",
  },
  {
    story: "revoke: an unknown id",
    send: () => server.api("/api/display-tokens/2147483647", { method: "DELETE" }),
    status: 404,
    code: "NOT_FOUND",
  },
  {
    story: "revoke: a malformed id",
    send: () => server.api("/api/display-tokens/..%2F1", { method: "DELETE" }),
    status: 400,
    code: "VALIDATION",
  },
  {
    story: "revoke: an editor revoking one",
    send: () => server.api(`/api/display-tokens/${tokenId}`, { method: "DELETE", headers: { cookie: editor } }),
    status: 403,
    code: "FORBIDDEN",
  },
  {
    story: "an unknown write route",
    send: () => post("/api/admin/eval", { code: "process.exit(1)" }),
    status: 404,
    code: "NOT_FOUND",
  },
];

battery("hostile logins and logouts are refused and change nothing", logins, () => server);
battery("hostile password changes are refused and change nothing", passwords, () => server);
battery("hostile account management is refused and changes nothing", users, () => server);
battery("hostile display-token requests are refused and change nothing", tokens, () => server);

describe("after the battery", () => {
  it("the server is up, logins work, and the administrator still manages accounts", async () => {
    expect((await server.api("/api/health", { auth: false })).status).toBe(200);
    expect((await login({ username: "admin", password: DEMO_PASSWORD })).status).toBe(200);
    expect((await post("/api/users", newUser())).status).toBe(201);
    expect((await server.api(`/api/display-tokens/${tokenId}`, { method: "DELETE" })).status).toBe(200);
  });
});
