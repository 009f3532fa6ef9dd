// An officer on a phone updates a count of one of their own enterprises in four steps from the
// login page: log in, tap the enterprise (their recently edited ones come first), type the number
// (a numeric keypad), Save. The history then shows the date as dd/mm/yyyy HH:mm, without jargon.
import { describe, expect, it } from "vitest";
import type { Enterprise, EnterpriseList } from "../../contract/enterprise.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";

const rig = useBrowserApp({ enterprises: 200, name: "quick" });

describe("a quick update on a phone", () => {
  it("goes from the login page to a saved count in four steps", async () => {
    // Yesterday's work: the officer changed an enterprise that is far down the alphabetical list.
    const cookie = await login(rig.app.url, "editor.ap01", DEMO_PASSWORD);
    const ap01 = (await rig.get<{ id: number; code: string }[]>("/api/districts")).find((d) => d.code === "AP01")!.id;
    const list = await rig.get<EnterpriseList>(`/api/enterprises?district=${ap01}&sort=name&pageSize=100`);
    const target = list.items.at(-1)!;
    const first = await fetch(`${rig.app.url}/api/enterprises/${target.id}`, {
      method: "PATCH",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ version: target.version, initiatives: target.initiatives + 1 }),
    });
    expect(first.status).toBe(200);
    const before = (await first.json()) as Enterprise;

    const { page, problems, screenshot } = await openPage(
      rig.browser,
      `${rig.app.url}/login.html`,
      { width: 390, height: 844 },
      { touch: true },
    );
    let steps = 0;
    // Step 1: log in (the phone's password manager fills the two fields).
    await page.fill("#login-username", "editor.ap01");
    await page.fill("#login-password", DEMO_PASSWORD);
    await page.tap("#login-submit");
    steps++;
    await page.waitForURL(/\/editor\.html$/);
    // Step 2: the enterprise edited last is the first in the list, one tap away.
    const firstResult = page.locator("#results button").first();
    await expect.poll(() => firstResult.getAttribute("data-id"), { timeout: 10_000 }).toBe(String(target.id));
    expect(await firstResult.getAttribute("data-recent")).toBe("");
    await firstResult.tap();
    steps++;
    await expect.poll(() => page.getAttribute("html", "data-version")).toBe(String(before.version));
    // Step 3: the count, on a numeric keypad.
    const members = page.locator("#field-unionMembers");
    expect(await members.getAttribute("inputmode")).toBe("numeric");
    const wanted = Math.max(
      0,
      Math.min(before.headcount, before.unionMembers + 1) - (before.unionMembers === before.headcount ? 1 : 0),
    );
    await members.fill(String(wanted));
    steps++;
    // Step 4: one Save.
    await page.tap("#save");
    steps++;
    await expect.poll(() => page.getAttribute("html", "data-version")).toBe(String(before.version + 1));
    expect(steps).toBeLessThanOrEqual(4);
    const saved = await rig.get<Enterprise>(`/api/enterprises/${target.id}`);
    expect(saved.unionMembers).toBe(wanted);

    // Dates as dd/mm/yyyy HH:mm, and no "phiên bản" anywhere on the page.
    await expect
      .poll(async () => (await page.textContent("#history")) ?? "", { timeout: 10_000 })
      .toMatch(/\b\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\b/);
    expect(await page.textContent("body")).not.toContain("phiên bản");
    await screenshot("quick-update-saved");
    expect(problems).toEqual([]);
  }, 60_000);
});
