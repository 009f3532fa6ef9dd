// An officer enters initiatives late: the editor's "Ngày phát sinh" (today unless changed, never ahead of
// today) is sent with the save, so the figure lands in the period it happened in, not in this month;
// a day the server refuses (before the enterprise's figures began) is said at the field; a save that
// meets someone else's newer one keeps its day through the conflict view.
import { describe, expect, it } from "vitest";
import type { ChangeLogPage } from "../../contract/change-log.ts";
import type { Enterprise, EnterpriseList } from "../../contract/enterprise.ts";
import type { PeriodReport } from "../../contract/report.ts";
import { openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";

const rig = useBrowserApp({ enterprises: 60, name: "fact-date" });
/** Today in Vietnam as the field shows it (dd/mm/yyyy), read when checked: a run may cross midnight there. */
const today = () => new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date());
const JUNE_2021 = "/api/reports/period?from=2021-06-01&to=2021-06-30";

describe("the editor's fact date (ngày phát sinh)", () => {
  it("puts initiatives saved with a past fact date into that period", async () => {
    // A non-state enterprise on the records since 2020 (the seed's backdated history): created before
    // the 2025 reorganisation.
    let target: Enterprise | undefined;
    for (const e of (await rig.get<EnterpriseList>("/api/enterprises?nonState=true&pageSize=60&sort=name")).items) {
      const history = await rig.get<ChangeLogPage>(`/api/enterprises/${e.id}/history?pageSize=100`);
      if (history.items.some((c) => c.action === "create" && c.at < "2025-06-01")) {
        target = e;
        break;
      }
    }
    if (!target) throw new Error("the seed has no enterprise on the records before 2025");
    const before = await rig.get<PeriodReport>(JUNE_2021);
    const thisYear = await rig.get<PeriodReport>("/api/reports/period");

    const { page, problems } = await openPage(rig.browser, `${rig.app.url}/editor.html`, undefined, {
      cookie: rig.admin,
    });
    await page.locator("html[data-ready=true]").waitFor({ timeout: 20_000 });
    await page.locator("#search-q").fill(target.taxCode);
    await page.locator("#search-button").click();
    await page.locator(`#results button[data-id="${target.id}"]`).click();
    await expect.poll(() => page.locator("#field-taxCode").inputValue()).toBe(target.taxCode);

    const fact = page.locator("#field-factDate");
    expect(await page.locator('label[for="field-factDate"]').textContent()).toBe("Ngày phát sinh");
    expect(await fact.inputValue()).toBe(today());
    await page.locator("#field-initiatives").fill(String(target.initiatives + 7));

    // Before the enterprise's figures began: refused by the server, said at the field, nothing saved.
    await fact.fill("01/01/2001");
    await page.locator("#save").click();
    const message = page.locator("#field-factDate-day-message");
    await expect
      .poll(() => message.textContent())
      .toMatch(/^không được trước ngày doanh nghiệp bắt đầu có số liệu \(\d\d\/\d\d\/20\d\d\)$/);
    expect(await fact.getAttribute("aria-invalid")).toBe("true");
    expect((await rig.get<Enterprise>(`/api/enterprises/${target.id}`)).version).toBe(target.version);

    // Meanwhile someone else saves the headcount: the save meets the conflict view, and the choices are
    // saved with the day the officer gave, not today.
    const theirs = await fetch(`${rig.app.url}/api/enterprises/${target.id}`, {
      method: "PATCH",
      headers: { cookie: rig.admin, "content-type": "application/json" },
      body: JSON.stringify({ version: target.version, headcount: target.headcount + 1 }),
    });
    expect(theirs.status).toBe(200);
    await fact.fill("15/06/2021");
    await page.locator("#save").click();
    await page.locator('[data-action="resolve"]').click();
    await expect
      .poll(async () => (await rig.get<Enterprise>(`/api/enterprises/${target.id}`)).initiatives)
      .toBe(target.initiatives + 7);
    // Said in words people use: when and by whom, no version number.
    // The server may hold the value a moment before the page has read its answer: wait for the words.
    await expect
      .poll(() => page.locator("#editor-status").textContent())
      .toMatch(/^Đã lưu\. Cập nhật lần cuối \d\d\/\d\d\/\d{4} \d\d:\d\d bởi .+\.$/);
    // The form is ready for the next change: the day is today again.
    await expect.poll(async () => (await fact.inputValue()) === today()).toBe(true);
    expect((await rig.get<PeriodReport>(JUNE_2021)).initiatives).toBe(before.initiatives + 7);
    expect((await rig.get<PeriodReport>("/api/reports/period")).initiatives).toBe(thisYear.initiatives);
    // The refused save answered 400, the stale one 409; nothing else went wrong.
    expect(problems.filter((p) => !/HTTP 40[09]|status of 40[09]/.test(p))).toEqual([]);
    await page.context().close();
  });
});
