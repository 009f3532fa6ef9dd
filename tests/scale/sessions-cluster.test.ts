// Sessions are cached in each process for a few seconds, so what ends one must reach every process:
// a password changed, a user disabled or a logout through process A ends the session on process B at
// once (its next request is 401 and its live connection closes), not when B's cache or its 30-second
// socket re-check would notice.
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents } from "../../contract/events.ts";
import { DEMO_PASSWORD, login, TEST_PASSWORD } from "../support/accounts.ts";
import { createTestDatabase, type TestDatabase } from "./support/postgres.ts";
import { startBuiltServer, stop, type ServerProcess } from "./support/processes.ts";
import { deleteKeys, REDIS_URL, testPrefix } from "./support/redis.ts";

/** Well under the 10 s session cache and the 30 s socket re-check: only the cluster message is that fast. */
const AT_ONCE_MS = 3000;

let db: TestDatabase;
let prefix: string;
let a: ServerProcess;
let b: ServerProcess;
let adminOnA: string;

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testPrefix();
  const env = { DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: prefix, SEED_ENTERPRISES: "50" };
  a = await startBuiltServer(env); // alone first: it migrates and seeds, once
  b = await startBuiltServer(env);
  adminOnA = await login(a.url, "admin", DEMO_PASSWORD);
});

afterAll(async () => {
  await Promise.all([a, b].map((p) => stop(p)));
  await db?.drop();
  if (prefix) await deleteKeys(prefix);
});

let made = 0;
async function newLeader(): Promise<{ id: number; username: string }> {
  const username = `s${++made}-${Date.now().toString(36)}`;
  const res = await fetch(`${a.url}/api/users`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: adminOnA },
    body: JSON.stringify({ username, displayName: username, password: TEST_PASSWORD, role: "LEADER" }),
  });
  expect(res.status).toBe(201);
  return { id: ((await res.json()) as { id: number }).id, username };
}

const me = (base: string, cookie: string) => fetch(`${base}/api/me`, { headers: { cookie } }).then((r) => r.status);

/** A dashboard's live connection on `base`, and a promise of the moment it was closed by the server. */
async function liveConnection(base: string, cookie: string) {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(base, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const closed = new Promise<number>((resolve) => socket.once("disconnect", () => resolve(performance.now())));
  return { closed, close: () => socket.close() };
}

/** Polls until `base` answers 401 for the cookie; the time it took, or Infinity. */
async function endedWithin(base: string, cookie: string, since: number, limitMs: number): Promise<number> {
  for (;;) {
    if ((await me(base, cookie)) === 401) return performance.now() - since;
    if (performance.now() - since > limitMs) return Infinity;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Signs in on B, uses the session there twice (so B has it cached) and opens a live connection on B. */
async function cachedOnB(username: string) {
  const cookie = await login(b.url, username, TEST_PASSWORD);
  expect(await me(b.url, cookie)).toBe(200);
  expect(await me(b.url, cookie)).toBe(200);
  return { cookie, live: await liveConnection(b.url, cookie) };
}

describe("ending a session through one process ends it in the other at once", () => {
  it("a password changed through A: the user's session on B is refused and its live connection closed", async () => {
    const u = await newLeader();
    const onB = await cachedOnB(u.username);
    try {
      const onA = await login(a.url, u.username, TEST_PASSWORD);
      const res = await fetch(`${a.url}/api/me/password`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: onA },
        body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: "a-new-password-456" }),
      });
      const t0 = performance.now();
      expect(res.status).toBeLessThan(300);
      expect(await endedWithin(b.url, onB.cookie, t0, AT_ONCE_MS)).toBeLessThan(AT_ONCE_MS);
      expect((await onB.live.closed) - t0).toBeLessThan(AT_ONCE_MS);
      expect(await me(a.url, onA)).toBe(200); // the session that changed it goes on
    } finally {
      onB.live.close();
    }
  });

  it("a user disabled through A: his session on B is refused and its live connection closed", async () => {
    const u = await newLeader();
    const onB = await cachedOnB(u.username);
    try {
      const res = await fetch(`${a.url}/api/users/${u.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", cookie: adminOnA },
        body: JSON.stringify({ disabled: true }),
      });
      const t0 = performance.now();
      expect(res.status).toBe(200);
      expect(await endedWithin(b.url, onB.cookie, t0, AT_ONCE_MS)).toBeLessThan(AT_ONCE_MS);
      expect((await onB.live.closed) - t0).toBeLessThan(AT_ONCE_MS);
    } finally {
      onB.live.close();
    }
  });

  it("a logout through A ends the same session on B, and a role change through A applies on B", async () => {
    const u = await newLeader();
    const onB = await cachedOnB(u.username);
    try {
      // An ADMIN-only read: refused to the leader, allowed once A makes him an administrator.
      const users = () => fetch(`${b.url}/api/users`, { headers: { cookie: onB.cookie } }).then((r) => r.status);
      expect(await users()).toBe(403);
      const promoted = await fetch(`${a.url}/api/users/${u.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", cookie: adminOnA },
        body: JSON.stringify({ role: "ADMIN" }),
      });
      expect(promoted.status).toBe(200);
      const t1 = performance.now();
      while ((await users()) !== 200 && performance.now() - t1 < AT_ONCE_MS)
        await new Promise((r) => setTimeout(r, 50));
      expect(await users()).toBe(200);

      const out = await fetch(`${a.url}/api/auth/logout`, { method: "POST", headers: { cookie: onB.cookie } });
      const t0 = performance.now();
      expect(out.status).toBe(204);
      expect(await endedWithin(b.url, onB.cookie, t0, AT_ONCE_MS)).toBeLessThan(AT_ONCE_MS);
      expect((await onB.live.closed) - t0).toBeLessThan(AT_ONCE_MS);
    } finally {
      onB.live.close();
    }
  });
});
