// A district editor who uses no mouse: from the top of the editor page he tabs to the search box,
// searches, tabs to a result and opens it with Enter, tabs to a field, changes it, tabs to Save
// and presses Enter. The change is saved, and every control he reached showed where the focus was.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Enterprise, EnterpriseList } from "../../contract/enterprise.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";

const rig = useBrowserApp({ enterprises: 150, name: "keyboard" });
const get = <T>(p: string) => rig.get<T>(p);

/** Presses Tab until the focused element matches selector; fails after `max` presses. Checks each stop shows its focus. */
async function tabTo(page: Page, selector: string, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const here = await page.evaluate((sel) => {
      const a = document.activeElement as HTMLElement | null;
      if (!a || a === document.body) return { matches: false, visible: true, what: "body" };
      const s = getComputedStyle(a);
      const visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
      return { matches: a.matches(sel), visible, what: `${a.tagName.toLowerCase()}#${a.id}.${a.className}` };
    }, selector);
    expect(here.visible, `no visible focus on ${here.what}`).toBe(true);
    if (here.matches) return;
  }
  throw new Error(`Tab never reached ${selector} in ${max} presses`);
}

describe("the editor with the keyboard alone", () => {
  it("searches, opens an enterprise, changes a field and saves without a mouse", async () => {
    const ap01 = (await get<{ id: number; code: string }[]>("/api/districts")).find((d) => d.code === "AP01")!.id;
    const target = (await get<EnterpriseList>(`/api/enterprises?district=${ap01}&sort=name&pageSize=1`)).items[0]!;
    const cookie = await login(rig.app.url, "editor.ap01", DEMO_PASSWORD);
    const { page, problems, screenshot } = await openPage(rig.browser, `${rig.app.url}/editor.html`, undefined, {
      cookie,
    });
    await expect.poll(() => page.getAttribute("html", "data-ready"), { timeout: 10_000 }).toBe("true");

    await tabTo(page, "#search-q");
    await page.keyboard.type(target.taxCode);
    await page.keyboard.press("Enter");
    await page.waitForSelector(`#results button[data-id="${target.id}"]`);
    await tabTo(page, `#results button[data-id="${target.id}"]`);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getAttribute("html", "data-version")).toBe(String(target.version));

    await tabTo(page, "#field-initiatives");
    const initiatives = target.initiatives + 3;
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(String(initiatives));
    await tabTo(page, "#save");
    await screenshot("editor-keyboard-save-focused");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.getAttribute("html", "data-version"), { timeout: 5000 })
      .toBe(String(target.version + 1));

    const saved = await get<Enterprise>(`/api/enterprises/${target.id}`);
    expect(saved).toMatchObject({ initiatives, version: target.version + 1 });
    expect(problems).toEqual([]);
  });
});
