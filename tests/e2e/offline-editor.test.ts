// An officer whose connection drops: the editor still opens (the installable app's service worker),
// edits wait on the phone through a reload and go out in order when the connection returns; a
// conflicting save made meanwhile opens the side-by-side view; a new release replaces the old client.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeList } from "../../contract/changes.ts";
import type { Enterprise } from "../../contract/enterprise.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import type { RunningApp } from "../../server/compose.ts";
import { startSeeded } from "../support/seeded-start.ts";
import { launchBrowser, releaseBrowser } from "./support/browser.ts";

const BUILT = path.resolve(import.meta.dirname, "../../dist/client");
// A copy of the built client, so the last test can change it as a new release would.
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-offline-client-"));
// (Its own server rather than useBrowserApp's: that one always serves dist/client.)
const rig = {} as { app: RunningApp; browser: Browser; dir: string; admin: string };
const get = async <T>(pathname: string) =>
  (await fetch(rig.app.url + pathname, { headers: { cookie: rig.admin } })).json() as Promise<T>;

let context: BrowserContext;
let page: Page;
let editor: string; // editor.ap01's session cookie
const problems: string[] = [];

async function enterprise(id: number): Promise<Enterprise> {
  return get<Enterprise>(`/api/enterprises/${id}`);
}

/** Waits until the editor has loaded (online or from the service worker's caches). */
async function ready() {
  await page.waitForSelector("html[data-ready='true']", { timeout: 10_000 });
}

async function open(id: number) {
  await page.click(`#results button[data-id="${id}"]`);
  await expect.poll(() => page.inputValue("#field-taxCode").catch(() => "")).not.toBe("");
  await expect.poll(() => page.textContent("#form-title")).toContain((await enterprise(id)).name);
}

async function saveField(field: string, value: number) {
  await page.fill(`#field-${field}`, String(value));
  await page.click("#save");
}

const banner = () => page.locator("#offline-banner");

beforeAll(async () => {
  fs.cpSync(BUILT, clientDir, { recursive: true });
  rig.dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-e2e-offline-"));
  rig.app = await startSeeded(
    { DATA_DIR: rig.dir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_ENTERPRISES: "120" },
    undefined,
    { clientDir },
  );
  rig.browser = await launchBrowser();
  rig.admin = await login(rig.app.url, "admin", DEMO_PASSWORD);
  editor = await login(rig.app.url, "editor.ap01", DEMO_PASSWORD);
  context = await rig.browser.newContext({ serviceWorkers: "allow", locale: "vi-VN" });
  const eq = editor.indexOf("=");
  await context.addCookies([{ name: editor.slice(0, eq), value: editor.slice(eq + 1), url: rig.app.url }]);
  page = await context.newPage();
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`),
    );
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && m.text().startsWith("CSP")) problems.push(m.text());
  });
  await page.goto(`${rig.app.url}/editor.html`);
  await ready();
  // The worker takes the page over (clientsClaim); the next visit's reads then pass through it and
  // are kept for offline use, as on an officer's phone after the first visit.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
  await page.reload();
  await ready();
}, 60_000);

afterAll(async () => {
  await context?.close();
  await releaseBrowser(rig.browser);
  await rig.app?.close();
  for (const dir of [clientDir, rig.dir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the editor offline", () => {
  it("keeps edits through an offline reload and sends them in order when the connection returns", async () => {
    const ids = await page.$$eval("#results button[data-id]", (bs) => bs.map((b) => Number(b.dataset.id)));
    const [a, b] = [await enterprise(ids[0]!), await enterprise(ids[1]!)];
    await open(a.id); // seen once online: on the phone from now on

    await context.setOffline(true);
    await saveField("initiatives", a.initiatives + 3);
    await expect.poll(() => banner().getAttribute("data-waiting")).toBe("1");
    expect(await banner().textContent()).toContain("Mất kết nối mạng · 1 thay đổi đang chờ gửi");
    expect(await page.textContent("#editor-status")).toContain("sẽ tự gửi khi có mạng");

    // Reloaded (or the tab closed and opened again) without a connection: the page and the edit are still there.
    await page.reload();
    await ready();
    // The banner counts the queue (read from IndexedDB) beside the first search that data-ready waits
    // for: either may end first.
    await expect.poll(() => banner().getAttribute("data-waiting")).toBe("1");
    await open(b.id); // never opened online: as the list last showed it
    await saveField("initiatives", b.initiatives + 1);
    await open(a.id); // shown as the officer left it, with the waiting edit on top
    expect(await page.inputValue("#field-initiatives")).toBe(String(a.initiatives + 3));
    await saveField("partyRecommended", a.partyRecommended + 2);
    await expect.poll(() => banner().textContent()).toContain("3 thay đổi đang chờ gửi");
    await page.click("#lang-switch");
    expect(await banner().textContent()).toContain("No connection · 3 edits waiting to be sent");
    await page.click("#lang-switch");
    // The server has seen nothing yet.
    expect((await enterprise(a.id)).version).toBe(a.version);

    await context.setOffline(false);
    await expect.poll(() => banner().getAttribute("data-waiting"), { timeout: 10_000 }).toBe("0");
    expect(await banner().isHidden()).toBe(true);
    const [a2, b2] = [await enterprise(a.id), await enterprise(b.id)];
    expect([a2.initiatives, a2.partyRecommended, a2.version]).toEqual([
      a.initiatives + 3,
      a.partyRecommended + 2,
      a.version + 2,
    ]);
    expect([b2.initiatives, b2.version]).toEqual([b.initiatives + 1, b.version + 1]);
    // In the order they were made: A's first edit, B's, then A's second.
    const changes = (await get<ChangeList>("/api/changes?limit=3")).items.reverse();
    expect(changes.map((c) => [c.enterpriseId, Object.keys(c.diff).sort().join()])).toEqual([
      [a.id, "initiatives"],
      [b.id, "initiatives"],
      [a.id, "partyRecommended"],
    ]);
    // The form follows the saved record.
    await expect.poll(() => page.getAttribute("html", "data-version")).toBe(String(a.version + 2));
    expect(problems).toEqual([]);
  }, 60_000);

  it("opens the side-by-side view when someone else saved meanwhile, and loses neither value", async () => {
    const id = Number(await page.getAttribute("#results button[data-id]", "data-id"));
    await open(id);
    const before = await enterprise(id);
    await context.setOffline(true);
    await saveField("initiatives", before.initiatives + 10);
    await expect.poll(() => banner().getAttribute("data-waiting")).toBe("1");
    // Meanwhile the administrator changes the same count.
    const theirs = await fetch(`${rig.app.url}/api/enterprises/${id}`, {
      method: "PATCH",
      headers: { cookie: rig.admin, "content-type": "application/json" },
      body: JSON.stringify({ version: before.version, initiatives: before.initiatives + 20 }),
    });
    expect(theirs.status).toBe(200);

    await context.setOffline(false);
    const row = page.locator('[data-conflict] tr[data-conflict-field="initiatives"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute("data-both")).toBe("");
    expect(await row.locator("td").nth(0).textContent()).toContain(String(before.initiatives + 10));
    expect(await row.locator("td").nth(1).textContent()).toContain(String(before.initiatives + 20));
    // Until the officer chooses, his edit stays on the device (a reload would show the view again).
    expect(await banner().getAttribute("data-waiting")).toBe("1");
    await page.check("#choice-initiatives-yours");
    await page.click('[data-action="resolve"]');
    await expect
      .poll(async () => (await enterprise(id)).initiatives, { timeout: 10_000 })
      .toBe(before.initiatives + 10);
    await expect.poll(() => banner().getAttribute("data-waiting")).toBe("0");
    // The other value is kept in the record's history.
    const history = (
      await get<{ items: { diff: Record<string, [unknown, unknown]> }[] }>(`/api/enterprises/${id}/history?pageSize=5`)
    ).items;
    expect(history.map((h) => h.diff.initiatives?.[1])).toEqual(
      expect.arrayContaining([before.initiatives + 10, before.initiatives + 20]),
    );
    expect(problems).toEqual([]);
  }, 60_000);

  it("shows an edit the server refuses, and drops it only when the officer says so", async () => {
    const ids = await page.$$eval("#results button[data-id]", (bs) => bs.map((b) => Number(b.dataset.id)));
    const id = ids.at(-1)!;
    await open(id);
    const before = await enterprise(id);
    await context.setOffline(true);
    await saveField("initiatives", before.initiatives + 1);
    await expect.poll(() => banner().getAttribute("data-waiting")).toBe("1");
    // Meanwhile the enterprise moves to another unit: this officer may no longer change it.
    const ap02 = (await get<{ id: number; code: string }[]>("/api/districts")).find((d) => d.code === "AP02")!;
    const moved = await fetch(`${rig.app.url}/api/enterprises/${id}`, {
      method: "PATCH",
      headers: { cookie: rig.admin, "content-type": "application/json" },
      body: JSON.stringify({ version: before.version, districtId: ap02.id }),
    });
    expect(moved.status).toBe(200);

    await context.setOffline(false);
    const refused = banner().locator(`[data-refused="${id}"]`);
    await refused.waitFor({ timeout: 10_000 });
    expect(await refused.textContent()).toContain(`Thay đổi cho ${before.name} không được chấp nhận`);
    expect(await refused.textContent()).toContain("Bạn không có quyền sửa doanh nghiệp này.");
    expect(await banner().getAttribute("data-waiting")).toBe("0");
    // Still there after a reload, until discarded.
    await page.reload();
    await ready();
    await refused.waitFor();
    await refused.getByRole("button", { name: "Bỏ thay đổi" }).click();
    await expect.poll(() => refused.count()).toBe(0);
    expect(await banner().isHidden()).toBe(true);
    expect((await enterprise(id)).initiatives).toBe(before.initiatives);
    expect(problems).toEqual([]);
  }, 60_000);

  it("serves a new release after a reload, not the old client from its cache", async () => {
    // A new release: the editor's page names a new script (as a new build's hash would).
    const html = path.join(clientDir, "editor.html");
    const old = fs.readFileSync(html, "utf8");
    const script = /src="\/assets\/(editor-[\w-]+\.js)"/.exec(old)![1]!;
    const assets = path.join(clientDir, "assets");
    fs.writeFileSync(
      path.join(assets, "editor-next.js"),
      `document.documentElement.dataset.release = "next";\n${fs.readFileSync(path.join(assets, script), "utf8")}`,
    );
    fs.writeFileSync(html, old.replace(script, "editor-next.js"));
    expect(await page.getAttribute("html", "data-release")).toBeNull();

    await page.reload();
    await ready();
    expect(await page.getAttribute("html", "data-release")).toBe("next");
    expect(problems).toEqual([]);
  }, 60_000);

  it("asks before a logout would lose waiting edits, and forgets this account's cached answers at logout", async () => {
    const id = Number(await page.getAttribute("#results button[data-id]", "data-id"));
    await open(id);
    const before = await enterprise(id);
    await context.setOffline(true);
    await saveField("initiatives", before.initiatives + 5);
    await expect.poll(() => banner().getAttribute("data-waiting")).toBe("1");
    const dialogs: string[] = [];
    let answer = false;
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void (answer ? d.accept() : d.dismiss());
    });
    await page.click('[data-action="logout"]'); // "no": nothing happens
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain("1 thay đổi chưa gửi sẽ bị xoá");
    answer = true;
    await page.click('[data-action="logout"]'); // "yes", but offline the server cannot be told: still logged in
    await expect.poll(() => dialogs.length).toBe(3);
    expect(dialogs[2]).toContain("cần có mạng để đăng xuất");
    expect(await banner().getAttribute("data-waiting")).toBe("1");
    await context.setOffline(false);
    await expect.poll(async () => (await enterprise(id)).initiatives, { timeout: 10_000 }).toBe(before.initiatives + 5);

    expect(await page.evaluate(() => caches.keys())).toContain("unionpulse-api");
    await page.click('[data-action="logout"]');
    await page.waitForURL(/\/login\.html/);
    expect(await page.evaluate(() => caches.keys())).not.toContain("unionpulse-api");
    // Offline now, the device has no answer of the last account's to give (the editor would show it).
    await context.setOffline(true);
    const me = () =>
      page.evaluate(() =>
        fetch("/api/me").then(
          (r) => r.status,
          () => "unavailable",
        ),
      );
    expect(await me()).toBe("unavailable");
    await context.setOffline(false);
  }, 60_000);
});
