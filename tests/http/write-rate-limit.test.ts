// One account cannot flood the database and every display with writes: past WRITE_RATE_LIMIT
// writes in a minute it gets 429 RATE_LIMITED with Retry-After, nothing is saved, and other
// people (and reads) go on as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

const LIMIT = 8;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 60, env: { WRITE_RATE_LIMIT: String(LIMIT) } });
});
afterAll(async () => {
  await server?.close();
});

describe("the write rate limit", () => {
  it("is on by default, per process, and tunable", () => {
    expect(loadConfig({}).writeRateLimit).toBe(300);
    expect(loadConfig({ WRITE_RATE_LIMIT: "20" }).writeRateLimit).toBe(20);
    expect(() => loadConfig({ WRITE_RATE_LIMIT: "0" })).toThrow(/WRITE_RATE_LIMIT/);
  });

  it("answers 429 with Retry-After past the limit, saves nothing, and leaves other people and reads alone", async () => {
    const [e] = await server.enterprises();
    let current = e!;
    const writer = { "x-actor": "Nhanh tay" };
    for (let i = 0; i < LIMIT; i++) {
      const r = await server.patch(
        current.id,
        { version: current.version, initiatives: (current.initiatives + 1) % 50 },
        writer,
      );
      expect(r.status).toBe(200);
      current = r.body as typeof current;
    }
    const logBefore = await server.db.changeLog.count();
    const refused = await server.patch(
      current.id,
      { version: current.version, initiatives: (current.initiatives + 1) % 50 },
      writer,
    );
    expect(refused.status).toBe(429);
    expect(errorOf(refused).code).toBe("RATE_LIMITED");
    const wait = Number(refused.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    // Every kind of write counts, not only PATCH (a bad one is refused before it is even read).
    expect((await server.api("/api/enterprises", { method: "POST", json: {}, headers: writer })).status).toBe(429);
    expect(await server.enterprise(current.id)).toEqual(current);
    expect(await server.db.changeLog.count()).toBe(logBefore);
    // Reads go on; so do someone else's writes.
    expect((await server.api("/api/stats", { headers: writer })).status).toBe(200);
    const other = await server.patch(
      current.id,
      { version: current.version, initiatives: (current.initiatives + 1) % 50 },
      { "x-actor": "Nguoi khac" },
    );
    expect(other.status).toBe(200);
  });

  it("does not count logging in and out (the login limiter guards those)", async () => {
    for (let i = 0; i < LIMIT + 2; i++) {
      const r = await server.api("/api/auth/logout", { method: "POST", auth: false });
      expect(r.status).toBe(204);
    }
  });
});
