// A district editor updates his enterprises by Excel: downloads the pre-filled template, edits it,
// uploads it for a dry run, applies it in one go; dashboards see it live, the log names him. A
// stale download, another district's row, and a malformed file are refused and change nothing.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApplyResult, DryRun } from "../../contract/import.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { openDashboard } from "../support/live.ts";
import { errorOf, startTestServer, type Reply, type TestServer } from "../support/server.ts";
import {
  bufferOf,
  csvOf,
  largeWorkbookOf,
  openWorkbook,
  recordsOf,
  setByHeader,
  sheetHeaders,
  sheetRow,
  workbookOf,
  XLSX_TYPE,
  zipOf,
} from "../support/spreadsheets.ts";

let server: TestServer;
let editor: string;
let mine: number;
let theirs: number;

beforeAll(async () => {
  server = await startTestServer({ enterprises: 300 });
  const districts = await server.districts();
  mine = districts.find((d) => d.code === "AP01")!.id;
  theirs = districts.find((d) => d.code === "AP02")!.id;
  editor = await login(server.url, "editor.ap01", DEMO_PASSWORD);
});
afterAll(async () => {
  await server?.close();
});

const upload = (file: Buffer, type = XLSX_TYPE, cookie = editor) =>
  server.api("/api/import/dry-run", {
    method: "POST",
    body: new Uint8Array(file),
    headers: { cookie, "content-type": type },
  });
const apply = (importId: string, cookie = editor) =>
  server.api(`/api/import/${importId}/apply`, { method: "POST", headers: { cookie } });
const dryRunOf = (r: Reply) => {
  expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
  return DryRun.parse(r.body);
};

async function template(cookie = editor): Promise<ExcelJS.Workbook> {
  const res = await fetch(`${server.url}/api/import/template.xlsx`, { headers: { cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("spreadsheetml");
  return openWorkbook(await res.arrayBuffer());
}

async function snapshot() {
  return { enterprises: await server.enterprises(), log: await server.db.changeLog.count() };
}

describe("the import template", () => {
  it("holds the editor's own enterprises, current values, Vietnamese headers, hidden id and version, drop-downs", async () => {
    const book = await template();
    const sheet = book.getWorksheet("Doanh nghiệp")!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual([
      "Mã số thuế",
      "Tên doanh nghiệp",
      "Mã đơn vị",
      "Ngành VSIC",
      "Loại hình",
      "Số lao động",
      "Số đoàn viên",
      "Có CĐCS",
      "Có tổ chức Đảng",
      "Có Đoàn TN",
      "Có Hội LHPN",
      "Có Hội CCB",
      "Giới thiệu Đảng",
      "Kết nạp Đảng",
      "Sáng kiến",
      "Tình trạng",
      "Ngày phát sinh",
      "id",
      "version",
    ]);
    const rows = recordsOf(sheet);
    const own = await server.enterprises(`district=${mine}`);
    expect(rows).toHaveLength(own.length);
    expect(new Set(rows.map((r) => r.values["Mã đơn vị"]))).toEqual(new Set(["AP01"]));
    const first = own.find((e) => e.id === rows[0]!.values.id)!;
    expect(rows[0]!.values).toMatchObject({
      "Mã số thuế": first.taxCode,
      "Số lao động": first.headcount,
      "Có CĐCS": first.hasUnion ? "Có" : "Không",
      version: first.version,
    });
    expect(sheet.getColumn(headers.indexOf("id") + 1).hidden).toBe(true);
    expect(sheet.getColumn(headers.indexOf("version") + 1).hidden).toBe(true);
    expect(book.getWorksheet("Danh mục")).toBeDefined();
    const rules = Object.values(
      (sheet as unknown as { dataValidations: { model: Record<string, { type: string }> } }).dataValidations.model,
    );
    expect(rules.some((r) => r.type === "list")).toBe(true);
    expect(rules.some((r) => r.type === "whole")).toBe(true);
  });

  it("is refused for another district's enterprises; an administrator picks districts", async () => {
    expect(
      (await server.api(`/api/import/template.xlsx?district=${theirs}`, { headers: { cookie: editor } })).status,
    ).toBe(403);
    const res = await fetch(`${server.url}/api/import/template.xlsx?district=${theirs}`, {
      headers: { cookie: await server.adminCookie() },
    });
    const rows = recordsOf((await openWorkbook(await res.arrayBuffer())).getWorksheet("Doanh nghiệp")!);
    expect(rows.length).toBe((await server.enterprises(`district=${theirs}`)).length);
    expect(new Set(rows.map((r) => r.values["Mã đơn vị"]))).toEqual(new Set(["AP02"]));
  });

  it("lists only active units, under the heading Mã đơn vị, in its drop-down sheet", async () => {
    const admin = await server.adminCookie();
    const made = await server.api("/api/districts", {
      method: "POST",
      json: { code: "TX99", name: "Xã Đã Sáp Nhập", kind: "COMMUNE" },
      headers: { cookie: admin },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const unit = made.body as { id: number };
    const retired = await server.api(`/api/districts/${unit.id}/retire`, {
      method: "POST",
      json: { effectiveDate: "2026-02-01" },
      headers: { cookie: admin },
    });
    expect(retired.status, JSON.stringify(retired.body)).toBe(200);
    const res = await fetch(`${server.url}/api/import/template.xlsx`, { headers: { cookie: admin } });
    const lists = (await openWorkbook(await res.arrayBuffer())).getWorksheet("Danh mục")!;
    expect((lists.getRow(1).values as unknown[]).slice(1, 3)).toEqual(["Mã đơn vị", "Tên đơn vị"]);
    const codes = recordsOf(lists).flatMap((r) => (r.values["Tên đơn vị"] ? [String(r.values["Mã đơn vị"])] : []));
    expect(codes.sort()).toEqual((await server.districts()).map((d) => d.code).sort());
    expect(codes).not.toContain("TX99");
  });

  it("is refused to a leader, who may not edit", async () => {
    const leader = await login(server.url, "leader", DEMO_PASSWORD);
    const r = await server.api("/api/import/template.xlsx", { headers: { cookie: leader } });
    expect(r.status).toBe(403);
    expect((await upload(await workbookOf([["Mã số thuế"], ["0100000000"]]), XLSX_TYPE, leader)).status).toBe(403);
  });
});

describe("a district editor's import", () => {
  it("edits fifty enterprises in Excel: the dry run lists exactly those fifty, apply writes them at once, live and logged", async () => {
    const book = await template();
    const sheet = book.getWorksheet("Doanh nghiệp")!;
    const rows = recordsOf(sheet);
    expect(rows.length).toBeGreaterThanOrEqual(50);
    const edited = rows.slice(0, 50);
    for (const r of edited) {
      setByHeader(sheet, r.rowNumber, "Số lao động", Number(r.values["Số lao động"]) + 10);
      setByHeader(sheet, r.rowNumber, "Sáng kiến", Number(r.values["Sáng kiến"]) + 1);
    }
    const before = await server.stats();
    const dash = await openDashboard(server.url, { cookie: editor });
    await dash.follow({});

    const dry = dryRunOf(await upload(await bufferOf(book)));
    expect(dry.format).toBe("xlsx");
    expect(dry.summary).toMatchObject({
      rows: rows.length,
      update: 50,
      create: 0,
      error: 0,
      stale: 0,
      unchanged: rows.length - 50,
    });
    expect(dry.applicable).toBe(true);
    const updates = dry.rows.filter((r) => r.action === "update");
    expect(new Set(updates.map((u) => u.enterpriseId))).toEqual(new Set(edited.map((r) => r.values.id)));
    const one = updates[0]!;
    expect(Object.keys(one.changes).sort()).toEqual(["headcount", "initiatives"]);
    expect(one.changes.headcount![1]).toBe(Number(one.changes.headcount![0]) + 10);
    expect((await server.stats()).totals.headcount).toBe(before.totals.headcount); // a dry run writes nothing

    const res = await apply(dry.importId);
    expect(res.status).toBe(200);
    const result = ApplyResult.parse(res.body);
    expect(result).toMatchObject({ created: 0, updated: 50 });
    expect(result.toSeq! - result.fromSeq!).toBe(49);

    const after = await server.stats();
    // A ceased enterprise of the demo is edited like any other but counts in no figure.
    const counted = edited.filter((r) => r.values["Tình trạng"] === "Đang hoạt động").length;
    expect(counted).toBeGreaterThan(40);
    expect(after.totals.headcount).toBe(before.totals.headcount + 10 * counted);
    expect(after.totals.initiatives).toBe(before.totals.initiatives + counted);
    const batch = await dash.batchReaching(result.toSeq!);
    expect(batch.toSeq).toBe(result.toSeq);
    expect((await dash.batchReaching(result.toSeq!)).stats.totals.headcount).toBe(after.totals.headcount);
    dash.close();

    const me = await server.db.user.findUnique({ where: { username: "editor.ap01" } });
    const log = await server.db.changeLog.findMany({ where: { seq: { gte: result.fromSeq!, lte: result.toSeq! } } });
    expect(log).toHaveLength(50);
    for (const entry of log)
      expect(entry).toMatchObject({ source: "import", actor: me!.displayName, actorUserId: me!.id, action: "update" });
    const history = await server.api(`/api/enterprises/${one.enterpriseId}/history`, { headers: { cookie: editor } });
    expect(JSON.stringify(history.body)).toContain("import");

    // Applied once: the same import cannot be applied again.
    expect((await apply(dry.importId)).status).toBe(404);
  });

  it("registers a new row whose Party and initiative counts are left blank (as 0), and keeps a blanked count of an existing row", async () => {
    const book = await template();
    const sheet = book.getWorksheet("Doanh nghiệp")!;
    const rows = recordsOf(sheet);
    const kept = rows[3]!;
    setByHeader(sheet, kept.rowNumber, "Sáng kiến", null);
    setByHeader(sheet, kept.rowNumber, "Số lao động", null);
    const at = rows.at(-1)!.rowNumber + 1;
    const fresh: Record<string, string | number> = {
      "Mã số thuế": "0999000777",
      "Tên doanh nghiệp": "Công ty Chưa Có Số Liệu Đảng",
      "Mã đơn vị": "AP01",
      "Ngành VSIC": "C",
      "Loại hình": "Tư nhân trong nước",
      "Số lao động": 25,
      "Số đoàn viên": 5,
      "Có CĐCS": "Có",
      "Có tổ chức Đảng": "Không",
      "Có Đoàn TN": "Không",
      "Có Hội LHPN": "Không",
      "Có Hội CCB": "Không",
    };
    for (const [header, value] of Object.entries(fresh)) setByHeader(sheet, at, header, value);
    const dry = dryRunOf(await upload(await bufferOf(book)));
    expect(dry.rows.flatMap((r) => r.errors)).toEqual([]);
    expect(dry.summary).toMatchObject({ create: 1, update: 0, error: 0 });
    expect(dry.rows.find((r) => r.enterpriseId === kept.values.id)!.action).toBe("unchanged");
    expect((await apply(dry.importId)).status).toBe(200);
    const made = (await server.enterprises(`district=${mine}`)).find((e) => e.taxCode === "0999000777")!;
    expect(made).toMatchObject({ headcount: 25, partyRecommended: 0, partyAdmitted: 0, initiatives: 0 });
    const after = await server.enterprise(Number(kept.values.id));
    expect(after).toMatchObject({
      initiatives: kept.values["Sáng kiến"],
      headcount: kept.values["Số lao động"],
      version: kept.values.version,
    });
  });

  it("flags a stale download in the dry run, and apply changes nothing", async () => {
    const book = await template();
    const sheet = book.getWorksheet("Doanh nghiệp")!;
    const [a, b] = recordsOf(sheet);
    setByHeader(sheet, a!.rowNumber, "Sáng kiến", Number(a!.values["Sáng kiến"]) + 5);
    setByHeader(sheet, b!.rowNumber, "Sáng kiến", Number(b!.values["Sáng kiến"]) + 5);
    // Someone saves row a's enterprise after the download.
    const current = await server.enterprise(Number(a!.values.id));
    expect((await server.patch(current.id, { version: current.version, name: `${current.name} (sửa)` })).status).toBe(
      200,
    );

    const state = await snapshot();
    const dry = dryRunOf(await upload(await bufferOf(book)));
    expect(dry.summary).toMatchObject({ stale: 1, update: 1 });
    const stale = dry.rows.find((r) => r.action === "stale")!;
    expect(stale.row).toBe(a!.rowNumber);
    expect(stale.errors[0]).toMatchObject({ column: "version", code: "stale" });
    expect(dry.applicable).toBe(false);
    const r = await apply(dry.importId);
    expect(r.status).toBe(409);
    expect(await snapshot()).toEqual(state);
  });

  it("keeps a colleague's newer save of a row the editor did not change: that row is unchanged, the rest applies", async () => {
    const book = await template();
    const sheet = book.getWorksheet("Doanh nghiệp")!;
    const [mineRow, theirsRow] = recordsOf(sheet).slice(4, 6);
    setByHeader(sheet, mineRow!.rowNumber, "Sáng kiến", Number(mineRow!.values["Sáng kiến"]) + 2);
    const colleague = await server.enterprise(Number(theirsRow!.values.id));
    expect(
      (await server.patch(colleague.id, { version: colleague.version, name: `${colleague.name} (đồng nghiệp)` }))
        .status,
    ).toBe(200);

    const dry = dryRunOf(await upload(await bufferOf(book)));
    expect(dry.summary).toMatchObject({ update: 1, stale: 0, error: 0 });
    expect(dry.rows.find((r) => r.enterpriseId === colleague.id)!.action).toBe("unchanged");
    expect((await apply(dry.importId)).status).toBe(200);
    expect((await server.enterprise(colleague.id)).name).toBe(`${colleague.name} (đồng nghiệp)`);
  });

  it("refuses at apply a row someone saved between the dry run and the apply: 409 with the stale rows, nothing written", async () => {
    const book = await template();
    const sheet = book.getWorksheet("Doanh nghiệp")!;
    const rows = recordsOf(sheet).slice(0, 3);
    for (const r of rows) setByHeader(sheet, r.rowNumber, "Sáng kiến", Number(r.values["Sáng kiến"]) + 7);
    const dry = dryRunOf(await upload(await bufferOf(book)));
    expect(dry.summary.update).toBe(3);
    expect(dry.applicable).toBe(true);
    const raced = await server.enterprise(Number(rows[1]!.values.id));
    expect((await server.patch(raced.id, { version: raced.version, initiatives: raced.initiatives + 1 })).status).toBe(
      200,
    );

    const state = await snapshot();
    const r = await apply(dry.importId);
    expect(r.status).toBe(409);
    const err = errorOf(r);
    expect((err.current as { stale: { enterpriseId: number }[] }).stale.map((s) => s.enterpriseId)).toEqual([raced.id]);
    expect(await snapshot()).toEqual(state);
  });

  it("marks a row of another district as an error and refuses to apply the file", async () => {
    const other = (await server.enterprises(`district=${theirs}`))[0]!;
    const own = (await server.enterprises(`district=${mine}`))[0]!;
    const file = csvOf([
      ["Mã số thuế", "Sáng kiến"],
      [own.taxCode, String(own.initiatives + 1)],
      [other.taxCode, "99"],
    ]);
    const state = await snapshot();
    const dry = dryRunOf(await upload(file, "text/csv"));
    expect(dry.summary).toMatchObject({ update: 1, error: 1 });
    const bad = dry.rows.find((r) => r.action === "error")!;
    expect(bad).toMatchObject({ row: 3, changes: {} });
    expect(bad.enterpriseId).toBeUndefined(); // nothing about another district's enterprise leaks
    expect(bad.errors[0]!.code).toBe("forbidden");
    const r = await apply(dry.importId);
    expect(r.status).toBe(400);
    expect(await snapshot()).toEqual(state);
  });

  it("cannot register an enterprise in another district, nor move one there", async () => {
    const own = (await server.enterprises(`district=${mine}`))[1]!;
    const file = csvOf([
      sheetHeaders(),
      sheetRow({
        taxCode: "0999000001",
        name: "Công ty Mới Ở Huyện Khác",
        unit: "AP02",
        sector: "C",
        ownership: "Tư nhân trong nước",
        headcount: 40,
        unionMembers: 0,
      }),
      sheetRow({ ...own, unit: "AP02" }, ["Có", "Có", "Có", "Có", "Có"]),
    ]);
    const dry = dryRunOf(await upload(file, "text/csv"));
    expect(dry.rows.map((r) => [r.action, r.errors[0]?.code])).toEqual([
      ["error", "forbidden"],
      ["error", "forbidden"],
    ]);
  });

  it("reads a Vietnamese CSV: BOM, semicolons, 1.234, Có/Không, and registers a new enterprise", async () => {
    const own = (await server.enterprises(`district=${mine}`))[2]!;
    const file = csvOf([
      sheetHeaders(),
      sheetRow({ ...own, unit: "AP01", headcount: "1.234" }, [
        own.hasUnion ? "Có" : "Không",
        own.hasParty ? "x" : "không",
        "không",
        "Không",
        "không",
      ]),
      sheetRow(
        {
          taxCode: "0999000002",
          name: 'Công ty TNHH Nhập; Thử "CSV"',
          unit: "AP01",
          sector: "C",
          ownership: "Có vốn đầu tư nước ngoài",
          headcount: "2.099",
          unionMembers: "1.001",
        },
        ["Có", "Không", "Có", "Có", "Không"],
      ),
    ]);
    const dry = dryRunOf(await upload(file, "text/csv"));
    expect(dry.format).toBe("csv");
    expect(dry.rows[0]).toMatchObject({ action: "update", changes: { headcount: [own.headcount, 1234] } });
    expect(dry.rows[1]).toMatchObject({ action: "create", name: 'Công ty TNHH Nhập; Thử "CSV"' });
    expect(dry.rows[1]!.changes.unionMembers).toEqual([null, 1001]);
    const r = await apply(dry.importId);
    expect(ApplyResult.parse(r.body)).toMatchObject({ created: 1, updated: 1 });
    const made = (await server.enterprises("q=0999000002"))[0]!;
    expect(made).toMatchObject({
      ownership: "FDI",
      headcount: 2099,
      unionMembers: 1001,
      hasUnion: true,
      hasYouthUnion: true,
      districtId: mine,
    });
    expect((await server.enterprise(own.id)).headcount).toBe(1234);
  });

  it("says which cell is wrong and why: row, column, reason", async () => {
    const own = await server.enterprises(`district=${mine}`);
    const file = csvOf(
      [
        ["Mã số thuế", "Số lao động", "Số đoàn viên", "Có CĐCS"],
        [own[3]!.taxCode, "1,234", "0", "Có"],
        [own[4]!.taxCode, "-5", "0", "có lẽ"],
        [own[5]!.taxCode, "10", "20", "Không"],
        [own[3]!.taxCode, "10", "0", "Không"],
      ],
      ",",
    );
    const dry = dryRunOf(await upload(file, "text/csv"));
    const issues = dry.rows.map((r) => r.errors.map((e) => `${r.row}|${e.column}|${e.code}`)).flat();
    expect(issues).toEqual(
      expect.arrayContaining([
        "2|Số lao động|ambiguousNumber",
        "3|Số lao động|negative",
        "3|Có CĐCS|notYesNo",
        "4|Số đoàn viên|rule", // the file's header, never the field's internal name
        "5|Mã số thuế|duplicate",
      ]),
    );
    expect(dry.applicable).toBe(false);
  });
});

describe("hostile and malformed files are refused with a clear message and change nothing", () => {
  const refused = async (file: Buffer, status: number, message: RegExp, type = "application/octet-stream") => {
    const state = await snapshot();
    const r = await upload(file, type);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(errorOf(r).message).toMatch(message);
    expect(await snapshot()).toEqual(state);
  };

  it("not a spreadsheet", async () => {
    await refused(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
      415,
      /không phải tệp \.xlsx hay CSV/i,
      "image/png",
    );
    await refused(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 415, /97-2003/);
  });

  it("a broken zip", async () => {
    const good = await workbookOf([["Mã số thuế"], ["0100000000"]]);
    await refused(good.subarray(0, Math.floor(good.length / 2)), 400, /hỏng/);
    await refused(Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(200, 7)]), 400, /hỏng/);
    // A sound zip that is not a workbook (a .docx, a .zip of photos).
    await refused(zipOf([{ name: "word/document.xml", data: Buffer.from("<w:document/>") }]), 400, /xlsx|trang tính/);
  });

  it("a zip bomb: parts that unpack far beyond the limit, or lie about their size", async () => {
    await refused(
      zipOf([{ name: "xl/worksheets/sheet1.xml", data: Buffer.from("<x/>"), declaredSize: 900 * 1024 * 1024 }]),
      400,
      /quá lớn|độc hại/,
    );
    await refused(
      zipOf([{ name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(30 * 1024 * 1024), declaredSize: 1000 }]),
      400,
      /độc hại/,
    );
  });

  it("formulas are reported per cell, never evaluated, and block the apply", async () => {
    const own = (await server.enterprises(`district=${mine}`))[6]!;
    const xlsx = await workbookOf([
      ["Mã số thuế", "Số lao động"],
      [own.taxCode, { formula: "1+1", result: 2 } as ExcelJS.CellFormulaValue],
    ]);
    const dry = dryRunOf(await upload(xlsx));
    expect(dry.rows[0]).toMatchObject({
      action: "error",
      errors: [
        { column: "Số lao động", code: "formula", reason: expect.stringContaining("công thức không được chấp nhận") },
      ],
    });
    const csv = dryRunOf(
      await upload(
        csvOf([
          ["Mã số thuế", "Tên doanh nghiệp"],
          [own.taxCode, '=HYPERLINK("http://x","y")'],
        ]),
        "text/csv",
      ),
    );
    expect(csv.rows[0]!.errors[0]!.code).toBe("formula");
    const state = await snapshot();
    expect((await apply(csv.importId)).status).toBe(400);
    expect(await snapshot()).toEqual(state);
  });

  // Its own timeout, not the 20 s default: the test writes a 60,000-row workbook (with ExcelJS's streaming
  // writer: the whole-book one alone took 26 s) and the server reads 50,000 rows of it before refusing,
  // 23 s of CPU work on a busy 2-core machine. Nobody is promised how fast such a file is refused.
  it("too many rows, and too large a file", { timeout: 90_000 }, async () => {
    const lines = [
      "Mã số thuế;Sáng kiến",
      ...Array.from({ length: 60_000 }, (_, i) => `${String(1_000_000_000 + i)};1`),
    ];
    await refused(Buffer.from(lines.join("\n")), 400, /50\.000 dòng/, "text/csv");
    const xlsx = await largeWorkbookOf([
      ["Mã số thuế", "Sáng kiến"],
      ...Array.from({ length: 60_000 }, (_, i) => [String(1_000_000_000 + i), 1]),
    ]);
    await refused(xlsx, 400, /50\.000 dòng/);
    await refused(Buffer.alloc(20 * 1024 * 1024, 0x41), 413, /quá lớn/);
  });

  it("a file that is not UTF-8 text, or empty", async () => {
    await refused(Buffer.from([0x4d, 0xe3, 0x20, 0x73, 0xf4]), 415, /UTF-8/, "text/csv");
    await refused(Buffer.alloc(0), 400, /rỗng/, "text/csv");
    await refused(Buffer.from("\uFEFFTên;Ghi chú\r\nA;B\r\n"), 400, /Mã số thuế/, "text/csv");
  });

  it("nobody logged in cannot upload: 401 before the file is read", async () => {
    const r = await server.api("/api/import/dry-run", {
      method: "POST",
      body: new Uint8Array(Buffer.from("x")),
      auth: false,
      headers: { "content-type": "text/csv" },
    });
    expect(r.status).toBe(401);
  });
});
