// The installable app as the server serves it (issue 11): a manifest in Vietnamese with an icon, a
// service worker checked with the server on every load (so a new release is found), and a CSP that
// names exactly what the worker and the manifest need. Needs the built client (npm run build).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 5 });
});
afterAll(async () => {
  await server?.close();
});

describe("the installable app", () => {
  it("has a Vietnamese manifest with an icon the server has, linked from the editor", async () => {
    const res = await fetch(`${server.url}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/manifest\+json/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const manifest = (await res.json()) as { name: string; lang: string; start_url: string; icons: { src: string }[] };
    expect(manifest.lang).toBe("vi");
    expect(manifest.name).toContain("công đoàn");
    for (const icon of manifest.icons) expect((await fetch(`${server.url}${icon.src}`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/editor.html`)).text()).toContain('rel="manifest"');
  });

  it("serves its service worker uncached, precaching the editor's script but not the pages", async () => {
    const res = await fetch(`${server.url}/sw.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const sw = await res.text();
    const editorScript = /src="\/(assets\/editor-[\w-]+\.js)"/.exec(
      await (await fetch(`${server.url}/editor.html`)).text(),
    )![1]!;
    expect(sw).toContain(`"${editorScript}"`);
    // Pages are asked of the server first, so that a reload gets a new release.
    expect(sw).not.toMatch(/url:"[\w-]+\.html"/);
    // Hashed assets may be cached by the browser for an hour; they never change under their name.
    expect((await fetch(`${server.url}/${editorScript}`)).headers.get("cache-control")).toMatch(/max-age=3600/);
  });

  it("keeps the Content-Security-Policy strict, naming our own origin for the worker and the manifest", async () => {
    const csp = (await fetch(`${server.url}/editor.html`)).headers.get("content-security-policy")!;
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });
});
