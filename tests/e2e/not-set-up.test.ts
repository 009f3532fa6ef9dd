// A real installation before anything is set up (NODE_ENV=production, empty database): every page,
// for every role, says plainly that nothing is set up yet (and, to those who cannot do it, whom to
// ask) instead of empty charts, with no console error and no failed request; the administrator is
// led to the set-up on the admin page. Screenshots go to test-artifacts/.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openPage, type WatchedPage } from "./support/browser.ts";
import { useEmptyProduction } from "./support/empty-production.ts";

const rig = useEmptyProduction("not-set-up");

const PAGES = [
  { name: "dashboard", path: "/" },
  { name: "analysis", path: "/analysis.html" },
  { name: "editor", path: "/editor.html" },
  { name: "import", path: "/import.html" },
] as const;
const ROLES = ["ADMIN", "LEADER", "ANALYST", "EDITOR"] as const;

async function noticeOf(page: Page) {
  await page.waitForSelector("html[data-setup='missing']", { timeout: 30_000 });
  const notice = page.locator("#not-set-up");
  expect(await notice.isVisible()).toBe(true);
  return (await notice.textContent()) ?? "";
}

/** Chromium on this busy shared machine sometimes reports ERR_NETWORK_CHANGED on loopback: not the
 *  page's doing, so such a load is tried again (at most twice), any other problem counts. */
async function openWatched(url: string, cookie?: string): Promise<WatchedPage> {
  for (let attempt = 1; ; attempt++) {
    const watched = await openPage(rig.browser, url, undefined, cookie ? { cookie } : {});
    await watched.page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
    if (attempt >= 3 || !watched.problems.some((p) => p.includes("ERR_NETWORK_CHANGED"))) return watched;
    await watched.page.context().close();
  }
}

const cookies = new Map<string, Promise<string>>();
const cookieOf = (role: (typeof ROLES)[number]) => {
  if (role === "ADMIN") return Promise.resolve(rig.admin);
  if (!cookies.has(role)) cookies.set(role, rig.account(role));
  return cookies.get(role)!;
};

describe("before the province and its units are set up", () => {
  for (const p of PAGES)
    for (const role of ROLES) {
      it(`${p.name} as ${role}: says nothing is set up yet, no chart, no console error or failed request`, async () => {
        const { page, problems, screenshot } = await openWatched(rig.app.url + p.path, await cookieOf(role));
        const text = await noticeOf(page);
        expect(text).toContain("Chưa thiết lập");
        if (role === "ADMIN") expect(await page.getAttribute("#not-set-up-admin", "href")).toBe("/admin.html");
        else expect(text).toContain("Hãy nhờ quản trị viên");
        // No empty charts: whatever canvases the page holds are hidden with its body.
        const shownCanvases = await page.$$eval(
          "canvas",
          (cs) => cs.filter((c) => c.getClientRects().length > 0).length,
        );
        expect(shownCanvases).toBe(0);
        if (role === "LEADER") await screenshot(`not-set-up-${p.name}`);
        expect(problems).toEqual([]);
        await page.context().close();
      });
    }

  it("the wall with a display token says so too, and waits", async () => {
    const issued = await rig.call<{ token: string }>("POST", "/api/display-tokens", { label: "Hội trường" });
    expect(issued.status).toBe(201);
    const { page, problems, screenshot } = await openPage(
      rig.browser,
      `${rig.app.url}/wall?token=${issued.body.token}`,
    );
    const text = await noticeOf(page);
    expect(text).toContain("Chưa thiết lập");
    expect(text).toContain("tự hiện số liệu");
    await screenshot("not-set-up-wall");
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the administrator's admin page opens on the first-run guide: the province first", async () => {
    const { page, problems, screenshot } = await openWatched(`${rig.app.url}/admin.html`, rig.admin);
    await page.waitForSelector("html[data-ready='true'][data-province='missing']", { timeout: 30_000 });
    expect(await page.textContent("#units-heading")).toBe("Thiết lập ban đầu");
    expect(await page.isVisible("#province-form")).toBe(true);
    // No units can be added before there is a province to hold them.
    expect(await page.isVisible("#unit-add-form")).toBe(false);
    await screenshot("not-set-up-admin");
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
