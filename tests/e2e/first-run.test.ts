// A provincial federation installs UnionPulse for real (issue 10): an empty production database
// (NODE_ENV=production, no demo) and its first administrator made with `npm run user:create`. In the
// browser the administrator sets the province, uploads a units sheet made from the template (a dry
// run that names the bad row, column and reason; then a good one, applied), imports enterprises
// with the enterprise template, and a leader's dashboard, open all along, comes alive without a
// reload. Then two units are merged: a dashboard filtered on one of them follows to the new unit,
// as does an analysis page (kept "as the units were then"), and the other dashboard relabels its
// chart, all without a reload. Screenshots go to test-artifacts/.
import fs from "node:fs";
import path from "node:path";
import type ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { District } from "../../contract/units.ts";
import { bufferOf, openWorkbook, setByHeader } from "../support/spreadsheets.ts";
import { openPage, type WatchedPage } from "./support/browser.ts";
import { useEmptyProduction } from "./support/empty-production.ts";

const rig = useEmptyProduction("first-run");

const UNITS = [
  ["X-AN-BINH", "Xã An Bình", "Xã"],
  ["P-HOA-LAC", "Phường Hòa Lạc", "Phường"],
  ["X-TAN-PHU", "Xã Tân Phú", "Thôn"], // not a kind: the dry run must say so, then it is corrected to Xã
  ["KCN-QV", "Khu công nghiệp Quế Võ", "Khu công nghiệp"],
] as const;

/** Six enterprises: tax code, name, unit, headcount, union members. */
const ENTERPRISES = [
  ["0101000001", "Công ty TNHH May An Bình", "X-AN-BINH", 120, 80],
  ["0101000002", "Công ty CP Gỗ An Bình", "X-AN-BINH", 40, 0],
  ["0101000003", "Công ty TNHH Điện tử Hòa Lạc", "P-HOA-LAC", 300, 210],
  ["0101000004", "Hợp tác xã Rau sạch Hòa Lạc", "P-HOA-LAC", 15, 0],
  ["0101000005", "Công ty TNHH Cơ khí Tân Phú", "X-TAN-PHU", 60, 30],
  ["0101000006", "Công ty TNHH Linh kiện Quế Võ", "KCN-QV", 900, 700],
] as const;

const ready = async (p: Page, selector: string) => {
  if (process.env.E2E_STEPS) console.log(new Date().toISOString(), "waiting for", selector);
  await p.waitForSelector(selector, { timeout: 30_000 });
};
const tile = (p: Page, key: string) => p.locator(`[data-tile="${key}"] .tile-value`);
const digits = (s: string | null) => Number((s ?? "").replace(/\D/g, ""));

/** The file the page offers at `link`, saved where the test can edit it. */
async function download(page: Page, link: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(link)]);
  const to = path.join(rig.dir, name);
  await file.saveAs(to);
  return to;
}

function headerLike(sheet: ExcelJS.Worksheet, pattern: RegExp): string {
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ""));
  const found = headers.find((h) => pattern.test(h));
  if (!found) throw new Error(`no column like ${pattern} in ${headers.join(", ")}`);
  return found;
}

/** What may show in a page's problems here: nothing of ours (see each use). */
const ours = (w: WatchedPage) => w.problems.filter((p) => !/ERR_NETWORK_CHANGED/.test(p));

describe("from an empty production database to a live dashboard", () => {
  it("province, units from a sheet, enterprises from the template, live dashboards; a merge followed live", async () => {
    // A leader opens the dashboard before anything exists: it says so, and waits.
    const leader = await openPage(rig.browser, `${rig.app.url}/`, undefined, { cookie: await rig.account("LEADER") });
    await ready(leader.page, "html[data-setup='missing']");
    await leader.page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    // 1. The province.
    const admin = await openPage(rig.browser, `${rig.app.url}/admin.html`, undefined, { cookie: rig.admin });
    const page = admin.page;
    await ready(page, "html[data-ready='true'][data-province='missing']");
    await admin.screenshot("first-run-1-province");
    await page.fill("#province-code", "BN");
    await page.fill("#province-name-input", "Bắc Ninh");
    await page.click("#province-save");
    await ready(page, "html[data-province='set']");
    expect(await page.textContent("#province-current")).toContain("Bắc Ninh");

    // 2. The units, from the template: first with a bad kind on row 4.
    const template = await download(page, "#units-template", "mau-don-vi.xlsx");
    const book = await openWorkbook(fs.readFileSync(template));
    const sheet = book.worksheets[0]!;
    UNITS.forEach(([code, name, kind], i) => {
      setByHeader(sheet, i + 2, "Mã đơn vị", code);
      setByHeader(sheet, i + 2, "Tên đơn vị", name);
      setByHeader(sheet, i + 2, "Loại", kind);
    });
    const unitsFile = path.join(rig.dir, "don-vi.xlsx");
    fs.writeFileSync(unitsFile, await bufferOf(book));
    await page.setInputFiles("#units-file", unitsFile);
    await page.click("#units-upload");
    await ready(page, "html[data-units-dry-run='blocked']");
    const bad = page.locator("#units-dry-table tr[data-action='error']");
    expect(await bad.count()).toBe(1);
    expect(await bad.getAttribute("data-row")).toBe("4");
    expect(await bad.textContent()).toContain("Loại"); // the sheet's own column name, and the reason beside it
    expect(await page.isDisabled("#units-apply")).toBe(true);
    await admin.screenshot("first-run-2-units-dry-run-error");

    setByHeader(sheet, 4, "Loại", "Xã");
    fs.writeFileSync(unitsFile, await bufferOf(book));
    await page.setInputFiles("#units-file", unitsFile);
    await page.click("#units-upload");
    await ready(page, "html[data-units-dry-run='applicable']");
    expect(await page.locator("#units-dry-table tr[data-action='create']").count()).toBe(4);
    await page.click("#units-apply");
    await ready(page, "html[data-units-applied='1']");
    expect(await page.locator("#units-table tr[data-active='true']").count()).toBe(4);
    // Kinds in words, not codes.
    expect(await page.textContent("#units-table tr[data-unit='KCN-QV']")).toContain("Khu công nghiệp");
    expect(await page.textContent("#units-table tr[data-unit='P-HOA-LAC']")).toContain("Phường");
    await admin.screenshot("first-run-3-units");

    // The leader's dashboard came alive by itself.
    await ready(leader.page, "html[data-setup='done']");
    expect(await leader.page.textContent("#province-name")).toBe("Bắc Ninh");

    // 3. The enterprises, from the enterprise template on the import page (linked from the guide).
    await page.click("#setup-import-link");
    await page.waitForURL(/\/import\.html$/);
    await ready(page, "html[data-ready='true']");
    const eTemplate = await download(page, "#template-link", "mau-doanh-nghiep.xlsx");
    const eBook = await openWorkbook(fs.readFileSync(eTemplate));
    const eSheet = eBook.worksheets[0]!;
    const unitColumn = headerLike(eSheet, /^Mã (huyện|đơn vị)/i);
    ENTERPRISES.forEach(([taxCode, name, unit, headcount, members], i) => {
      const row = i + 2;
      setByHeader(eSheet, row, "Mã số thuế", taxCode);
      setByHeader(eSheet, row, "Tên doanh nghiệp", name);
      setByHeader(eSheet, row, unitColumn, unit);
      setByHeader(eSheet, row, "Ngành VSIC", "C");
      setByHeader(eSheet, row, "Loại hình", name.startsWith("Hợp tác xã") ? "Hợp tác xã" : "Tư nhân trong nước");
      setByHeader(eSheet, row, "Số lao động", headcount);
      setByHeader(eSheet, row, "Số đoàn viên", members);
      // Blank count cells of a new row are refused as "không phải là số" (reported to the lead): filled.
      for (const count of ["Giới thiệu Đảng", "Kết nạp Đảng", "Sáng kiến"]) setByHeader(eSheet, row, count, 0);
      for (const flag of ["Có CĐCS", "Có tổ chức Đảng", "Có Đoàn TN", "Có Hội LHPN", "Có Hội CCB"])
        setByHeader(eSheet, row, flag, flag === "Có CĐCS" && members > 0 ? "Có" : "Không");
    });
    const eFile = path.join(rig.dir, "doanh-nghiep.xlsx");
    fs.writeFileSync(eFile, await bufferOf(eBook));
    await page.setInputFiles("#file-input", eFile);
    await page.click("#upload-button");
    await ready(page, "html[data-dry-run]");
    // When blocked, the rows' own reasons are the failure message.
    expect(await page.getAttribute("html", "data-dry-run"), (await page.textContent("#dry-run-table")) ?? "").toBe(
      "applicable",
    );
    expect(await page.locator('#dry-run-table tr[data-action="create"]').count()).toBe(ENTERPRISES.length);
    await page.click("#apply-button");
    await ready(page, "html[data-applied='true']");

    // The leader's dashboard shows them, live.
    await expect
      .poll(async () => digits(await tile(leader.page, "enterprises").textContent()), { timeout: 15_000 })
      .toBe(6);
    const members = ENTERPRISES.reduce((n, e) => n + e[4], 0);
    expect(digits(await tile(leader.page, "unionMembers").textContent())).toBe(members);
    await leader.screenshot("first-run-4-dashboard");

    // 4. A merge: Xã An Bình and Xã Tân Phú become Xã An Tân. A second dashboard follows Xã An Bình.
    const units = (await rig.call<District[]>("GET", "/api/districts")).body;
    const id = (code: string) => units.find((u) => u.code === code)!.id;
    const filtered = await openPage(rig.browser, `${rig.app.url}/?district=${id("X-AN-BINH")}`, undefined, {
      cookie: await rig.account("LEADER"),
    });
    await expect
      .poll(async () => digits(await tile(filtered.page, "enterprises").textContent()), { timeout: 15_000 })
      .toBe(2);
    await filtered.page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    // An analyst's analysis page on the same unit, "as the units were then" (kept in the address).
    const analysis = await openPage(
      rig.browser,
      `${rig.app.url}/analysis.html?district=${id("X-AN-BINH")}`,
      undefined,
      {
        cookie: await rig.account("ANALYST"),
      },
    );
    await ready(analysis.page, "html[data-units-version][data-setup='done']");
    await analysis.page.selectOption("#units-view", "then");
    await expect.poll(() => new URL(analysis.page.url()).searchParams.get("units")).toBe("then");
    await analysis.page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    await page.goto(`${rig.app.url}/admin.html`);
    await ready(page, "html[data-ready='true'][data-province='set']");
    await page.check(`#merge-source-${id("X-AN-BINH")}`);
    await page.check(`#merge-source-${id("X-TAN-PHU")}`);
    await page.check("#merge-into-new");
    await page.fill("#merge-new-code", "X-AN-TAN");
    await page.fill("#merge-new-name", "Xã An Tân");
    await page.selectOption("#merge-new-kind", "COMMUNE");
    await page.click("#merge-button");
    await expect.poll(() => page.textContent("#units-status"), { timeout: 15_000 }).toContain("Xã An Tân");
    expect(await page.locator("#units-table tr[data-active='true']").count()).toBe(3);
    await admin.screenshot("first-run-5-merged");

    // The filtered dashboard follows its unit to the merged one: address, filter and figures.
    const merged = (await rig.call<District[]>("GET", "/api/districts")).body.find((u) => u.code === "X-AN-TAN")!;
    await expect
      .poll(() => new URL(filtered.page.url()).searchParams.get("district"), { timeout: 15_000 })
      .toBe(String(merged.id));
    await expect
      .poll(() => filtered.page.$eval("#filter-district", (s) => (s as HTMLSelectElement).selectedOptions[0]?.text))
      .toBe("Xã An Tân");
    await expect
      .poll(async () => digits(await tile(filtered.page, "enterprises").textContent()), { timeout: 15_000 })
      .toBe(3);
    await filtered.screenshot("first-run-6-filtered-followed");

    // The analysis page follows too, keeping its "as then" choice.
    await expect
      .poll(() => new URL(analysis.page.url()).searchParams.get("district"), { timeout: 15_000 })
      .toBe(String(merged.id));
    expect(new URL(analysis.page.url()).searchParams.get("units")).toBe("then");
    await expect.poll(() => analysis.page.textContent("#chips"), { timeout: 15_000 }).toContain("Xã An Tân");
    await analysis.screenshot("first-run-8-analysis-followed");

    // The province-wide dashboard relabels its chart; a merge changes no province total.
    const chartNames = () => leader.page.$$eval("#chart-district tbody th", (ths) => ths.map((th) => th.textContent));
    await expect.poll(chartNames, { timeout: 15_000 }).toContain("Xã An Tân");
    expect(await chartNames()).not.toContain("Xã An Bình");
    expect(digits(await tile(leader.page, "enterprises").textContent())).toBe(6);
    expect(digits(await tile(leader.page, "unionMembers").textContent())).toBe(members);
    await leader.screenshot("first-run-7-dashboard-after-merge");

    // Neither dashboard was reloaded.
    for (const w of [leader, filtered, analysis])
      expect(await w.page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(ours(leader)).toEqual([]);
    expect(ours(filtered)).toEqual([]);
    expect(ours(analysis)).toEqual([]);
    expect(ours(admin)).toEqual([]);
  }, 300_000); // a dozen page loads and three files on a shared 2-core machine
});
