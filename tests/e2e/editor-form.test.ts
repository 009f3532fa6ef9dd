// A district editor in the browser: logs in on the login page, opens an enterprise of his
// district, meets a Vietnamese message for a bad value, saves, then meets a save someone made
// meanwhile (through the API) and resolves it field by field: both changes end up saved.
import type { Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Enterprise, EnterpriseList } from "../../contract/enterprise.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { LOGIN_REDIRECT_PROBLEMS, openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";

const rig = useBrowserApp({ enterprises: 200, name: "editor" });
const get = <T>(p: string) => rig.get<T>(p);

describe("the district editor's form", () => {
  it("logs in, shows a Vietnamese field message, saves, and resolves a conflict without losing either change", async () => {
    const { page, problems, screenshot } = await openPage(rig.browser, `${rig.app.url}/editor.html`);
    // No session yet: the editor sends us to the login page, which brings us back.
    await page.waitForURL(/\/login\.html\?next=/);
    await page.fill("#login-username", "editor.ap01");
    await page.fill("#login-password", DEMO_PASSWORD);
    await page.click("#login-submit");
    await page.waitForURL(/\/editor\.html$/);
    await expect.poll(() => page.getAttribute("html", "data-ready"), { timeout: 10_000 }).toBe("true");
    expect(await page.textContent(".user-menu")).toContain("Biên tập");

    const ap01 = (await get<{ id: number; code: string }[]>("/api/districts")).find((d) => d.code === "AP01")!.id;
    const target = (await get<EnterpriseList>(`/api/enterprises?district=${ap01}&sort=name&pageSize=1`)).items[0]!;
    await page.click(`#results button[data-id="${target.id}"]`);
    await expect.poll(() => page.getAttribute("html", "data-version")).toBe(String(target.version));

    // A bad value: the same schema as the server's, its message in Vietnamese, nothing sent.
    await page.fill("#field-unionMembers", "-5");
    await page.click("#save");
    const message = page.locator('[data-message-for="unionMembers"]');
    await expect.poll(() => message.textContent()).toBe("không được âm");
    await screenshot("editor-validation");
    // More members than workers: a rule the server also checks.
    await page.fill("#field-unionMembers", String(target.headcount + 1));
    await page.click("#save");
    await expect
      .poll(() => message.textContent())
      .toBe(`không được vượt quá số lao động (${target.headcount.toLocaleString("vi-VN")})`);

    // A good value saves.
    const mine = target.unionMembers > 0 ? target.unionMembers - 1 : 1;
    await page.fill("#field-unionMembers", String(mine));
    await page.click("#save");
    await expect
      .poll(
        async () => `${await page.getAttribute("html", "data-version")} ${await page.textContent("#editor-status")}`,
      )
      .toMatch(new RegExp(`^${target.version + 1} `));
    expect(await message.isHidden()).toBe(true);
    expect((await get<Enterprise>(`/api/enterprises/${target.id}`)).unionMembers).toBe(mine);
    await expect.poll(() => page.locator("[data-history] li").first().textContent()).toContain("biểu mẫu");

    // Someone saves meanwhile through the API: unionMembers and initiatives.
    const now = await get<Enterprise>(`/api/enterprises/${target.id}`);
    const theirs = { unionMembers: Math.max(0, mine - 1), initiatives: now.initiatives + 4 };
    const res = await fetch(`${rig.app.url}/api/enterprises/${target.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", cookie: rig.admin },
      body: JSON.stringify({ version: now.version, ...theirs }),
    });
    expect(res.status).toBe(200);

    // The editor, still on the old version, changes unionMembers and headcount and saves: a conflict.
    const myMembers = mine + 2;
    await page.fill("#field-unionMembers", String(myMembers));
    await page.fill("#field-headcount", String(now.headcount + 10));
    await page.click("#save");
    await page.waitForSelector("[data-conflict]");
    await screenshot("editor-conflict");
    // Who saved and when, in words and dd/mm/yyyy HH:mm; never a version number.
    expect(await page.locator("section[data-conflict] > p").textContent()).toMatch(
      /^.+ đã lưu lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\. Chọn giá trị/,
    );
    // Both changed unionMembers: a choice is needed; only they changed initiatives, only he headcount.
    expect(await page.isDisabled('[data-action="resolve"]')).toBe(true);
    expect(await page.isChecked("#choice-initiatives-theirs")).toBe(true);
    expect(await page.isChecked("#choice-headcount-yours")).toBe(true);
    await page.check("#choice-unionMembers-yours");
    await page.click('[data-action="resolve"]');
    await expect.poll(() => page.getAttribute("html", "data-version"), { timeout: 5000 }).toBe(String(now.version + 2));

    const final = await get<Enterprise>(`/api/enterprises/${target.id}`);
    expect(final).toMatchObject({
      unionMembers: myMembers,
      headcount: now.headcount + 10,
      initiatives: theirs.initiatives,
    });
    // Expected: what the redirect to the login page leaves, and the conflict's 409.
    const expected = [...LOGIN_REDIRECT_PROBLEMS, /HTTP 409: .*\/api\/enterprises\/\d+$/, /status of 409/];
    expect(problems.filter((p) => !expected.some((e) => e.test(p)))).toEqual([]);
  });

  it("an editor of one district is offered only his district to search and register in", async () => {
    const cookie = await login(rig.app.url, "editor.ap02", DEMO_PASSWORD);
    const { page, problems } = await openPage(rig.browser, `${rig.app.url}/editor.html`, undefined, { cookie });
    await expect.poll(() => page.getAttribute("html", "data-ready"), { timeout: 10_000 }).toBe("true");
    const options = await page.locator("#search-district option").allTextContents();
    expect(options).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it("keeps what the editor searched for when the page's first list arrives after it", async () => {
    const ap01 = (await get<{ id: number; code: string }[]>("/api/districts")).find((d) => d.code === "AP01")!.id;
    const target = (await get<EnterpriseList>(`/api/enterprises?district=${ap01}&sort=name&pageSize=100`)).items.at(
      -1,
    )!;
    const cookie = await login(rig.app.url, "editor.ap01", DEMO_PASSWORD);
    // A context of its own without the service worker, so that every request of the page passes the route.
    const context = await rig.browser.newContext({ locale: "vi-VN", serviceWorkers: "block" });
    const eq = cookie.indexOf("=");
    await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: rig.app.url }]);
    const page = await context.newPage();
    // The page's first list (no search words) is held back, as a slow line would, until the editor has searched.
    let held: Route | undefined;
    const firstListAsked = new Promise<void>((resolve) =>
      page.route(/\/api\/enterprises\?/, async (route) => {
        if (!held && !new URL(route.request().url()).searchParams.has("q")) {
          held = route;
          resolve();
        } else await route.continue();
      }),
    );
    await page.goto(`${rig.app.url}/editor.html`);
    await firstListAsked;
    await page.fill("#search-q", target.taxCode);
    await page.press("#search-q", "Enter");
    const shown = () =>
      page.locator("#results button[data-id]").evaluateAll((bs) => bs.map((b) => b.getAttribute("data-id")));
    await expect.poll(shown).toEqual([String(target.id)]);

    // The first list answers now; the page is ready once it has read it, and the search stays on screen.
    await held!.continue();
    await page.waitForSelector("html[data-ready='true']");
    expect(await shown()).toEqual([String(target.id)]);
    await context.close();
  });
});
