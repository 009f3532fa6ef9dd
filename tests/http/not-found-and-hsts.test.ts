// An address that is no page of ours gets the product's own 404 page (Vietnamese first, English
// second, a link home, the same Content-Security-Policy), not Express's "Cannot GET"; under /api
// it stays the JSON error. Strict-Transport-Security is sent only over HTTPS: over plain HTTP it
// would be ignored at best, and pins a host that has no certificate at worst.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let front: tls.Server;
let cert: string;
let httpsPort: number;
const certDir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-tls-"));
beforeAll(async () => {
  server = await startTestServer({ enterprises: 20 });
  // A self-signed certificate made for this test; TLS connections are handed to the app's own server.
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"],
      ...["-addext", "subjectAltName=IP:127.0.0.1"],
      ...["-keyout", path.join(certDir, "key.pem"), "-out", path.join(certDir, "cert.pem")],
    ],
    { stdio: "ignore" },
  );
  cert = fs.readFileSync(path.join(certDir, "cert.pem"), "utf8");
  front = tls.createServer({ key: fs.readFileSync(path.join(certDir, "key.pem")), cert }, (socket) =>
    server.app.http.emit("connection", socket),
  );
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  httpsPort = (front.address() as AddressInfo).port;
});
afterAll(async () => {
  front?.close();
  await server?.close();
  fs.rmSync(certDir, { recursive: true, force: true });
});

function getOverHttps(pathname: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: "127.0.0.1", port: httpsPort, path: pathname, ca: cert }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers }));
      })
      .on("error", reject);
  });
}

describe("an address that is no page of ours", () => {
  it("gets the product's 404 page in Vietnamese and English, with a link home and the same policy", async () => {
    const res = await fetch(`${server.url}/khong-co-trang-nay?x=1`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toContain("Cannot GET");
    expect(html).toMatch(/<html lang="vi">/);
    const vi = html.indexOf("Không tìm thấy trang");
    const en = html.indexOf("Page not found");
    expect(vi).toBeGreaterThan(0);
    expect(en).toBeGreaterThan(vi);
    expect(html).toMatch(/<a href="\/"[^>]*>/);
    expect(html).not.toMatch(/<script|style=/);
  });

  it("under /api stays the JSON error", async () => {
    const r = await server.api("/api/no-such-thing");
    expect(r.status).toBe(404);
    expect(errorOf(r).code).toBe("NOT_FOUND");
  });
});

describe("Strict-Transport-Security", () => {
  it("is not sent over plain HTTP", async () => {
    for (const p of ["/", "/login.html", "/api/health", "/khong-co"]) {
      const res = await fetch(server.url + p);
      await res.arrayBuffer();
      expect(res.headers.get("strict-transport-security"), p).toBeNull();
    }
  });

  it("is sent over HTTPS", async () => {
    for (const p of ["/login.html", "/api/health"]) {
      const res = await getOverHttps(p);
      expect(res.status, p).toBe(200);
      expect(res.headers["strict-transport-security"], p).toMatch(/max-age=\d{6,}/);
    }
  });
});
