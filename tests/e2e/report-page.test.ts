// A leader opens the period report's print page for the seed's example period (01/01/2021–30/09/2022)
// in Chromium: the page is laid out as a Vietnamese union report, its numbers are the JSON's
// (2.099 recommended, 841 admitted, 40,1 %), it prints on A4 in the pages expected, English on request,
// and the dashboard and the analysis page lead to it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PeriodReport } from "../../contract/report.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { ARTIFACTS, openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";

const rig = useBrowserApp({ enterprises: 300, name: "report" });
const EXAMPLE = "from=2021-01-01&to=2022-09-30";
const vi = new Intl.NumberFormat("vi-VN");

/** The pages of a PDF: its page objects (not the /Pages tree nodes). */
const pdfPages = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

describe("the period report's print page", () => {
  it("lays out the example period as a union report with the JSON's numbers, and prints on A4", async () => {
    const leader = await login(rig.app.url, "leader", DEMO_PASSWORD);
    const json = (await (
      await fetch(`${rig.app.url}/api/reports/period?${EXAMPLE}`, { headers: { cookie: leader } })
    ).json()) as PeriodReport;
    const { page, problems } = await openPage(
      rig.browser,
      `${rig.app.url}/report.html?${EXAMPLE}`,
      { width: 1200, height: 1000 },
      { cookie: leader },
    );
    await page.locator('[data-section="5"]').waitFor({ timeout: 20_000 });

    // The parts of a Vietnamese union report.
    const text = (selector: string) => page.locator(selector).first().textContent();
    expect(await text(".issuer-name")).toBe("LIÊN ĐOÀN LAO ĐỘNG TỈNH AN PHÚ");
    expect(await text(".motto-name")).toBe("CÔNG ĐOÀN VIỆT NAM");
    expect(await text(".doc-number")).toMatch(/^Số: +\/BC-LĐLĐ$/);
    expect(await text(".place-date")).toMatch(/^An Phú, ngày \d{2} tháng \d{2} năm \d{4}$/);
    expect(await text(".report-title h1")).toBe("BÁO CÁO");
    expect(await text(".report-title .period")).toBe("từ ngày 01/01/2021 đến ngày 30/09/2022");
    expect(await page.locator(".report-section h2").allTextContents()).toEqual([
      "I. DOANH NGHIỆP VÀ NGƯỜI LAO ĐỘNG",
      "II. ĐOÀN VIÊN CÔNG ĐOÀN VÀ CÔNG ĐOÀN CƠ SỞ THÀNH LẬP MỚI",
      "III. CÔNG TÁC PHÁT TRIỂN ĐẢNG",
      "IV. SÁNG KIẾN",
      "V. CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI KHÁC",
    ]);
    expect(await page.locator(".signature .sign-role").allTextContents()).toEqual(["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]);

    // The numbers: the JSON's, in Vietnamese format, beside the previous period and a year earlier.
    const row = (table: string, n: number) =>
      page.locator(`table[data-table="${table}"] tbody tr`).nth(n).locator("td").allTextContents();
    expect(await row("party", 0)).toEqual([
      "2.099",
      vi.format(json.previous.partyRecommended),
      vi.format(json.yearEarlier.partyRecommended),
    ]);
    expect((await row("party", 1))[0]).toBe("841");
    expect((await row("party", 2))[0]).toBe("40,1%");
    expect((await row("initiatives", 0))[0]).toBe(vi.format(json.initiatives));
    expect((await row("enterprises", 0))[0]).toBe(vi.format(json.current.enterprises));
    expect((await row("members", 1))[0]).toBe(vi.format(json.current.unionMembersEnd));
    const units = page.locator('table[data-table="units"] tbody tr');
    expect(await units.count()).toBe(json.byUnit.length + 1);
    for (const [i, u] of json.byUnit.entries()) {
      expect(await units.nth(i).locator("th").textContent()).toBe(u.name);
      expect((await units.nth(i).locator("td").allTextContents()).slice(0, 2)).toEqual([
        vi.format(u.figures.enterprises),
        vi.format(u.figures.headcount),
      ]);
    }

    // The picker (days written dd/mm/yyyy) and the downloads carry the period.
    expect(await page.locator("#report-from").inputValue()).toBe("01/01/2021");
    expect(await page.locator("#report-to").inputValue()).toBe("30/09/2022");
    expect(await page.locator("#report-docx").getAttribute("href")).toBe(`/api/reports/period.docx?${EXAMPLE}&lang=vi`);
    expect(await page.locator("#report-xlsx").getAttribute("href")).toBe(`/api/reports/period.xlsx?${EXAMPLE}&lang=vi`);
    expect(problems).toEqual([]);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "report-page.png"), fullPage: true });
    // Printed: the toolbar is gone and the report fits two A4 pages, the appendix by unit a third.
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    fs.writeFileSync(path.join(ARTIFACTS, "report-page.pdf"), pdf);
    expect(pdfPages(pdf)).toBeGreaterThanOrEqual(2);
    expect(pdfPages(pdf)).toBeLessThanOrEqual(3);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("#report-toolbar").isVisible()).toBe(false);
    await page.context().close();
  });

  it("shows English with lang=en, picks a new period, and is reached from the dashboard and the analysis page", async () => {
    const leader = await login(rig.app.url, "leader", DEMO_PASSWORD);
    const en = await openPage(rig.browser, `${rig.app.url}/report.html?${EXAMPLE}&lang=en`, undefined, {
      cookie: leader,
    });
    await en.page.locator('[data-section="3"]').waitFor({ timeout: 20_000 });
    expect(await en.page.locator(".motto-name").textContent()).toBe("VIETNAM GENERAL CONFEDERATION OF LABOUR");
    expect(await en.page.locator('table[data-table="party"] tbody tr td').first().textContent()).toBe("2,099");
    // A new period through the picker.
    await en.page.locator("#report-from").fill("01/01/2022");
    await en.page.locator("#report-show").click();
    await en.page.waitForURL(/from=2022-01-01/);
    await en.page.locator('[data-section="3"]').waitFor({ timeout: 20_000 });
    expect(await en.page.locator(".report-title .period").textContent()).toBe("from 01/01/2022 to 30/09/2022");
    expect(en.problems).toEqual([]);
    await en.page.context().close();

    // Navigation: the dashboard's menu and the analysis page's header.
    const dash = await openPage(rig.browser, `${rig.app.url}/`, undefined, { cookie: leader });
    const link = dash.page.locator("#nav-report");
    await link.waitFor({ timeout: 20_000 });
    expect(await link.getAttribute("href")).toBe("/report.html");
    await link.click();
    await dash.page.locator('[data-section="1"]').waitFor({ timeout: 20_000 });
    expect(await dash.page.locator(".report-title .period").textContent()).toMatch(/^từ ngày 01\/01\/\d{4} đến ngày/);
    await dash.page.context().close();
    const analysis = await openPage(rig.browser, `${rig.app.url}/analysis.html`, undefined, { cookie: leader });
    expect(await analysis.page.locator("#nav-report").getAttribute("href")).toBe("/report.html");
    await analysis.page.context().close();
  });
});
