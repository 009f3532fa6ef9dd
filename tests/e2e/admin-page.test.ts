// The administrator's page in the browser: accounts listed, a display token issued and shown once,
// the change log browsed.
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";

const rig = useBrowserApp({ enterprises: 100, name: "admin" });

describe("the administrator's page", () => {
  it("lists accounts, issues a display token shown once that opens the wall, and pages the change log", async () => {
    const { page, problems, screenshot } = await openPage(rig.browser, `${rig.app.url}/admin.html`, undefined, {
      cookie: await login(rig.app.url, "admin", DEMO_PASSWORD),
    });
    await expect.poll(() => page.getAttribute("html", "data-ready"), { timeout: 10_000 }).toBe("true");
    expect(await page.locator('#users tr[data-user="editor.ap01"]').count()).toBe(1);
    await page.fill('#tokens input[name="label"]', "Hội trường");
    await page.click('#tokens button[type="submit"]');
    const once = page.locator(".token-once");
    await expect.poll(() => once.textContent()).toMatch(/\/wall\?token=[\w-]{40,}/);
    const token = /token=([\w-]+)/.exec((await once.textContent())!)![1]!;
    expect((await fetch(`${rig.app.url}/api/stats?token=${token}`)).status).toBe(200);
    await expect.poll(() => page.locator("#log tbody tr").count()).toBe(50);
    await screenshot("admin-page");
    expect(problems).toEqual([]);
  });
});
