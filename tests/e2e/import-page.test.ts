// A district editor imports an Excel file in the browser: logs in, uploads a workbook made from his
// template with five enterprises changed, reads the dry run, applies it; a leader's dashboard,
// open meanwhile, shows the new figure without reloading.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { bufferOf, openWorkbook, recordsOf, setByHeader, workbookOf } from "../support/spreadsheets.ts";
import { LOGIN_REDIRECT_PROBLEMS, openPage } from "./support/browser.ts";
import { useBrowserApp } from "./support/browser-app.ts";
import { phoneProblems } from "./support/phone.ts";

const rig = useBrowserApp({ enterprises: 200, name: "import" });

describe("the import page", () => {
  it("uploads an edited template, shows the dry run, applies it, and the dashboard moves live", async () => {
    // The leader's dashboard, open before the import.
    const leader = await openPage(rig.browser, `${rig.app.url}/`, undefined, {
      cookie: await login(rig.app.url, "leader", DEMO_PASSWORD),
    });
    const connection = leader.page.locator("[data-connection]");
    await expect.poll(() => connection.getAttribute("data-connection"), { timeout: 10_000 }).toBe("connected");
    const membersTile = leader.page.locator('[data-tile="unionMembers"] .tile-value');
    await expect.poll(() => membersTile.textContent(), { timeout: 10_000 }).toMatch(/\d/);
    const before = (await membersTile.textContent())!;

    // The file: his template with five union members more in five non-state enterprises that have room.
    const editorCookie = await login(rig.app.url, "editor.ap01", DEMO_PASSWORD);
    const book = await openWorkbook(
      await (
        await fetch(`${rig.app.url}/api/import/template.xlsx`, { headers: { cookie: editorCookie } })
      ).arrayBuffer(),
    );
    const sheet = book.getWorksheet("Doanh nghiệp")!;
    const chosen = recordsOf(sheet)
      .filter(
        (r) =>
          r.values["Loại hình"] !== "Nhà nước" && Number(r.values["Số lao động"]) > Number(r.values["Số đoàn viên"]),
      )
      .slice(0, 5);
    expect(chosen).toHaveLength(5);
    for (const r of chosen) setByHeader(sheet, r.rowNumber, "Số đoàn viên", Number(r.values["Số đoàn viên"]) + 1);
    const file = path.join(rig.dir, "cap-nhat.xlsx");
    fs.writeFileSync(file, await bufferOf(book));

    // The editor logs in on the way to the import page.
    const { page, problems, screenshot } = await openPage(rig.browser, `${rig.app.url}/import.html`);
    await page.waitForURL(/\/login\.html\?next=/);
    await page.fill("#login-username", "editor.ap01");
    await page.fill("#login-password", DEMO_PASSWORD);
    await page.click("#login-submit");
    await page.waitForURL(/\/import\.html$/);
    await expect.poll(() => page.getAttribute("html", "data-ready"), { timeout: 10_000 }).toBe("true");

    await page.setInputFiles("#file-input", file);
    await page.click("#upload-button");
    await expect.poll(() => page.getAttribute("html", "data-dry-run"), { timeout: 10_000 }).toBe("applicable");
    expect(await page.locator('#dry-run-table tr[data-action="update"]').count()).toBe(5);
    expect(await page.locator('#dry-run-table tr[data-action="update"]').first().textContent()).toContain(
      "Số đoàn viên",
    );
    expect(await page.isEnabled("#apply-button")).toBe(true);
    await screenshot("import-dry-run");

    await page.click("#apply-button");
    await expect.poll(() => page.getAttribute("html", "data-applied"), { timeout: 10_000 }).toBe("true");
    expect(await page.textContent("#import-status")).toContain("5");

    const parse = (s: string) => Number(s.replace(/\D/g, ""));
    await expect.poll(async () => parse((await membersTile.textContent())!) - parse(before), { timeout: 3000 }).toBe(5);
    expect(problems.filter((p) => !LOGIN_REDIRECT_PROBLEMS.some((e) => e.test(p)))).toEqual([]);
    expect(leader.problems).toEqual([]);
  });

  it("shows the errors of a bad file and keeps Apply disabled", async () => {
    const cookie = await login(rig.app.url, "editor.ap01", DEMO_PASSWORD);
    const { page, problems } = await openPage(rig.browser, `${rig.app.url}/import.html`, undefined, { cookie });
    await expect.poll(() => page.getAttribute("html", "data-ready"), { timeout: 10_000 }).toBe("true");
    const file = path.join(rig.dir, "loi.csv");
    fs.writeFileSync(file, "\uFEFFMã số thuế;Số lao động\r\n0100000000;1,234\r\n");
    await page.setInputFiles("#file-input", file);
    await page.click("#upload-button");
    await expect.poll(() => page.getAttribute("html", "data-dry-run"), { timeout: 10_000 }).toBe("blocked");
    expect(await page.locator('#dry-run-table tr[data-action="error"]').count()).toBe(1);
    expect(await page.isDisabled("#apply-button")).toBe(true);
    expect(problems).toEqual([]);
  });

  it("lets the editor say what an office sheet's unknown column holds, previews again, and names the file's headers", async () => {
    const cookie = await login(rig.app.url, "editor.ap01", DEMO_PASSWORD);
    const { page, problems, screenshot } = await openPage(rig.browser, `${rig.app.url}/import.html`, undefined, {
      cookie,
    });
    await expect.poll(() => page.getAttribute("html", "data-ready"), { timeout: 10_000 }).toBe("true");
    const file = path.join(rig.dir, "so-theo-doi.xlsx");
    fs.writeFileSync(
      file,
      await workbookOf([
        ["DANH SÁCH DOANH NGHIỆP THÁNG 11/2026"],
        [
          "STT",
          "Tên DN",
          "MST",
          "Đơn vị",
          "Ngành",
          "Loại hình",
          "Số LĐ",
          "Số ĐV",
          "Có CĐCS",
          "Chi bộ",
          "Có ĐTN",
          "Có Hội PN",
          "CCB",
          "SK cải tiến",
          "Lao động nữ",
        ],
        [1, "Công ty Sổ Tay", "8800000101", "AP01", "C", "Tư nhân", 50, 20, "x", null, "x", null, null, 4, 30],
        [2, "Công ty Sai Số", "8800000102", "AP01", "C", "Tư nhân", 10, 20, "x", null, null, "x", null, 0, 5],
      ]),
    );
    await page.setInputFiles("#file-input", file);
    await page.click("#upload-button");
    await expect.poll(() => page.getAttribute("html", "data-dry-run"), { timeout: 10_000 }).toBe("blocked");
    const columns = page.locator("#dry-run-columns");
    expect(await columns.locator('tr[data-how="unrecognised"]').count()).toBe(2);
    expect(await columns.locator("[data-ignored]").textContent()).toBe(
      "Không nhập các cột: STT, SK cải tiến, Lao động nữ.",
    );
    // The bad row's error names the file's column, never "unionMembers".
    expect(await page.locator('#dry-run-table tr[data-row="4"]').textContent()).toContain(
      "Cột 'Số ĐV', dòng 4: số đoàn viên không được lớn hơn số lao động",
    );

    await columns.locator('select[data-header="SK cải tiến"]').selectOption("initiatives");
    await page.click("#remap-button");
    await expect.poll(() => columns.locator('tr[data-how="mapped"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await columns.locator('select[data-header="SK cải tiến"]').inputValue()).toBe("initiatives");
    expect(await columns.locator('tr[data-how="unrecognised"]').count()).toBe(0);
    expect(await columns.locator("[data-ignored]").textContent()).toBe("Không nhập các cột: STT, Lao động nữ.");
    expect(await page.locator('#dry-run-table tr[data-row="3"]').textContent()).toContain("Sáng kiến: 4");
    await screenshot("import-columns");

    await page.click("#lang-switch");
    expect(await page.locator('#dry-run-table tr[data-row="4"]').textContent()).toContain("Column 'Số ĐV', row 4:");
    // On a phone the columns and their choices fit: nothing sticks out, every choice is a finger's size.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await phoneProblems(page, 390)).toMatchObject({ wide: [], small: [] });
    expect(problems).toEqual([]);
  });
});
