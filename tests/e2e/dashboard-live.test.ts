// A leader's dashboard: it shows the seeded province and a change made through the API appears
// within a second, without a reload.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../server/compose.ts";
import type { Enterprise, EnterpriseList } from "../../contract/enterprise.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { launchBrowser, openPage, releaseBrowser } from "./support/browser.ts";
import { startSeeded } from "../support/seeded-start.ts";

let app: RunningApp;
let browser: Browser;
let dir: string;
let cookie: string; // the demo leader's session

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-e2e-"));
  app = await startSeeded({ DATA_DIR: dir, PORT: "0", LOG_LEVEL: "silent", SEED_ENTERPRISES: "400" });
  browser = await launchBrowser();
  cookie = await login(app.url, "leader", DEMO_PASSWORD);
});

afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// Writes are an administrator's (the leader only reads).
const api = async <T>(p: string, init?: RequestInit) =>
  (
    await fetch(app.url + p, {
      ...init,
      headers: { "content-type": "application/json", cookie: await login(app.url, "admin", DEMO_PASSWORD) },
    })
  ).json() as Promise<T>;

describe("the leader's dashboard", () => {
  it("shows a PATCH made through the API within a second, without reloading", async () => {
    const { page, problems, screenshot } = await openPage(browser, app.url + "/", undefined, { cookie });
    const root = page.locator("[data-connection]");
    await expect.poll(() => root.getAttribute("data-connection"), { timeout: 10_000 }).toBe("connected");
    const membersTile = page.locator('[data-tile="unionMembers"] .tile-value');
    await expect.poll(() => membersTile.textContent(), { timeout: 10_000 }).toMatch(/\d/);
    const before = (await membersTile.textContent())!;
    const seqBefore = Number(await root.getAttribute("data-seq"));
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });

    // A non-state enterprise with room for more members.
    const { items } = await api<EnterpriseList>("/api/enterprises?nonState=true&sort=-headcount&pageSize=50");
    const target = items.find((e) => e.headcount - e.unionMembers >= 7) as Enterprise;
    expect(target).toBeDefined();
    const started = Date.now();
    const saved = await api<Enterprise>(`/api/enterprises/${target.id}`, {
      method: "PATCH",
      body: JSON.stringify({ version: target.version, unionMembers: target.unionMembers + 7 }),
    });
    expect(saved.version).toBe(target.version + 1);

    // Within a second of the save is the promise to leaders (above): these deadlines are the test, not a guess.
    await expect.poll(() => root.getAttribute("data-seq"), { timeout: 1000, interval: 25 }).toBe(String(seqBefore + 1));
    await expect.poll(() => membersTile.textContent(), { timeout: 1000, interval: 25 }).not.toBe(before);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(1000);
    // vi-VN groups thousands with dots: the figure moved by exactly 7.
    const parse = (s: string) => Number(s.replace(/\D/g, ""));
    expect(parse((await membersTile.textContent())!) - parse(before)).toBe(7);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

    await screenshot("dashboard-1366x768");
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot("dashboard-1920x1080");
    expect(problems).toEqual([]);
  });
});
