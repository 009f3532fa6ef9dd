// The administrator gives the Women's Union an account on the admin page. Its officer, on a phone
// (390 px), logs in and lands on the coordination view, sees
// her organisation first with the JSON's figures in Vietnamese format, opens the editor where only
// her flag can be ticked, ticks it on an enterprise of her target list, and back on the view the
// figures have moved: one more where it exists, one fewer to reach, one more founded this year; an
// open view on another screen moved live. In English on request.
import { describe, expect, it } from "vitest";
import type { Coordination } from "../../contract/coordination.ts";
import type { EnterpriseList } from "../../contract/enterprise.ts";
import { TEST_PASSWORD, login } from "../support/accounts.ts";
import { openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";
import { phoneProblems } from "./support/phone.ts";

const rig = useBrowserApp({ enterprises: 120, name: "partner" });
const vi = new Intl.NumberFormat("vi-VN");

describe("a partner organisation's officer", () => {
  it("lands on the coordination view, ticks her flag in the editor, and the figures move", async () => {
    // The administrator makes her account on the admin page: the organisation is asked for a partner only.
    const admin = await openPage(
      rig.browser,
      `${rig.app.url}/admin.html`,
      { width: 1366, height: 768 },
      {
        cookie: rig.admin,
      },
    );
    const form = admin.page.locator("#users form");
    await form.locator('input[name="username"]').waitFor();
    expect(await admin.page.locator("#new-user-organisation").isVisible()).toBe(false);
    await form.locator('input[name="username"]').fill("phu.nu");
    await form.locator('input[name="displayName"]').fill("Hội LHPN tỉnh");
    await form.locator('input[name="password"]').fill(TEST_PASSWORD);
    await form.locator('select[name="role"]').selectOption("PARTNER");
    expect(await admin.page.locator("#new-user-organisation").isVisible()).toBe(true);
    await admin.page.locator("#new-user-organisation").selectOption("WOMEN");
    await form.locator('button[type="submit"]').click();
    await expect
      .poll(() => admin.page.locator('#users tr[data-user="phu.nu"]').textContent(), { timeout: 10_000 })
      .toContain("Hội Phụ nữ");
    // The administrator keeps the coordination view open on his desk: it follows the changes live.
    await admin.page.goto(`${rig.app.url}/coordination.html`);
    const deskWomen = admin.page.locator('.coordination-card[data-organisation="women"] [data-figure="target"]');
    await deskWomen.waitFor({ timeout: 15_000 });
    const cookie = await login(rig.app.url, "phu.nu", TEST_PASSWORD);
    const figuresNow = async () =>
      (await (await fetch(`${rig.app.url}/api/coordination`, { headers: { cookie } })).json()) as Coordination;
    const before = (await figuresNow()).rows.find((r) => r.organisation === "women")!;
    expect(before.target).toBeGreaterThan(0);
    expect(await deskWomen.textContent()).toBe(vi.format(before.target));

    const { page, problems, screenshot } = await openPage(
      rig.browser,
      `${rig.app.url}/login.html`,
      { width: 390, height: 844 },
      { touch: true },
    );
    await page.fill("#login-username", "phu.nu");
    await page.fill("#login-password", TEST_PASSWORD);
    await page.tap("#login-submit");
    await page.waitForURL(/\/coordination\.html$/);

    // Her organisation first, marked, with the JSON's figures written the Vietnamese way.
    const own = page.locator(".coordination-card").first();
    await own.waitFor({ timeout: 15_000 });
    expect(await own.getAttribute("data-organisation")).toBe("women");
    expect(await own.getAttribute("data-own")).toBe("");
    expect(await page.locator(".coordination-card").count()).toBe(4);
    const shown = (key: string) => own.locator(`[data-figure="${key}"]`).textContent();
    expect([await shown("exists"), await shown("target"), await shown("founded")]).toEqual(
      [before.exists, before.target, before.founded].map((n) => vi.format(n)),
    );
    expect(await page.textContent("#coordination-scope")).toMatch(/01\/01\/\d{4} – \d{2}\/\d{2}\/\d{4}/);
    const fits = await phoneProblems(page, 390);
    expect(fits.scrollWidth).toBeLessThanOrEqual(390);
    expect(fits.wide).toEqual([]);
    await screenshot("partner-coordination-before");

    // The target list's first enterprise, found by name in the editor.
    const list = (await (
      await fetch(`${rig.app.url}${before.targetList}&pageSize=1&sort=name`, { headers: { cookie } })
    ).json()) as EnterpriseList;
    const target = list.items[0]!;
    await page.goto(`${rig.app.url}/editor.html`);
    await page.fill("#search-q", target.name);
    await page.tap("#search-button");
    const result = page.locator(`#results button[data-id="${target.id}"]`);
    await result.waitFor({ timeout: 10_000 });
    await result.tap();
    await expect.poll(() => page.getAttribute("html", "data-version")).toBe(String(target.version));
    // Only her flag can be changed; the rest is shown for reading, and she registers nothing.
    expect(await page.locator("#field-hasWomenUnion").isEnabled()).toBe(true);
    for (const other of ["#field-name", "#field-headcount", "#field-hasYouthUnion", "#field-hasParty", "#field-status"])
      expect(await page.locator(other).isDisabled(), other).toBe(true);
    expect(await page.locator("#new-enterprise").isVisible()).toBe(false);
    expect(await page.textContent("#partner-note")).toContain("Hội Phụ nữ");
    await screenshot("partner-editor");
    await page.locator("#field-hasWomenUnion").check();
    await page.tap("#save");
    await expect.poll(() => page.getAttribute("html", "data-version")).toBe(String(target.version + 1));
    expect(await page.getAttribute("html", "data-editor-status")).toBe("ok");

    // The desk's view moved without a reload; back on hers, the figures have moved by her one tick.
    await expect.poll(() => deskWomen.textContent(), { timeout: 10_000 }).toBe(vi.format(before.target - 1));
    expect(admin.problems).toEqual([]);
    await admin.page.context().close();
    await page.goto(`${rig.app.url}/coordination.html`);
    await own.waitFor();
    expect([await shown("exists"), await shown("target"), await shown("founded")]).toEqual(
      [before.exists + 1, before.target - 1, before.founded + 1].map((n) => vi.format(n)),
    );
    await screenshot("partner-coordination-after");

    // In English on request, the same figures.
    await page.tap(".menu-toggle");
    await page.tap("#lang-switch");
    expect(await page.textContent("h1")).toBe("Organisations in enterprises: coordination");
    expect(await own.locator("h2").textContent()).toBe("Your organisationWomen's Union");
    expect(await shown("target")).toBe(new Intl.NumberFormat("en").format(before.target - 1));
    expect(await page.getAttribute("#coordination-csv", "href")).toContain("lang=en");
    expect(problems).toEqual([]);
    await page.context().close();
  }, 90_000);
});
