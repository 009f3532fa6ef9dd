// A malformed address (a broken percent-escape) or a broken body is the caller's mistake: a 4xx in
// our one error shape, not a 500. And the server's log, which operators read and ship elsewhere,
// never holds a display token, a session cookie or an Authorization header. The server runs as a
// real process so the test reads the log an operator would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../contract/errors.ts";
import { redactUrl } from "../../server/http/errors.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { serverHome, type ServerHome } from "../faults/support/server-process.ts";

let home: ServerHome;
let cookie: string;
let token: string;
beforeAll(async () => {
  home = await serverHome({ SEED_ENTERPRISES: "30", LOG_LEVEL: "info" });
  await home.start();
  cookie = await login(home.url, "admin", DEMO_PASSWORD);
  const issued = await fetch(`${home.url}/api/display-tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ label: "Sảnh chính" }),
  });
  token = ((await issued.json()) as { token: string }).token;
}, 90_000);
afterAll(async () => {
  await home?.remove();
});

/** What the log must never hold: the token, the session secret, or any part long enough to use. */
function expectNoSecretsIn(log: string) {
  expect(log).not.toContain(token);
  expect(log).not.toContain(token.slice(0, 16));
  const session = cookie.split("=")[1]!;
  expect(log).not.toContain(session.slice(0, 16));
}

describe("a malformed request", () => {
  it.each([
    ["a display token in the address", () => fetch(`${home.url}/api/enterprises/%E0%A4%A?token=${token}`)],
    [
      "a display token in Authorization",
      () => fetch(`${home.url}/api/enterprises/%E0%A4%A`, { headers: { authorization: `Bearer ${token}` } }),
    ],
    ["a session cookie", () => fetch(`${home.url}/api/enterprises/%E0%A4%A?x=1`, { headers: { cookie } })],
    ["a deeper path", () => fetch(`${home.url}/api/enterprises/%E0%A4%A/history?token=${token}`)],
  ])("with %s gets a 400 in the error shape, and the log keeps no secret", async (_story, send) => {
    const before = home.output().length;
    const res = await send();
    expect(res.status).toBe(400);
    const body = ApiError.parse(await res.json());
    expect(body.error.code).toBe("VALIDATION");
    await new Promise((r) => setTimeout(r, 200)); // let the child's stderr arrive
    const log = home.output().slice(before);
    expect(log).not.toMatch(/URIError|at .*\.js:\d+/);
    expectNoSecretsIn(home.output());
  });

  it("with a body the JSON parser refuses gets a 400 and the log keeps no secret", async () => {
    const res = await fetch(`${home.url}/api/enterprises?token=${token}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(ApiError.parse(await res.json()).error.code).toBe("BAD_JSON");
    expectNoSecretsIn(home.output());
  });
});

describe("an address written to the log", () => {
  it("has its token (and any other credential in the query) replaced", () => {
    expect(redactUrl("/api/stats?district=1&token=abc.DEF-123&x=2")).toBe("/api/stats?district=1&token=[redacted]&x=2");
    expect(redactUrl("/wall?TOKEN=abc")).toBe("/wall?TOKEN=[redacted]");
    expect(redactUrl("/socket.io/?EIO=4&token=%41bc&transport=polling")).toBe(
      "/socket.io/?EIO=4&token=[redacted]&transport=polling",
    );
    expect(redactUrl("/api/x?access_token=a&password=b")).toBe("/api/x?access_token=[redacted]&password=[redacted]");
    expect(redactUrl("/api/enterprises/7")).toBe("/api/enterprises/7");
  });
});
