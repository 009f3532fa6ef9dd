// `npm start` runs the server from its bundle (dist/server, built by scripts/build-server.ts), not
// from the TypeScript source the unit tests start (the scale tests start the bundle too). A bundle that fails to load, that looks for a
// file it reads at run time (the client pages, the migrations) in the wrong place, or whose history
// worker thread has no entry, fails here: started exactly as `npm start` starts it, on an empty
// folder, it must migrate, seed the demo province, serve a leader the dashboard and an editor an
// import's dry run (in its thread); and its stack traces must name the TypeScript source, through the
// bundle's source maps.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Stats } from "../../contract/stats.ts";
import type { TrendPoint } from "../../contract/history.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { openDashboard } from "../support/live.ts";
import { ROOT, startBuiltServer, stop, type ServerProcess } from "../scale/support/processes.ts";
import { startArguments } from "../../scripts/start-command.ts";

const ENTERPRISES = 120;

let dir: string;
let server: ServerProcess;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-npm-start-"));
  // The history worker on, as in production: its thread loads the bundle's second entry point.
  server = await startBuiltServer(
    { DATA_DIR: dir, SEED_ENTERPRISES: String(ENTERPRISES), HISTORY_WORKER: "true", HISTORY_PREBUILD: "true" },
    120_000,
  );
}, 150_000);
afterAll(async () => {
  await stop(server);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm start's built server", () => {
  it("migrates and seeds an empty folder, then serves a leader the dashboard page, its figures and the live snapshot", async () => {
    expect(server.output()).toContain("migrations applied");
    const cookie = await login(server.url, "leader", DEMO_PASSWORD);

    const page = await fetch(`${server.url}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="vi"');

    const stats = await fetch(`${server.url}/api/stats`, { headers: { cookie } });
    expect(stats.status).toBe(200);
    const figures = ((await stats.json()) as Stats).totals;
    expect(figures.enterprises).toBeGreaterThan(0);

    const dashboard = await openDashboard(server.url, { cookie });
    try {
      const snapshot = await dashboard.follow({});
      expect(snapshot.stats.totals).toEqual(figures);
    } finally {
      dashboard.close();
    }
  });

  it("builds the history in its worker thread and answers a trend", async () => {
    const until = Date.now() + 60_000;
    while (!server.output().includes("history builds ready") && Date.now() < until)
      await new Promise((r) => setTimeout(r, 200));
    expect(server.output()).toContain("history builds ready");
    // A worker that cannot start leaves the builds in this process and says so: not from the bundle.
    expect(server.output()).not.toContain("the worker thread failed");

    const cookie = await login(server.url, "leader", DEMO_PASSWORD);
    // Two months well in the past whatever the time zone (months are Viet Nam's).
    const monthsAgo = (n: number) => {
      const d = new Date();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() - n);
      return d.toISOString().slice(0, 7);
    };
    const [from, to] = [monthsAgo(3), monthsAgo(2)];
    const trend = await fetch(`${server.url}/api/trends?from=${from}&to=${to}`, { headers: { cookie } });
    expect(trend.status).toBe(200);
    const points = (await trend.json()) as TrendPoint[];
    expect(points.map((p) => p.month)).toEqual([from, to]);

    // A text search replays the log in a query thread (server/services/replay-threads.ts), which
    // loads the same entry point: from the bundle it must start, not fall back to this process.
    const searched = await fetch(`${server.url}/api/trends?from=${from}&to=${to}&q=a`, { headers: { cookie } });
    expect(searched.status).toBe(200);
    expect(((await searched.json()) as TrendPoint[]).map((p) => p.month)).toEqual([from, to]);
    expect(server.output()).not.toContain("the replay thread failed");
  }, 90_000);

  it("checks an import's dry run in its thread, which loads the same entry point from the bundle", async () => {
    const cookie = await login(server.url, "editor.ap01", DEMO_PASSWORD);
    const res = await fetch(`${server.url}/api/import/dry-run`, {
      method: "POST",
      headers: { cookie, "content-type": "text/csv" },
      body: "Mã số thuế;Sáng kiến\n0000000003;1\n",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.json()).toMatchObject({ applicable: false, summary: { error: 1 } });
    expect(server.output()).not.toContain("the dry run thread failed");
  }, 60_000);

  it("names the TypeScript file and line in an error's stack trace (source maps)", () => {
    const run = spawnSync(process.execPath, startArguments(), {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATABASE_URL: "mysql://127.0.0.1/unionpulse" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("DATABASE_URL must start with file:");
    expect(run.stderr).toMatch(/at providerOf \(.*server\/db\/database\.ts:\d+:\d+\)/);
  });
});
