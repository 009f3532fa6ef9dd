// The administrator reshapes the units in the admin page (issue 10): renames one (its history keeps
// the old name), splits one by placing each of its enterprises in a new unit (the old unit's editor
// is listed for re-assignment), and retires an empty one. Set up through the API, driven in Chromium.
import { describe, expect, it } from "vitest";
import type { Enterprise } from "../../contract/enterprise.ts";
import type { District } from "../../contract/units.ts";
import { openPage } from "./support/browser.ts";
import { useEmptyProduction } from "./support/empty-production.ts";

const rig = useEmptyProduction("units-admin");

async function unitByCode(code: string): Promise<District> {
  const all = (await rig.call<District[]>("GET", "/api/districts?includeRetired=true")).body;
  return all.find((d) => d.code === code)!;
}

describe("units management on the admin page", () => {
  it("renames, splits (editors listed) and retires units, each with its history", async () => {
    expect((await rig.call("PUT", "/api/province", { code: "BN", name: "Bắc Ninh" })).status).toBe(200);
    for (const [code, name, kind] of [
      ["X-DONG", "Xã Đông", "COMMUNE"],
      ["X-TAY", "Xã Tây", "COMMUNE"],
      ["X-TRONG", "Xã Trống", "COMMUNE"],
    ])
      expect((await rig.call("POST", "/api/districts", { code, name, kind })).status).toBe(201);
    const tay = await unitByCode("X-TAY");
    for (const [i, name] of ["Công ty A", "Công ty B"].entries()) {
      const made = await rig.call<Enterprise>("POST", "/api/enterprises", {
        taxCode: `020200000${i}`,
        name,
        districtId: tay.id,
        sector: "C",
        ownership: "DOMESTIC",
        headcount: 50,
        unionMembers: 10,
        hasUnion: true,
        hasParty: false,
        hasYouthUnion: false,
        hasWomenUnion: false,
        hasVeterans: false,
      });
      expect(made.status).toBe(201);
    }
    await rig.account("EDITOR", [tay.id]); // an editor of Xã Tây, to be re-assigned after the split

    const { page, problems, screenshot } = await openPage(rig.browser, `${rig.app.url}/admin.html`, undefined, {
      cookie: rig.admin,
    });
    await page.waitForSelector("html[data-ready='true'][data-province='set']", { timeout: 30_000 });

    // Rename: the table shows the new name, the unit's history the old one.
    await page.click("#units-table [data-action='edit'][data-unit='X-DONG']");
    await page.fill("#units-table tr[data-editing] input[name='name']", "Xã Đông Hưng");
    await page.click("#units-table [data-action='save'][data-unit='X-DONG']");
    await expect.poll(() => page.textContent("#units-table tr[data-unit='X-DONG']")).toContain("Xã Đông Hưng");
    await page.click("#units-table [data-action='history'][data-unit='X-DONG']");
    await expect.poll(() => page.textContent("#unit-history")).toContain("Xã Đông → Xã Đông Hưng");

    // A code already used: said with the form's words in Vietnamese, no server English, nothing added.
    await page.fill("#unit-code", "X-DONG");
    await page.fill("#unit-name", "Xã Trùng Mã");
    await page.click("#unit-add");
    await expect
      .poll(() => page.textContent("#units-status"))
      .toBe("Không thực hiện được: Mã đơn vị: đã được dùng cho đơn vị X-DONG (Xã Đông Hưng)");
    await page.fill("#unit-code", "");
    await page.fill("#unit-name", "");

    // Split Xã Tây into two new communes, one enterprise each.
    await page.selectOption("#split-source", String(tay.id));
    await page.click("#split-load");
    await page.waitForSelector("#split-table tr[data-enterprise]");
    await page.fill(".split-code[data-part='1']", "X-TAY-BAC");
    await page.fill(".split-name[data-part='1']", "Xã Tây Bắc");
    await page.fill(".split-code[data-part='2']", "X-TAY-NAM");
    await page.fill(".split-name[data-part='2']", "Xã Tây Nam");
    const selects = page.locator("#split-table select[data-enterprise]");
    expect(await selects.count()).toBe(2);
    await selects.nth(1).selectOption("1");
    await page.click("#split-button");
    await expect.poll(() => page.textContent("#units-status"), { timeout: 15_000 }).toContain("Xã Tây");
    expect(await page.textContent("#split-editors")).toContain("editor"); // the editor of Xã Tây, listed
    const bac = await unitByCode("X-TAY-BAC");
    const nam = await unitByCode("X-TAY-NAM");
    const count = async (id: number) =>
      (await rig.call<{ total: number }>("GET", `/api/enterprises?district=${id}`)).body.total;
    expect([await count(bac.id), await count(nam.id)]).toEqual([1, 1]);
    expect((await unitByCode("X-TAY")).active).toBe(false);
    await screenshot("units-admin-split");

    // Retire the empty Xã Trống; it leaves the active list, and shows again among the retired.
    await page.click("#units-table [data-action='retire'][data-unit='X-TRONG']");
    await page.click("#units-table [data-action='confirm-retire'][data-unit='X-TRONG']");
    await expect.poll(() => page.locator("#units-table tr[data-unit='X-TRONG']").count()).toBe(0);
    await page.check("#units-show-retired");
    expect(await page.getAttribute("#units-table tr[data-unit='X-TRONG']", "data-active")).toBe("false");
    expect(await page.textContent("#units-table tr[data-unit='X-TRONG']")).toContain("Đã giải thể");
    await screenshot("units-admin-retired");
    // Only the taken code's 409 (the browser logs a failed request as an error too).
    expect(problems.filter((p) => !/HTTP 409|status of 409/.test(p))).toEqual([]);
  }, 180_000);
});
