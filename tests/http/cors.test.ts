// Cross-origin access is off by default: another site's page gets no Access-Control-Allow-Origin
// from the API or Socket.io, cannot write with a visitor's cookie, and cannot open a live
// connection with it. Origins in CORS_ORIGINS may, for the API and Socket.io alike.
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

const FRIEND = "https://bao-cao.example.vn";
const STRANGER = "https://evil.example";
let closed: TestServer;
let open: TestServer;
beforeAll(async () => {
  [closed, open] = await Promise.all([
    startTestServer({ enterprises: 30 }),
    startTestServer({ enterprises: 30, env: { CORS_ORIGINS: `${FRIEND}, http://127.0.0.1:5173` } }),
  ]);
});
afterAll(async () => {
  await Promise.all([closed?.close(), open?.close()]);
});

const preflight = (s: TestServer, origin: string) =>
  fetch(`${s.url}/api/enterprises/1`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "PATCH", "access-control-request-headers": "content-type" },
  });
const pollingHandshake = (s: TestServer, origin: string) =>
  fetch(`${s.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });

/** Resolves "connected" or the connect error's message. */
function connectWith(url: string, cookie: string, origin: string): Promise<string> {
  const socket = io(url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie, origin },
  });
  return new Promise((resolve) => {
    socket.on("connect", () => {
      socket.disconnect();
      resolve("connected");
    });
    socket.on("connect_error", (e) => {
      socket.disconnect();
      resolve(e.message);
    });
  });
}

describe("cross-origin access", () => {
  it("CORS_ORIGINS is a list of origins, empty by default, and anything else is refused at start", () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: " https://a.example , http://b.example:8080 " }).corsOrigins).toEqual([
      "https://a.example",
      "http://b.example:8080",
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: "https://a.example/path" })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: "*" })).toThrow(/CORS_ORIGINS/);
  });

  it("by default no answer, preflight or Socket.io handshake carries Access-Control-Allow-Origin", async () => {
    const read = await closed.api("/api/stats", { headers: { origin: STRANGER } });
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
    expect((await preflight(closed, STRANGER)).headers.get("access-control-allow-origin")).toBeNull();
    expect((await pollingHandshake(closed, STRANGER)).headers.get("access-control-allow-origin")).toBeNull();
    // Not even for an origin another server would allow.
    expect((await preflight(closed, FRIEND)).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a write with a visitor's cookie from another site is refused and changes nothing", async () => {
    const [e] = await closed.enterprises();
    const r = await closed.patch(e!.id, { version: e!.version, initiatives: e!.initiatives + 1 }, { origin: STRANGER });
    expect(r.status).toBe(403);
    expect(errorOf(r).code).toBe("FORBIDDEN");
    expect(await closed.enterprise(e!.id)).toEqual(e);
  });

  it("a live connection with a visitor's cookie from another site is refused; from our own page it is accepted", async () => {
    const cookie = await closed.adminCookie();
    expect(await connectWith(closed.url, cookie, STRANGER)).toMatch(/FORBIDDEN/);
    expect(await connectWith(closed.url, cookie, closed.url)).toBe("connected");
  });

  it("an allowed origin gets CORS headers with credentials, may write and connect; a stranger still may not", async () => {
    const pre = await preflight(open, FRIEND);
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(FRIEND);
    expect(pre.headers.get("access-control-allow-credentials")).toBe("true");
    expect(pre.headers.get("access-control-allow-methods")).toContain("PATCH");
    expect((await pollingHandshake(open, FRIEND)).headers.get("access-control-allow-origin")).toBe(FRIEND);

    const [e] = await open.enterprises();
    const r = await open.patch(e!.id, { version: e!.version, initiatives: e!.initiatives + 1 }, { origin: FRIEND });
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBe(FRIEND);
    const cookie = await open.adminCookie();
    expect(await connectWith(open.url, cookie, FRIEND)).toBe("connected");

    expect((await preflight(open, STRANGER)).headers.get("access-control-allow-origin")).toBeNull();
    expect((await pollingHandshake(open, STRANGER)).headers.get("access-control-allow-origin")).toBeNull();
    expect((await open.patch(e!.id, { version: e!.version + 1, initiatives: 0 }, { origin: STRANGER })).status).toBe(
      403,
    );
    expect(await connectWith(open.url, cookie, STRANGER)).toMatch(/FORBIDDEN/);
  });
});
