// Targets as a leader sets them: on the targets page she types the province's yearly target for new
// union members and saves; the dashboard's tile then tells the year's progress against it ("Đạt 50,0%
// chỉ tiêu năm …"). The wall shows the data's union density target unless its address gives one.
// The page fits a 390 px phone; this year's print report has the targets' section.
import { describe, expect, it } from "vitest";
import type { TargetsProgress } from "../../contract/targets.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";
import { phoneProblems } from "./support/phone.ts";
import { credentials, waitLive } from "./support/wall.ts";

const rig = useBrowserApp({ enterprises: 150, name: "targets" });
const percent = (r: number) =>
  new Intl.NumberFormat("vi-VN", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r);

describe("targets in the interface", () => {
  it("a leader sets the year's target on the targets page and the dashboard tile shows the progress toward it", async () => {
    const leader = await login(rig.app.url, "leader", DEMO_PASSWORD);
    const progress = await rig.get<TargetsProgress>("/api/targets/progress?nonState=true");
    const achieved = progress.items.find((i) => i.measure === "newMembers")!.achieved!;
    expect(achieved).toBeGreaterThan(0);

    const { page, problems, screenshot } = await openPage(
      rig.browser,
      `${rig.app.url}/targets.html`,
      { width: 390, height: 844 },
      {
        cookie: leader,
        touch: true,
      },
    );
    await page.waitForSelector("html[data-ready='true']");
    const fit = await phoneProblems(page, 390);
    expect(fit.scrollWidth).toBeLessThanOrEqual(390);
    expect(fit.small).toEqual([]);
    const cell = page.locator('tr[data-district="province"] input[data-measure="newMembers"]');
    await cell.fill(String(achieved * 2));
    await page.locator("#targets-save").tap();
    await page.waitForSelector("html[data-saved='1']");
    expect(await page.locator("#targets-status").textContent()).toBe("Đã lưu 1 thay đổi.");
    await screenshot("targets-page-390x844");
    // In English: the same table in English words, the number as typed.
    await page.evaluate(() => document.getElementById("lang-switch")!.click());
    await page.waitForSelector("html[data-ready='true'][lang='en']");
    expect(await page.locator("h1").textContent()).toBe("Yearly targets");
    expect(await page.locator("#targets-table thead th").nth(1).textContent()).toBe("New union members");
    expect(await cell.inputValue()).toBe(new Intl.NumberFormat("en-GB").format(achieved * 2));
    expect(problems).toEqual([]);
    await page.context().close();

    const dash = await openPage(rig.browser, `${rig.app.url}/`, undefined, { cookie: leader });
    const line = dash.page.locator('[data-tile="unionMembers"] .tile-progress');
    await expect
      .poll(() => line.textContent(), { timeout: 10_000 })
      .toBe(`Kết nạp mới: đạt ${percent(0.5)} chỉ tiêu năm ${progress.year}`);
    expect(await line.getAttribute("title")).toContain(new Intl.NumberFormat("vi-VN").format(achieved * 2));
    await dash.screenshot("dashboard-target-progress");
    expect(dash.problems).toEqual([]);
    await dash.page.context().close();

    // The print page of this year's report has the targets' section, with the same progress.
    const report = await openPage(rig.browser, `${rig.app.url}/report.html`, undefined, { cookie: leader });
    const row = report.page.locator('table[data-table="targets"] tbody tr').first();
    await row.waitFor({ timeout: 10_000 });
    expect(await row.locator("th").textContent()).toBe("Kết nạp đoàn viên mới (tăng ròng)");
    expect(await row.locator("td").last().textContent()).toBe(percent(0.5));
    expect(report.problems).toEqual([]);
    await report.page.context().close();
  }, 60_000);

  it("the wall shows the data's density target, and its address still overrides it", async () => {
    const { token } = await credentials(rig.app.url);
    const progress = await rig.get<TargetsProgress>("/api/targets/progress?nonState=true");
    const density = progress.items.find((i) => i.measure === "density")!.target!;
    const wall = await openPage(rig.browser, `${rig.app.url}/wall?pin=headline&token=${token}`, {
      width: 1920,
      height: 1080,
    });
    await waitLive(wall.page);
    expect(await wall.page.evaluate(() => document.documentElement.dataset.targets)).toBe("data");
    const target = wall.page.locator('[data-tile="density"] .tile-target');
    expect(await target.textContent()).toContain(`${density}%`);
    await wall.page.context().close();

    const own = await openPage(rig.browser, `${rig.app.url}/wall?pin=headline&targets=density:40&token=${token}`, {
      width: 1920,
      height: 1080,
    });
    await waitLive(own.page);
    expect(await own.page.locator('[data-tile="density"] .tile-target').textContent()).toContain("40%");
    expect(own.problems).toEqual([]);
    await own.page.context().close();
  }, 60_000);
});
