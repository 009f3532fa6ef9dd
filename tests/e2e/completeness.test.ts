// A leader opens the dashboard and sees which units have gone quiet: the panel "Tình hình cập nhật
// số liệu" marks them in words, and a unit whose enterprises are updated meanwhile stops being
// marked without a reload; a merge takes the merged-away unit off. The analysis page has the
// section too, with its CSV link for an administrator.
import { describe, expect, it } from "vitest";
import type { District, Enterprise, EnterpriseList } from "../../contract/enterprise.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { useBrowserApp } from "./support/browser-app.ts";
import { openPage } from "./support/browser.ts";

const rig = useBrowserApp({ enterprises: 150, name: "completeness" });

const send = async (pathname: string, method: string, body: unknown) => {
  const r = await fetch(rig.app.url + pathname, {
    method,
    headers: { "content-type": "application/json", cookie: rig.admin },
    body: JSON.stringify(body),
  });
  expect(r.status, await r.clone().text()).toBeLessThan(300);
  return r.json() as Promise<unknown>;
};
/** Every active enterprise of a unit updated now: the unit reports in full. */
async function updateAll(districtId: number) {
  const { items } = await rig.get<EnterpriseList>(`/api/enterprises?district=${districtId}&pageSize=500`);
  for (const e of items.filter((x: Enterprise) => x.status === "ACTIVE"))
    await send(`/api/enterprises/${e.id}`, "PATCH", { version: e.version, initiatives: e.initiatives + 1 });
}

describe("reporting completeness on the pages", () => {
  it("the dashboard marks quiet units in words and follows updates and a merge live", async () => {
    // The seed's changes were entered over two years: under one in ten of a unit's enterprises in
    // the last 30 days, so every unit starts quiet; the first unit reports in full before the page opens.
    const [a, b, c] = await rig.get<District[]>("/api/districts");
    await updateAll(a!.id);
    const leader = await login(rig.app.url, "leader", DEMO_PASSWORD);
    const { page, problems } = await openPage(rig.browser, rig.app.url + "/", undefined, { cookie: leader });

    const panel = page.locator("#completeness");
    await expect.poll(() => panel.locator("h2").textContent(), { timeout: 10_000 }).toBe("Tình hình cập nhật số liệu");
    const rowOf = (d: District) => panel.locator(`tbody tr[data-district-id="${d.id}"]`);
    await expect.poll(() => rowOf(a!).getAttribute("data-quiet"), { timeout: 10_000 }).toBe("false");
    expect(await rowOf(a!).locator(".completeness-state").textContent()).toBe("Có cập nhật");
    expect(await rowOf(b!).getAttribute("data-quiet")).toBe("true");
    expect(await rowOf(b!).locator(".completeness-state").textContent()).toBe("Lâu không cập nhật");
    // Counts and shares the Vietnamese way, and the total row.
    expect(await rowOf(a!).locator(".completeness-recent").textContent()).toMatch(/^\d+ \(100,0\s?%\)$/);
    expect(await panel.locator("tfoot th").textContent()).toBe("Toàn tỉnh");
    expect(await rowOf(a!).locator(".completeness-last").textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(await panel.locator(".completeness-csv, #completeness-csv").count()).toBe(0); // a leader may not export

    // Unit b reports while the leader watches: its mark goes within the panel's refresh.
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await updateAll(b!.id);
    await expect.poll(() => rowOf(b!).getAttribute("data-quiet"), { timeout: 15_000 }).toBe("false");

    // Unit c merges into a: its row goes, a's count grows.
    const before = Number((await rowOf(a!).locator(".completeness-enterprises").textContent())!.replace(/\D/g, ""));
    await send("/api/districts/merge", "POST", { sourceIds: [c!.id], into: a!.id, effectiveDate: "2026-01-01" });
    await expect.poll(() => rowOf(c!).count(), { timeout: 10_000 }).toBe(0);
    await expect
      .poll(async () =>
        Number((await rowOf(a!).locator(".completeness-enterprises").textContent())!.replace(/\D/g, "")),
      )
      .toBeGreaterThan(before);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

    await page.locator("#lang-switch").click();
    await expect.poll(() => panel.locator("h2").textContent()).toBe("Reporting completeness");
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the analysis page has the section with a CSV link for an administrator", async () => {
    const { page, problems } = await openPage(rig.browser, rig.app.url + "/analysis.html", undefined, {
      cookie: rig.admin,
    });
    const link = page.locator("#completeness #completeness-csv");
    await expect.poll(() => link.getAttribute("href"), { timeout: 10_000 }).toMatch(/^\/api\/completeness\.csv/);
    await expect.poll(() => page.locator("#completeness tbody tr").count()).toBeGreaterThan(1);
    const r = await fetch(rig.app.url + (await link.getAttribute("href"))!, { headers: { cookie: rig.admin } });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("Toàn tỉnh");
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
