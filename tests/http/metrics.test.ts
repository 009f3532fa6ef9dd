// /metrics: Prometheus's text for the addresses the operator allows (METRICS_ALLOW, loopback by
// default), judged on the real client's address behind a proxy named in TRUST_PROXY; anyone else
// gets 404. Writes are counted by outcome and reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    enterprises: 20,
    env: { TRUST_PROXY: "loopback", METRICS_ALLOW: "loopback,192.0.2.0/24" },
  });
});
afterAll(async () => {
  await server?.close();
});

const metricsFrom = (forwardedFor?: string) =>
  fetch(`${server.url}/metrics`, { headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} });

describe("/metrics", () => {
  it("answers the allowed addresses in Prometheus's format, with the writes by outcome and reason", async () => {
    const e = await server.enterprise(3);
    expect((await server.patch(3, { version: e.version, initiatives: e.initiatives + 1 })).status).toBe(200);
    expect((await server.patch(3, { version: e.version, initiatives: e.initiatives + 2 })).status).toBe(409);

    for (const from of [undefined, "192.0.2.40"]) {
      const res = await metricsFrom(from);
      expect(res.status, String(from)).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toMatch(
        /^unionpulse_writes_total\{outcome="accepted",reason="ok",instance="127\.0\.0\.1:\d+",pid="\d+"\} [1-9]\d*$/m,
      );
      expect(text).toMatch(/^unionpulse_writes_total\{outcome="refused",reason="conflict",[^}]*\} 1$/m);
      expect(text).toMatch(/^unionpulse_database_up\{[^}]*\} 1$/m);
      expect(text).toMatch(/^unionpulse_sockets_connected\{[^}]*\} 0$/m);
      expect(text).toMatch(/^unionpulse_nodejs_eventloop_lag_p99_seconds\{[^}]*\} /m);
      expect(text).not.toMatch(/unionpulse_redis_up|unionpulse_db_pool/); // SQLite, no REDIS_URL: no such figures
    }
  });

  it("is 404 for a client outside the allow-list, seen through the trusted proxy", async () => {
    const res = await metricsFrom("203.0.113.9");
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/unionpulse_/);
  });
});
