// /api/health says whether the work a start leaves running in the background is done ("settled"):
// the history builds that start 2 s after start-up (HISTORY_PREBUILD) and the check of aggregates
// started from the stored checkpoint against a full count. An operator, or a benchmark about to
// measure what an edit costs, waits for it; the process serves before it, so readiness ignores it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Logger } from "../../server/log.ts";
import { startSeeded } from "../support/seeded-start.ts";

type App = Awaited<ReturnType<typeof startSeeded>>;
let app: App | null = null;
let dir: string | null = null;

afterEach(async () => {
  await app?.close();
  app = null;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The info lines the server logs, in order. */
function infoLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { info: (msg: string) => void lines.push(msg), debug: () => {}, error: () => {}, lines };
}

async function start(env: Record<string, string>, log: Logger): Promise<App> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-settled-"));
  // The demo database was made by a server that stopped gracefully: it starts from the checkpoint.
  return startSeeded({ DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...env }, log);
}

async function health(a: App) {
  const res = await fetch(`${a.url}/api/health`);
  return { status: res.status, body: (await res.json()) as { status: string; seq: number; settled: boolean } };
}

/** Polls /api/health until it says settled; the replies seen on the way. */
async function untilSettled(a: App, ms = 60_000) {
  const seen: boolean[] = [];
  const until = Date.now() + ms;
  for (;;) {
    const { body } = await health(a);
    seen.push(body.settled);
    if (body.settled) return seen;
    if (Date.now() > until) throw new Error(`not settled after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a server says when the work its start left in the background is done", () => {
  it("not settled while the history builds and the checkpoint's check run, settled once both are done", async () => {
    const log = infoLog();
    app = await start({ HISTORY_PREBUILD: "true", HISTORY_WORKER: "true" }, log);
    const first = await health(app);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "ok", settled: false });
    // Ready to serve meanwhile: settling is not readiness.
    expect((await fetch(`${app.url}/api/ready`)).status).toBe(200);

    const seen = await untilSettled(app);
    expect(seen.at(-1)).toBe(true);
    // Both pieces of background work had finished before it said so.
    const ready = log.lines.findIndex((l) => l.startsWith("history builds ready"));
    const settled = log.lines.findIndex((l) => l.includes("(settled)"));
    expect(ready, log.lines.join("\n")).toBeGreaterThanOrEqual(0);
    expect(settled).toBeGreaterThan(ready);
    expect(app.feed.startedFrom).toBe("checkpoint");
    expect(await app.feed.verification).toBe("equal");
    // And it stays settled: edits are not start-up work.
    const cookie = await login(app.url);
    const res = await fetch(`${app.url}/api/enterprises/1`, { headers: { cookie } });
    const e = (await res.json()) as { version: number; initiatives: number };
    const patched = await fetch(`${app.url}/api/enterprises/1`, {
      method: "PATCH",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ version: e.version, initiatives: e.initiatives + 1 }),
    });
    expect(patched.status).toBe(200);
    expect((await health(app)).body.settled).toBe(true);
  }, 120_000);

  it("without history builds at start, settled once the checkpoint's check is done, and nothing was built", async () => {
    const log = infoLog();
    app = await start({ HISTORY_PREBUILD: "false" }, log);
    await untilSettled(app);
    expect(await app.feed.verification).toBe("equal");
    expect(log.lines.some((l) => l.startsWith("history builds ready"))).toBe(false);
  }, 60_000);
});

async function login(url: string): Promise<string> {
  const { DEMO_PASSWORD } = await import("../../server/seed/demo-accounts.ts");
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: DEMO_PASSWORD }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("up_session="));
  if (!cookie) throw new Error(`login answered ${res.status}`);
  return cookie;
}
