// An analyst's page: she narrows the province with the filter panel, clicks a district's bar, and
// the table, the chips and the URL follow; the same URL in another browser shows the same view.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnterpriseList } from "../../contract/enterprise.ts";
import type { Stats } from "../../contract/stats.ts";
import type { RunningApp } from "../../server/compose.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { launchBrowser, openPage, releaseBrowser } from "./support/browser.ts";
import { startSeeded } from "../support/seeded-start.ts";

let app: RunningApp;
let browser: Browser;
let dir: string;
let cookie: string; // the demo analyst's session

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-e2e-"));
  app = await startSeeded({ DATA_DIR: dir, PORT: "0", LOG_LEVEL: "silent", SEED_ENTERPRISES: "1500" });
  browser = await launchBrowser();
  cookie = await login(app.url, "analyst", DEMO_PASSWORD);
});

afterAll(async () => {
  await releaseBrowser(browser);
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = async <T>(p: string) => (await fetch(app.url + p, { headers: { cookie } })).json() as Promise<T>;

interface Bar {
  key: string;
  x: number;
  y: number;
}
const barsOf = async (page: Page, dimension: string): Promise<Bar[]> =>
  JSON.parse((await page.locator(`#chart-${dimension} canvas`).getAttribute("data-bars")) ?? "[]") as Bar[];

async function clickBar(page: Page, dimension: string, key: string) {
  const canvas = page.locator(`#chart-${dimension} canvas`);
  await canvas.scrollIntoViewIfNeeded();
  // Click where the bar is once the layout has settled (late data or a resize moves the rows).
  let bars = await barsOf(page, dimension);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(250);
    const again = await barsOf(page, dimension);
    if (JSON.stringify(again) === JSON.stringify(bars)) break;
    bars = again;
  }
  const bar = bars.find((b) => b.key === key)!;
  await canvas.click({ position: { x: bar.x, y: bar.y } });
}

// The selection of the issue: FDI, manufacturing, 100 workers or more, no Youth Union.
const FILTER = "ownership=FDI&sector=C&size=100-499,500-999,gte1000&missing=youth";

describe("the analysis page", () => {
  it("a click on a district bar filters the table, shows a chip and goes into the URL, which reopens the same view", async () => {
    const stats = await get<Stats>(`/api/stats?${FILTER}`);
    expect(stats.totals.enterprises).toBeGreaterThan(0);
    const busiest = [...stats.byDistrict].sort((a, b) => b.enterprises - a.enterprises)[0]!;
    const expected = await get<EnterpriseList>(`/api/enterprises?${FILTER}&district=${busiest.districtId}&pageSize=1`);

    const { page, problems, screenshot } = await openPage(
      browser,
      `${app.url}/analysis.html?${FILTER}`,
      { width: 1400, height: 1000 },
      { cookie },
    );
    const table = page.locator("#enterprise-table");
    await expect
      .poll(() => table.getAttribute("data-total"), { timeout: 10_000 })
      .toBe(String(stats.totals.enterprises));
    await expect
      .poll(async () => (await barsOf(page, "district")).some((b) => b.key === String(busiest.districtId)), {
        timeout: 10_000,
      })
      .toBe(true);

    await clickBar(page, "district", String(busiest.districtId));

    await expect.poll(() => table.getAttribute("data-total"), { timeout: 10_000 }).toBe(String(expected.total));
    expect(new URL(page.url()).searchParams.get("pick")).toBe(`district:${busiest.districtId}`);
    await expect.poll(() => page.locator(`[data-chip="pick:district:${busiest.districtId}"]`).count()).toBe(1);
    // Every row on screen is in that district.
    const districtName = (await get<{ id: number; name: string }[]>("/api/districts")).find(
      (d) => d.id === busiest.districtId,
    )!.name;
    const areas = await page.locator("#enterprise-table tbody tr td:nth-child(3)").allTextContents();
    expect(areas.length).toBe(Math.min(expected.total, 50));
    expect(new Set(areas)).toEqual(new Set([districtName]));
    // The other charts narrowed to the district; the district chart keeps every bar, the picked one marked.
    await expect
      .poll(() => page.locator("#chart-district canvas").getAttribute("data-picked"))
      .toBe(String(busiest.districtId));
    // A 12-month trend for the selection.
    await expect
      .poll(
        async () => JSON.parse((await page.locator("#trend-box canvas").getAttribute("data-values")) ?? "[]").length,
        { timeout: 10_000 },
      )
      .toBe(12);
    await screenshot("analysis-picked");

    // Exports hold exactly that selection: the table (every row), the trend and a chart.
    const saved = async (selector: string) => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator(selector).click()]);
      return { name: download.suggestedFilename(), bytes: fs.readFileSync((await download.path())!) };
    };
    const csv = await saved("#export-csv");
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.bytes.toString("utf8").trimEnd().split("\r\n")).toHaveLength(expected.total + 1);
    const trendFile = await saved("#trend-csv");
    expect(trendFile.bytes.toString("utf8").trimEnd().split("\r\n")).toHaveLength(13);
    const png = await saved("#chart-district .chart-download");
    expect(png.name).toMatch(/\.png$/);
    expect([...png.bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");

    // The same address in another browser: the same view.
    const other = await openPage(
      browser,
      page.url(),
      { width: 1400, height: 1000 },
      { cookie: await login(app.url, "analyst", DEMO_PASSWORD) },
    );
    await expect
      .poll(() => other.page.locator("#enterprise-table").getAttribute("data-total"), { timeout: 10_000 })
      .toBe(String(expected.total));
    await expect.poll(() => other.page.locator(`[data-chip="pick:district:${busiest.districtId}"]`).count()).toBe(1);
    expect(await other.page.locator("#chips [data-chip]").count()).toBe(
      await page.locator("#chips [data-chip]").count(),
    );
    await expect
      .poll(() => other.page.locator("#chart-district canvas").getAttribute("data-picked"))
      .toBe(String(busiest.districtId));

    // Clicking the bar again clears the pick.
    await clickBar(page, "district", String(busiest.districtId));
    await expect
      .poll(() => table.getAttribute("data-total"), { timeout: 10_000 })
      .toBe(String(stats.totals.enterprises));
    expect(new URL(page.url()).searchParams.get("pick")).toBeNull();
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it("merges live changes into the rows in place, and a pause freezes the view until resumed", async () => {
    const { page, problems } = await openPage(browser, `${app.url}/analysis.html?sort=taxCode`, undefined, { cookie });
    await expect.poll(() => page.getAttribute("html", "data-connection"), { timeout: 10_000 }).toBe("connected");
    const firstRow = page.locator("#enterprise-table tbody tr").first();
    await expect.poll(() => firstRow.getAttribute("data-enterprise-id"), { timeout: 10_000 }).not.toBeNull();
    const id = Number(await firstRow.getAttribute("data-enterprise-id"));
    const admin = await login(app.url, "admin", DEMO_PASSWORD);
    // Each change adds workers: always a real change, whatever the enterprise's figures are.
    const grow = async () => {
      const current = (await (
        await fetch(`${app.url}/api/enterprises/${id}`, { headers: { cookie: admin } })
      ).json()) as { version: number; headcount: number };
      const headcount = current.headcount + 7;
      const r = await fetch(`${app.url}/api/enterprises/${id}`, {
        method: "PATCH",
        headers: { cookie: admin, "content-type": "application/json", origin: app.url },
        body: JSON.stringify({ version: current.version, headcount }),
      });
      expect(r.status).toBe(200);
      return new Intl.NumberFormat("vi-VN").format(headcount);
    };
    const workers = () =>
      page.locator(`#enterprise-table tbody tr[data-enterprise-id="${id}"] td:nth-child(6)`).textContent();

    const live = await grow();
    await expect.poll(workers, { timeout: 5_000 }).toBe(live);
    expect(await firstRow.getAttribute("data-enterprise-id")).toBe(String(id)); // merged where it was

    await page.locator("#pause").click();
    expect(new URL(page.url()).searchParams.get("paused")).toBe("true");
    const later = await grow();
    await expect.poll(() => page.locator("#paused-note").textContent(), { timeout: 5_000 }).toMatch(/\b1\b/);
    expect(await workers()).toBe(live);

    await page.locator("#pause").click();
    await expect.poll(workers, { timeout: 5_000 }).toBe(later);
    expect(problems).toEqual([]);
  });

  it("drills down from the province to a district, its enterprise list and one enterprise with its history", async () => {
    const stats = await get<Stats>("/api/stats?nonState=true");
    const district = stats.byDistrict[0]!;
    const { page, problems, screenshot } = await openPage(
      browser,
      `${app.url}/analysis.html?nonState=true`,
      { width: 1400, height: 1000 },
      { cookie },
    );
    await expect.poll(async () => (await barsOf(page, "district")).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot("analysis-province");
    await clickBar(page, "district", String(district.districtId));
    await page.locator('[data-drill="area"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get("area")).toBe(String(district.districtId));
    // The list holds every enterprise of the unit, ceased ones too (they keep their history); the
    // figures count the active ones only.
    const listed = await get<{ total: number }>(
      `/api/enterprises?nonState=true&district=${district.districtId}&pageSize=1`,
    );
    expect(listed.total).toBeGreaterThanOrEqual(district.enterprises);
    await expect
      .poll(() => page.locator("#enterprise-table").getAttribute("data-total"), { timeout: 10_000 })
      .toBe(String(listed.total));
    expect(await page.locator("#crumb-list li").count()).toBe(2);

    await page.locator('[data-drill="list"]').click();
    await expect.poll(() => page.locator("#overview").isHidden()).toBe(true);
    expect(await page.locator("#crumb-list li").count()).toBe(3);

    const first = page.locator("#enterprise-table tbody tr").first();
    const id = await first.getAttribute("data-enterprise-id");
    await first.locator(".enterprise-link").click();
    await expect.poll(() => new URL(page.url()).searchParams.get("enterprise")).toBe(id);
    await expect
      .poll(() => page.locator("#enterprise-detail .history-item").count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await page.locator("#crumb-list li").count()).toBe(4);
    await screenshot("analysis-enterprise");

    // Back up the breadcrumbs to the province.
    await page.locator("#crumb-list li a").first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get("area")).toBeNull();
    await expect.poll(() => page.locator("#overview").isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it("a chip removed on its own takes only its filter away", async () => {
    const { page, problems } = await openPage(browser, `${app.url}/analysis.html?${FILTER}`, undefined, { cookie });
    await page.locator('[data-chip="missing:youth"] button').click();
    const without = await get<EnterpriseList>(
      "/api/enterprises?ownership=FDI&sector=C&size=100-499,500-999,gte1000&pageSize=1",
    );
    await expect
      .poll(() => page.locator("#enterprise-table").getAttribute("data-total"), { timeout: 10_000 })
      .toBe(String(without.total));
    expect(new URL(page.url()).searchParams.get("missing")).toBeNull();
    expect(new URL(page.url()).searchParams.get("sector")).toBe("C");
    expect(problems).toEqual([]);
  });
});
