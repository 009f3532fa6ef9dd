// Logging in and out through the real app: the cookie, wrong passwords, the rate limit, and how a
// changed password or a disabled account ends sessions; display tokens read and never write.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Me, UserView, DisplayTokenIssued } from "../../contract/accounts.ts";
import { DEMO_PASSWORD, TEST_PASSWORD, sessionCookieOf } from "../support/accounts.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 40 });
});
afterAll(async () => {
  await server?.close();
});

const loginRaw = (username: string, password: string) =>
  fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
const asCookie = (cookie: string) => ({ headers: { cookie } });
async function newUser(over: Record<string, unknown> = {}) {
  const username = `u${Math.random().toString(36).slice(2, 10)}`;
  const r = await server.api("/api/users", {
    method: "POST",
    json: { username, displayName: `Người ${username}`, password: TEST_PASSWORD, role: "LEADER", ...over },
    headers: { cookie: await server.adminCookie() },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return UserView.parse(r.body);
}
async function loginCookie(username: string, password = TEST_PASSWORD) {
  const res = await loginRaw(username, password);
  expect(res.status).toBe(200);
  return sessionCookieOf(res)!;
}

describe("logging in", () => {
  it("a demo account logs in: 200 with who it is, and an httpOnly, SameSite session cookie", async () => {
    const res = await loginRaw("leader", DEMO_PASSWORD);
    expect(res.status).toBe(200);
    expect(Me.parse(await res.json())).toMatchObject({ kind: "user", username: "leader", role: "LEADER" });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("up_session="))!;
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    const me = await server.api("/api/me", asCookie(sessionCookieOf(res)!));
    expect(me.status).toBe(200);
    expect(Me.parse(me.body).username).toBe("leader");
  });

  it("the session table keeps a digest, never the cookie's secret", async () => {
    const cookie = await loginCookie((await newUser()).username);
    const secret = cookie.slice("up_session=".length);
    expect(await server.db.session.findUnique({ where: { id: secret } })).toBeNull();
    expect(await server.db.session.count()).toBeGreaterThan(0);
  });

  it("a wrong password or an unknown user is 401 with the same message, and sets no cookie", async () => {
    const wrong = await loginRaw("analyst", "not-the-password");
    const unknown = await loginRaw("nobody-here", "whatever-123");
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(sessionCookieOf(res)).toBeNull();
    }
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe(
      ((await unknown.json()) as { error: { message: string } }).error.message,
    );
  });

  it("without a session, the API answers 401 — except health, readiness, the OpenAPI document and login", async () => {
    for (const p of [
      "/api/me",
      "/api/enterprises",
      "/api/stats",
      "/api/districts",
      "/api/changes",
      "/api/enterprises/1/history",
    ]) {
      const r = await server.api(p, { auth: false });
      expect(r.status, p).toBe(401);
      expect(errorOf(r).code, p).toBe("UNAUTHORIZED");
    }
    for (const p of ["/api/health", "/api/ready", "/api/openapi.json"])
      expect((await server.api(p, { auth: false })).status, p).toBe(200);
    const e = (await server.enterprises())[0]!;
    const write = await server.api(`/api/enterprises/${e.id}`, {
      method: "PATCH",
      json: { version: e.version, initiatives: 1 },
      auth: false,
    });
    expect(write.status).toBe(401);
  });

  it("a garbage or forged cookie is 401", async () => {
    for (const cookie of ["up_session=", "up_session=abc", `up_session=${"A".repeat(43)}`]) {
      expect((await server.api("/api/me", asCookie(cookie))).status, cookie).toBe(401);
    }
  });

  it("after 5 failed attempts the 6th is refused with 429 and Retry-After, even with the right password", async () => {
    const u = await newUser();
    for (let i = 0; i < 5; i++) expect((await loginRaw(u.username, `wrong-password-${i}`)).status).toBe(401);
    const limited = await loginRaw(u.username, TEST_PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    // another account from the same address is not locked out by these
    expect((await loginRaw("leader", DEMO_PASSWORD)).status).toBe(200);
  });

  it("logging out ends the session: the old cookie is 401 afterwards, and the cookie is cleared", async () => {
    const cookie = await loginCookie((await newUser()).username);
    expect((await server.api("/api/me", asCookie(cookie))).status).toBe(200);
    const out = await fetch(`${server.url}/api/auth/logout`, { method: "POST", headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => /^up_session=;/.test(c))).toBe(true);
    expect((await server.api("/api/me", asCookie(cookie))).status).toBe(401);
  });
});

describe("ending sessions", () => {
  it("disabling a user ends every session he has at once", async () => {
    const u = await newUser({ role: "ANALYST" });
    const [a, b] = [await loginCookie(u.username), await loginCookie(u.username)];
    expect((await server.api("/api/enterprises?pageSize=1", asCookie(a))).status).toBe(200);
    const r = await server.api(`/api/users/${u.id}`, {
      method: "PATCH",
      json: { disabled: true },
      headers: { cookie: await server.adminCookie() },
    });
    expect(r.status).toBe(200);
    for (const c of [a, b]) expect((await server.api("/api/enterprises?pageSize=1", asCookie(c))).status).toBe(401);
    expect((await loginRaw(u.username, TEST_PASSWORD)).status).toBe(401);
  });

  it("an administrator resetting the password ends the user's sessions; the new password works", async () => {
    const u = await newUser();
    const old = await loginCookie(u.username);
    const r = await server.api(`/api/users/${u.id}`, {
      method: "PATCH",
      json: { password: "a-brand-new-password" },
      headers: { cookie: await server.adminCookie() },
    });
    expect(r.status).toBe(200);
    expect((await server.api("/api/me", asCookie(old))).status).toBe(401);
    expect((await loginRaw(u.username, TEST_PASSWORD)).status).toBe(401);
    expect((await loginRaw(u.username, "a-brand-new-password")).status).toBe(200);
  });

  it("changing one's own password ends one's other sessions and keeps this one", async () => {
    const u = await newUser();
    const here = await loginCookie(u.username);
    const elsewhere = await loginCookie(u.username);
    const bad = await server.api("/api/me/password", {
      method: "POST",
      json: { currentPassword: "wrong-one-xx", newPassword: "another-new-password" },
      headers: { cookie: here },
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).fields).toHaveProperty("currentPassword");
    const ok = await server.api("/api/me/password", {
      method: "POST",
      json: { currentPassword: TEST_PASSWORD, newPassword: "another-new-password" },
      headers: { cookie: here },
    });
    expect(ok.status).toBe(204);
    expect((await server.api("/api/me", asCookie(here))).status).toBe(200);
    expect((await server.api("/api/me", asCookie(elsewhere))).status).toBe(401);
  });
});

describe("account management is the administrator's", () => {
  it("leaders, analysts and editors get 403 on users and display tokens; the lists answer the administrator", async () => {
    for (const name of ["leader", "analyst", "editor.ap01"]) {
      const cookie = await loginCookie(name, DEMO_PASSWORD);
      expect((await server.api("/api/users", asCookie(cookie))).status, name).toBe(403);
      expect(
        (
          await server.api("/api/users", {
            method: "POST",
            json: { username: "x1", displayName: "x", password: TEST_PASSWORD, role: "ADMIN" },
            headers: { cookie },
          })
        ).status,
        name,
      ).toBe(403);
      expect(
        (await server.api("/api/display-tokens", { method: "POST", json: { label: "TV" }, headers: { cookie } }))
          .status,
        name,
      ).toBe(403);
    }
    const admin = { cookie: await server.adminCookie() };
    expect((await server.api("/api/users", { headers: admin })).status).toBe(200);
    expect((await server.api("/api/display-tokens", { headers: admin })).status).toBe(200);
  });

  it("a taken username is 409; a weak password or an unknown role is 400 naming the field", async () => {
    const admin = { cookie: await server.adminCookie() };
    expect(
      (
        await server.api("/api/users", {
          method: "POST",
          json: { username: "leader", displayName: "x", password: TEST_PASSWORD, role: "LEADER" },
          headers: admin,
        })
      ).status,
    ).toBe(409);
    const weak = await server.api("/api/users", {
      method: "POST",
      json: { username: "weak1", displayName: "x", password: "short", role: "SUPER" },
      headers: admin,
    });
    expect(weak.status).toBe(400);
    expect(Object.keys(errorOf(weak).fields!).sort()).toEqual(["password", "role"]);
  });
});

describe("wall display tokens", () => {
  it("a token is shown once, reads figures and lists, cannot write, and stops working once revoked", async () => {
    const admin = { cookie: await server.adminCookie() };
    const issued = await server.api("/api/display-tokens", {
      method: "POST",
      json: { label: "Màn hình hội trường" },
      headers: admin,
    });
    expect(issued.status).toBe(201);
    const { token, id } = DisplayTokenIssued.parse(issued.body);
    const listed = await server.api("/api/display-tokens", { headers: admin });
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(await server.db.displayToken.count({ where: { tokenHash: token } })).toBe(0);

    const bearer = { authorization: `Bearer ${token}` };
    expect((await server.api("/api/stats", { headers: bearer })).status).toBe(200);
    expect((await server.api(`/api/stats?token=${token}`, { auth: false })).status).toBe(200);
    expect(Me.parse((await server.api("/api/me", { headers: bearer })).body)).toMatchObject({
      kind: "display",
      role: "DISPLAY",
    });
    const e = (await server.enterprises())[0]!;
    const logBefore = await server.db.changeLog.count();
    const write = await server.api(`/api/enterprises/${e.id}`, {
      method: "PATCH",
      json: { version: e.version, initiatives: e.initiatives + 1 },
      headers: bearer,
    });
    expect(write.status).toBe(403);
    expect(await server.db.changeLog.count()).toBe(logBefore);
    expect((await server.api("/api/users", { headers: bearer })).status).toBe(403);

    expect((await server.api(`/api/display-tokens/${id}`, { method: "DELETE", headers: admin })).status).toBe(200);
    expect((await server.api("/api/stats", { headers: bearer })).status).toBe(401);
    expect((await server.api(`/api/stats?token=${token}`, { auth: false })).status).toBe(401);
  });
});
