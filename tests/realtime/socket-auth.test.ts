// The live feed asks what the API asks: a session cookie or a display token. A connection whose
// session or token ends is closed at once; no socket event writes anything.
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DisplayTokenIssued } from "../../contract/accounts.ts";
import { UserView } from "../../contract/accounts.ts";
import { DEMO_PASSWORD, TEST_PASSWORD, login } from "../support/accounts.ts";
import { openDashboard, sleep, type Dashboard } from "../support/live.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
const open: Dashboard[] = [];
beforeAll(async () => {
  server = await startTestServer({ enterprises: 40 });
});
afterAll(async () => {
  for (const d of open) d.close();
  await server?.close();
});

async function dashboard(auth: { cookie?: string; token?: string }) {
  const d = await openDashboard(server.url, auth);
  open.push(d);
  return d;
}
const closed = (d: Dashboard) =>
  new Promise<string>((resolve) => {
    if (!d.socket.connected) resolve("already");
    d.socket.once("disconnect", (reason) => resolve(reason));
  });

describe("connecting to the live feed", () => {
  it("without a cookie or token the handshake is refused", async () => {
    await expect(openDashboard(server.url)).rejects.toThrow(/UNAUTHORIZED/);
    await expect(openDashboard(server.url, { token: "made-up-token" })).rejects.toThrow(/UNAUTHORIZED/);
    await expect(openDashboard(server.url, { cookie: "up_session=forged" })).rejects.toThrow(/UNAUTHORIZED/);
  });

  it("a session cookie or a display token connects and subscribes", async () => {
    const viaCookie = await dashboard({ cookie: await login(server.url, "leader", DEMO_PASSWORD) });
    expect((await viaCookie.follow({})).stats.totals.enterprises).toBeGreaterThan(0);
    const issued = DisplayTokenIssued.parse(
      (
        await server.api("/api/display-tokens", {
          method: "POST",
          json: { label: "TV" },
          headers: { cookie: await server.adminCookie() },
        })
      ).body,
    );
    const viaToken = await dashboard({ token: issued.token });
    expect((await viaToken.follow({ nonState: "true" })).stats.totals.enterprises).toBeGreaterThan(0);
  });

  it("a cookie-carrying connection from another site's page is refused", async () => {
    const cookie = await login(server.url, "leader", DEMO_PASSWORD);
    const socket = io(server.url, {
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie, origin: "https://evil.example" },
    });
    const err = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
    socket.close();
    expect(err.message).toMatch(/FORBIDDEN/);
  });
});

describe("ended sessions close live connections", () => {
  it("disabling a user disconnects his sockets, and he cannot reconnect", async () => {
    const username = `live${Date.now().toString(36)}`;
    const u = UserView.parse(
      (
        await server.api("/api/users", {
          method: "POST",
          json: { username, displayName: "Xem trực tiếp", password: TEST_PASSWORD, role: "ANALYST" },
          headers: { cookie: await server.adminCookie() },
        })
      ).body,
    );
    const cookie = await login(server.url, username, TEST_PASSWORD);
    const d = await dashboard({ cookie });
    await d.follow({});
    const gone = closed(d);
    expect(
      (
        await server.api(`/api/users/${u.id}`, {
          method: "PATCH",
          json: { disabled: true },
          headers: { cookie: await server.adminCookie() },
        })
      ).status,
    ).toBe(200);
    expect(await gone).toBe("io server disconnect");
    await expect(openDashboard(server.url, { cookie })).rejects.toThrow(/UNAUTHORIZED/);
  });

  it("logging out disconnects that session's sockets only", async () => {
    const a = await login(server.url, "analyst", DEMO_PASSWORD);
    const b = await login(server.url, "analyst", DEMO_PASSWORD);
    const da = await dashboard({ cookie: a });
    const db = await dashboard({ cookie: b });
    const gone = closed(da);
    await fetch(`${server.url}/api/auth/logout`, { method: "POST", headers: { cookie: a } });
    expect(await gone).toBe("io server disconnect");
    await sleep(100);
    expect(db.socket.connected).toBe(true);
  });

  it("revoking a display token disconnects the displays using it", async () => {
    const admin = { cookie: await server.adminCookie() };
    const issued = DisplayTokenIssued.parse(
      (await server.api("/api/display-tokens", { method: "POST", json: { label: "TV 2" }, headers: admin })).body,
    );
    const d = await dashboard({ token: issued.token });
    await d.follow({});
    const gone = closed(d);
    await server.api(`/api/display-tokens/${issued.id}`, { method: "DELETE", headers: admin });
    expect(await gone).toBe("io server disconnect");
  });
});

describe("no socket event writes", () => {
  it("an editor emitting made-up write events changes nothing", async () => {
    const e = (await server.enterprises())[0]!;
    const cookie = await login(server.url, "editor.ap02", DEMO_PASSWORD);
    const d = await dashboard({ cookie });
    const logBefore = await server.db.changeLog.count();
    const raw = d.socket as unknown as { emit(ev: string, ...args: unknown[]): void };
    for (const ev of ["update", "patch", "save", "enterprise:update", "create"])
      raw.emit(ev, { id: e.id, version: e.version, unionMembers: 0, districtId: 1 });
    await sleep(200);
    expect(await server.enterprise(e.id)).toEqual(e);
    expect(await server.db.changeLog.count()).toBe(logBefore);
  });
});
