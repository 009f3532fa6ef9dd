// The administrator's page in the browser: accounts listed, a display token issued and shown once,
// the change log browsed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUnionPulse, type RunningApp } from "../../server/compose.ts";
import { loadConfig } from "../../server/config.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { launchBrowser, openPage } from "./support/browser.ts";

let app: RunningApp;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-e2e-admin-"));
  app = await startUnionPulse(loadConfig({ DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_ENTERPRISES: "100" }));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the administrator's page", () => {
  it("lists accounts, issues a display token shown once that opens the wall, and pages the change log", async () => {
    const { page, problems, screenshot } = await openPage(browser, `${app.url}/admin.html`, undefined, { cookie: await login(app.url, "admin", DEMO_PASSWORD) });
    await expect.poll(() => page.getAttribute("html", "data-ready"), { timeout: 10_000 }).toBe("true");
    expect(await page.locator('#users tr[data-user="editor.ap01"]').count()).toBe(1);
    await page.fill('#tokens input[name="label"]', "Hội trường");
    await page.click('#tokens button[type="submit"]');
    const once = page.locator(".token-once");
    await expect.poll(() => once.textContent()).toMatch(/\/wall\?token=[\w-]{40,}/);
    const token = /token=([\w-]+)/.exec((await once.textContent())!)![1]!;
    expect((await fetch(`${app.url}/api/stats?token=${token}`)).status).toBe(200);
    await expect.poll(() => page.locator("#log tbody tr").count()).toBe(50);
    await screenshot("admin-page");
    expect(problems).toEqual([]);
  });
});
