// Days are typed and shown dd/mm/yyyy on every page, even in a Chromium set to American English (whose own
// date picker writes mm/dd/yyyy): "07/11/2026" is 7 November on the editor, the analysis page, the
// period report and the admin's audit log, and a day that does not exist or lies ahead is said beside the box.
import { describe, expect, it } from "vitest";
import type { Enterprise, EnterpriseList } from "../../contract/enterprise.ts";
import { openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";

const rig = useBrowserApp({ enterprises: 60, name: "day-fields" });
const today = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date()); // dd/mm/yyyy
const open = (path: string) =>
  openPage(rig.browser, `${rig.app.url}${path}`, undefined, { cookie: rig.admin, locale: "en-US" });

describe("day fields in an en-US browser", () => {
  it("the editor's status date shows dd/mm/yyyy, refuses a future day and saves 07/11/2026 as 7 November", async () => {
    const { page, problems } = await open("/editor.html");
    await page.locator("html[data-ready=true]").waitFor({ timeout: 20_000 });
    const first = (await rig.get<EnterpriseList>("/api/enterprises?pageSize=1&sort=name")).items[0]!;
    await page.locator("#search-q").fill(first.taxCode);
    await page.locator("#search-button").click();
    await page.locator(`#results button[data-id="${first.id}"]`).click();
    await expect.poll(() => page.locator("#field-taxCode").inputValue()).toBe(first.taxCode);

    const date = page.locator("#field-statusDate");
    expect(await date.getAttribute("placeholder")).toBe("dd/mm/yyyy");
    expect(await date.getAttribute("inputmode")).toBe("numeric");
    await page.locator("#field-status").selectOption("CEASED");
    expect(await date.inputValue()).toBe(today);

    await date.fill("07/11/2099");
    await date.press("Tab");
    expect(await date.getAttribute("aria-invalid")).toBe("true");
    const message = page.locator("#field-statusDate-day-message");
    expect(await message.textContent()).toBe(`Không được sau ngày ${today}`);
    await page.locator("#save").click();
    expect((await rig.get<Enterprise>(`/api/enterprises/${first.id}`)).status).toBe("ACTIVE");

    await date.fill("7/11/2026");
    await date.press("Tab");
    expect(await date.inputValue()).toBe("07/11/2026");
    expect(await date.getAttribute("aria-invalid")).toBe("false");
    expect(await message.isHidden()).toBe(true);
    await page.locator("#save").click();
    await expect
      .poll(async () => (await rig.get<Enterprise>(`/api/enterprises/${first.id}`)).statusDate)
      .toBe("2026-11-07");
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the analysis page's as-of, the report's and the coordination view's period and the audit's dates read 07/11/2026 as 7 November", async () => {
    const analysis = await open("/analysis.html");
    const asOf = analysis.page.locator("#as-of");
    // The box is in the page's HTML from the start, but it reads what is typed only once the page's
    // script has run past its session check: wait for the units it loads after that.
    await analysis.page.waitForSelector("html[data-units-version]", { timeout: 20_000 });
    await asOf.fill("31/02/2026");
    await asOf.press("Enter");
    expect(await asOf.getAttribute("aria-invalid")).toBe("true");
    expect(await analysis.page.locator("#as-of-day-message").textContent()).toBe(
      "Hãy viết ngày theo dạng ngày/tháng/năm, ví dụ 07/11/2026",
    );
    await asOf.fill("07/11/2026");
    await asOf.press("Enter");
    await analysis.page.waitForURL(/asOf=2026-11-07/);
    expect(await analysis.page.locator("#as-of-note").textContent()).toContain("07/11/2026");
    expect(analysis.problems).toEqual([]);
    await analysis.page.context().close();

    const report = await open("/report.html");
    const from = report.page.locator("#report-from");
    await expect.poll(() => from.inputValue()).toBe(`01/01/${today.slice(6)}`);
    expect(await report.page.locator("#report-to").inputValue()).toBe(today);
    await from.fill("07/11/2026");
    await report.page.locator("#report-show").click();
    await report.page.waitForURL(/from=2026-11-07/);
    expect(await report.page.locator("#report-from").inputValue()).toBe("07/11/2026");
    expect(report.problems).toEqual([]);
    await report.page.context().close();

    const coordination = await open("/coordination.html");
    const cFrom = coordination.page.locator("#coordination-from");
    await expect.poll(() => cFrom.inputValue()).toBe(`01/01/${today.slice(6)}`);
    await cFrom.fill("07/11/2026");
    expect(coordination.problems).toEqual([]);
    await coordination.page.locator("#coordination-show").click();
    await coordination.page.waitForURL(/from=2026-11-07/);
    expect(await coordination.page.locator("#coordination-from").inputValue()).toBe("07/11/2026");
    // The page left behind was live: the browser aborts its socket's pending poll as it goes.
    expect(coordination.problems.filter((p) => !/\/socket\.io\/\?.* net::ERR_ABORTED$/.test(p))).toEqual([]);
    await coordination.page.context().close();

    const admin = await open("/admin.html");
    const logFrom = admin.page.locator('#log input[name="from"]');
    await logFrom.waitFor({ timeout: 20_000 });
    await logFrom.fill("07/11/2026");
    const asked = admin.page.waitForRequest((r) => r.url().includes("/api/changes?") && r.url().includes("from="));
    await admin.page.locator("#log form button[type=submit]").click();
    expect(new URL((await asked).url()).searchParams.get("from")).toBe("2026-11-07");
    expect(admin.problems).toEqual([]);
    await admin.page.context().close();
  });
});
