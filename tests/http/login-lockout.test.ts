// Nobody can lock an account's owner out by guessing his password (issue 14, finding 3): the guesser
// is stopped at his own address, the owner still logs in from his. Behind a proxy the address is the
// real client's, read from X-Forwarded-For only when the peer is a proxy named in TRUST_PROXY.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserView } from "../../contract/accounts.ts";
import { MAX_FAILURES, SLOW_AFTER } from "../../server/http/login-limiter.ts";
import { TEST_PASSWORD } from "../support/accounts.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

const ATTACKER = ["203.0.113.9", "203.0.113.10", "203.0.113.11"];
const OWNER = "198.51.100.7";

let behindProxy: TestServer; // TRUST_PROXY=loopback: the test plays nginx on this machine
let otherProxy: TestServer; // TRUST_PROXY names another address: this peer's X-Forwarded-For is not believed
beforeAll(async () => {
  [behindProxy, otherProxy] = await Promise.all([
    startTestServer({ enterprises: 20, env: { TRUST_PROXY: "loopback" } }),
    startTestServer({ enterprises: 20, env: { TRUST_PROXY: "192.0.2.1" } }),
  ]);
});
afterAll(async () => {
  await Promise.all([behindProxy?.close(), otherProxy?.close()]);
});

async function newUser(server: TestServer) {
  const username = `u${Math.random().toString(36).slice(2, 10)}`;
  const r = await server.api("/api/users", {
    method: "POST",
    json: { username, displayName: `Người ${username}`, password: TEST_PASSWORD, role: "LEADER" },
    headers: { cookie: await server.adminCookie() },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return UserView.parse(r.body).username;
}

const loginFrom = (server: TestServer, forwardedFor: string, username: string, password: string) =>
  fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ username, password }),
  });

describe("an attacker guessing a password", () => {
  it("is stopped at his address, while the owner logs in with the right password from his own", async () => {
    const username = await newUser(behindProxy);
    for (let i = 0; i < MAX_FAILURES; i++)
      expect((await loginFrom(behindProxy, ATTACKER[0]!, username, `wrong-${i}`)).status).toBe(401);
    const stopped = await loginFrom(behindProxy, ATTACKER[0]!, username, TEST_PASSWORD);
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await loginFrom(behindProxy, OWNER, username, TEST_PASSWORD)).status).toBe(200);
  });

  it("spread over several addresses, he only slows the owner down, never locks him out", async () => {
    const username = await newUser(behindProxy);
    for (const address of ATTACKER)
      for (let i = 0; i < MAX_FAILURES; i++) await loginFrom(behindProxy, address, username, `wrong-${i}`);
    expect(ATTACKER.length * MAX_FAILURES).toBeGreaterThan(SLOW_AFTER);
    const t = Date.now();
    const owner = await loginFrom(behindProxy, OWNER, username, TEST_PASSWORD);
    expect(owner.status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(1000); // held back: guessing costs him time too
    for (const address of ATTACKER)
      expect((await loginFrom(behindProxy, address, username, TEST_PASSWORD)).status).toBe(429);
  });
});

describe("X-Forwarded-For from a peer that is not a named proxy", () => {
  it("is ignored: the limit counts the peer's own address, so a forged header buys no new tries", async () => {
    const username = await newUser(otherProxy);
    for (let i = 0; i < MAX_FAILURES; i++)
      expect((await loginFrom(otherProxy, `203.0.113.${20 + i}`, username, `wrong-${i}`)).status).toBe(401);
    expect((await loginFrom(otherProxy, OWNER, username, TEST_PASSWORD)).status).toBe(429);
  });
});
