// Every page on a phone (390×844 and 360×740, touch): no sideways scroll, every control at least
// 44×44 px, the header folded behind a menu button that opens (and closes with Escape), and from
// every page a link to every other page the role may use.
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";
import { PHONES, phoneProblems } from "./support/phone.ts";

const rig = useBrowserApp({ enterprises: 200, name: "phone" });

const PAGES = [
  { path: "/", ready: "#tiles li" },
  { path: "/editor.html", ready: "#results button" },
  { path: "/import.html", ready: "#template-link" },
  { path: "/analysis.html", ready: "#enterprise-table tbody tr" },
  { path: "/report.html", ready: '[data-section="5"]' },
  { path: "/targets.html", ready: "html[data-ready]" },
  { path: "/coordination.html", ready: "[data-organisation]" },
  { path: "/admin.html", ready: "html[data-ready]" },
] as const;
const ALL_LINKS = [
  "/",
  "/analysis.html",
  "/report.html",
  "/coordination.html",
  "/editor.html",
  "/import.html",
  "/targets.html",
  "/admin.html",
];

describe("the pages on a phone", () => {
  for (const phone of PHONES) {
    it(`fit a ${phone.name} phone, with 44 px targets and a working menu`, async () => {
      for (const p of PAGES) {
        const viewport = { width: phone.width, height: phone.height };
        const { page, problems, screenshot } = await openPage(rig.browser, rig.app.url + p.path, viewport, {
          cookie: rig.admin,
          touch: true,
        });
        await page.waitForSelector(p.ready, { state: "attached", timeout: 15_000 });
        // Charts and rows that come with later requests: measured once every request the page made has
        // been answered (networkidle: none for 500 ms; the live connection's WebSocket does not count).
        await page.waitForLoadState("networkidle", { timeout: 15_000 });
        const measured = await phoneProblems(page, phone.width);
        expect(measured.wide, `${p.path}: sticks out`).toEqual([]);
        expect(measured.scrollWidth, `${p.path}: page width`).toBeLessThanOrEqual(phone.width);
        expect(measured.small, `${p.path}: too small to tap`).toEqual([]);

        // The header is one menu button; pressing it shows every page the administrator may use.
        const toggle = page.locator(".menu-toggle");
        expect(await toggle.getAttribute("aria-expanded")).toBe("false");
        expect(await page.locator("#site-menu").isVisible()).toBe(false);
        await toggle.tap();
        expect(await toggle.getAttribute("aria-expanded")).toBe("true");
        const hrefs = await page
          .locator("#site-menu .site-links a")
          .evaluateAll((as) =>
            as.filter((a) => (a as HTMLElement).offsetParent !== null).map((a) => a.getAttribute("href")),
          );
        expect(hrefs).toEqual(ALL_LINKS);
        const open = await phoneProblems(page, phone.width);
        expect(open.small, `${p.path}: menu targets`).toEqual([]);
        expect(open.scrollWidth).toBeLessThanOrEqual(phone.width);
        await screenshot(`phone-${phone.name}${p.path.replace(/\W+/g, "-")}menu`);
        // Keyboard: Escape closes it and gives the focus back to the button.
        await page.locator("#site-menu a").first().focus();
        await page.keyboard.press("Escape");
        expect(await toggle.getAttribute("aria-expanded")).toBe("false");
        expect(await page.evaluate(() => document.activeElement?.classList.contains("menu-toggle"))).toBe(true);
        await page.keyboard.press("Enter");
        expect(await toggle.getAttribute("aria-expanded")).toBe("true");
        await page.keyboard.press("Enter");
        await screenshot(`phone-${phone.name}${p.path.replace(/\W+/g, "-")}`);
        expect(problems).toEqual([]);
        await page.context().close();
      }

      const { page, screenshot } = await openPage(
        rig.browser,
        `${rig.app.url}/login.html`,
        { width: phone.width, height: phone.height },
        { touch: true },
      );
      await page.waitForSelector("#login-submit");
      const login = await phoneProblems(page, phone.width);
      expect(login.scrollWidth).toBeLessThanOrEqual(phone.width);
      expect(login.small).toEqual([]);
      await screenshot(`phone-${phone.name}-login`);
      await page.context().close();
    }, 180_000);
  }

  it("gives a district editor every page an editor may use, and no administration", async () => {
    const cookie = await login(rig.app.url, "editor.ap01", DEMO_PASSWORD);
    for (const path of ["/", "/analysis.html", "/report.html", "/coordination.html", "/editor.html", "/import.html"]) {
      const { page } = await openPage(rig.browser, rig.app.url + path, { width: 1366, height: 768 }, { cookie });
      await page.waitForSelector("#site-menu .site-links a");
      const links = page.locator("#site-menu .site-links a");
      expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(ALL_LINKS.slice(0, 6));
      // On a desk screen the links stand in the header, no button needed.
      expect(await page.locator(".menu-toggle").isVisible()).toBe(false);
      expect(await links.first().isVisible()).toBe(true);
      expect(await page.locator('#site-menu a[aria-current="page"]').getAttribute("href")).toBe(path);
      await page.context().close();
    }
  }, 60_000);
});
