// A district office imports the sheet it already keeps: a title and a period line above the header,
// an STT column, headers in its own words, "x" where yes and blank where no, a column of its own the
// editor maps to a field and one he leaves out. The mapping is remembered for his next upload (and
// only his); a bad mapping is refused naming the column; errors name the file's own headers.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApplyResult, DryRun } from "../../contract/import.ts";
import { DEMO_PASSWORD, login } from "../support/accounts.ts";
import { errorOf, startTestServer, type Reply, type TestServer } from "../support/server.ts";
import { bufferOf, openWorkbook, XLSX_TYPE } from "../support/spreadsheets.ts";
import { createTestDatabase } from "../scale/support/postgres.ts";

let server: TestServer;
let editor: string;
let admin: string;

beforeAll(async () => {
  server = await startTestServer({ enterprises: 60 });
  editor = await login(server.url, "editor.ap01", DEMO_PASSWORD);
  admin = await login(server.url, "admin", DEMO_PASSWORD);
});
afterAll(async () => {
  await server?.close();
});

const HEADER = [
  "STT",
  "Tên DN",
  "MST",
  "Địa chỉ",
  "Đơn vị",
  "Ngành",
  "Loại hình",
  "Tổng số LĐ",
  "Số ĐV",
  "Có CĐCS",
  "Chi bộ",
  "Có ĐTN",
  "Có Hội PN",
  "CCB",
  "SK cải tiến",
  "Lao động nữ",
];
type Cell = string | number | null;
const ROWS: Cell[][] = [
  [
    1,
    "Công ty May Hòa Bình",
    "8800000001",
    "12 Lê Lợi",
    "AP01",
    "C",
    "Tư nhân",
    120,
    80,
    "x",
    null,
    "x",
    "x",
    null,
    3,
    70,
  ],
  [2, "Công ty Gỗ Phú Mỹ", "8800000002", "5 Trần Phú", "AP01", "C", "FDI", 45, 0, null, null, null, null, "X", 0, 10],
  [3, "HTX Nông nghiệp Tân An", "8800000003", "Ấp 3", "AP01", "A", "HTX", 30, 12, "✓", "x", null, "có", null, 1, 5],
];

/** The sheet as an office keeps it: the data starts on row 5 (title, period line, blank, header). */
async function officeSheet(rows = ROWS, header = HEADER): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Tháng 11");
  sheet.addRow(["DANH SÁCH DOANH NGHIỆP NGOÀI NHÀ NƯỚC TRÊN ĐỊA BÀN PHƯỜNG AN PHÚ"]);
  sheet.addRow(["Kỳ báo cáo: tháng 11/2026"]);
  sheet.addRow([]);
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return bufferOf(book);
}

const upload = (file: Buffer, mapping?: Record<string, string>, cookie = editor, on = server) =>
  on.api(`/api/import/dry-run${mapping ? `?mapping=${encodeURIComponent(JSON.stringify(mapping))}` : ""}`, {
    method: "POST",
    body: new Uint8Array(file),
    headers: { cookie, "content-type": XLSX_TYPE },
  });
const dryRunOf = (r: Reply) => {
  expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
  return DryRun.parse(r.body);
};
const how = (dry: DryRun) => Object.fromEntries(dry.columns.map((c) => [c.header, `${c.how}:${c.field ?? "-"}`]));
const INTERNAL = /\b(sector|hasWomenUnion|hasVeterans|hasParty|unionMembers|headcount|districtId|initiatives)\b/;

describe("an office's own sheet", () => {
  it("finds the header under the title, takes its headers and x-marks, and lists every column it leaves out", async () => {
    const dry = dryRunOf(await upload(await officeSheet()));
    expect(dry.summary).toMatchObject({ rows: 3, create: 3, error: 0 });
    expect(dry.rows.map((r) => r.row)).toEqual([5, 6, 7]);
    expect(how(dry)).toEqual({
      STT: "ignored:-",
      "Tên DN": "recognised:name",
      MST: "recognised:taxCode",
      "Địa chỉ": "ignored:-",
      "Đơn vị": "recognised:districtId",
      Ngành: "recognised:sector",
      "Loại hình": "recognised:ownership",
      "Tổng số LĐ": "recognised:headcount",
      "Số ĐV": "recognised:unionMembers",
      "Có CĐCS": "recognised:hasUnion",
      "Chi bộ": "recognised:hasParty",
      "Có ĐTN": "recognised:hasYouthUnion",
      "Có Hội PN": "recognised:hasWomenUnion",
      CCB: "recognised:hasVeterans",
      "SK cải tiến": "unrecognised:-",
      "Lao động nữ": "unrecognised:-",
    });
    expect(dry.ignoredColumns).toEqual(["STT", "Địa chỉ", "SK cải tiến", "Lao động nữ"]);
    expect(dry.columns.filter((c) => c.xMarks).map((c) => c.header)).toEqual([
      "Có CĐCS",
      "Chi bộ",
      "Có ĐTN",
      "Có Hội PN",
      "CCB",
    ]);
    // Blank = no, x / X / ✓ / có = yes.
    const second = dry.rows.find((r) => r.taxCode === "8800000002")!;
    expect(second.changes).toMatchObject({
      hasUnion: [null, false],
      hasWomenUnion: [null, false],
      hasVeterans: [null, true],
      sector: [null, "C"],
    });
    expect(dry.rows.find((r) => r.taxCode === "8800000003")!.changes).toMatchObject({
      hasUnion: [null, true],
      hasParty: [null, true],
      hasWomenUnion: [null, true],
    });
  });

  it("imports a column the editor maps, leaves out one he ignores, applies with that mapping, and remembers it", async () => {
    const mapping = { "SK cải tiến": "initiatives", "Lao động nữ": "ignore" };
    const dry = dryRunOf(await upload(await officeSheet(), mapping));
    expect(how(dry)).toMatchObject({ "SK cải tiến": "mapped:initiatives", "Lao động nữ": "ignored:-" });
    expect(dry.ignoredColumns).toEqual(["STT", "Địa chỉ", "Lao động nữ"]);
    expect(dry.rows[0]!.changes.initiatives).toEqual([null, 3]);
    expect(dry.applicable).toBe(true);

    const applied = await server.api(`/api/import/${dry.importId}/apply`, {
      method: "POST",
      headers: { cookie: editor },
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(ApplyResult.parse(applied.body).created).toBe(3);
    const made = (await server.enterprises())
      .filter((e) => e.taxCode.startsWith("88000000"))
      .sort((a, b) => a.taxCode.localeCompare(b.taxCode));
    expect(made.map((e) => [e.taxCode, e.initiatives, e.hasWomenUnion, e.hasVeterans, e.headcount])).toEqual([
      ["8800000001", 3, true, false, 120],
      ["8800000002", 0, false, true, 45],
      ["8800000003", 1, true, false, 30],
    ]);

    // His next upload of a sheet laid out the same way needs no mapping; another account's does.
    const again = dryRunOf(await upload(await officeSheet()));
    expect(how(again)).toMatchObject({ "SK cải tiến": "mapped:initiatives", "Lao động nữ": "ignored:-" });
    expect(again.summary).toMatchObject({ unchanged: 3 });
    const other = dryRunOf(await upload(await officeSheet(), undefined, admin));
    expect(how(other)).toMatchObject({ "SK cải tiến": "unrecognised:-", "Lao động nữ": "unrecognised:-" });
  });

  it("refuses a bad mapping naming the column, and remembers nothing of it", async () => {
    const file = await officeSheet();
    const unknown = await upload(file, { "Lao động nữ": "womenWorkers" });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown).message).toMatch(/Cột "Lao động nữ"/);
    expect(errorOf(unknown).fields).toHaveProperty(["mapping.Lao động nữ"]);

    const twice = await upload(file, { "Lao động nữ": "partyAdmitted", "SK cải tiến": "partyAdmitted" });
    expect(twice.status).toBe(400);
    expect(errorOf(twice).message).toMatch(/Cột "SK cải tiến" và cột "Lao động nữ" cùng là "Kết nạp Đảng"/);

    // A field another column of the file already gives.
    const taken = await upload(file, { "Lao động nữ": "headcount" });
    expect(taken.status).toBe(400);
    expect(errorOf(taken).message).toMatch(/Cột "Lao động nữ" và cột "Tổng số LĐ" cùng là "Số lao động"/);
    expect(errorOf(taken).fields).toHaveProperty(["mapping.Lao động nữ"]);

    expect((await upload(file, undefined)).status).toBe(200);
    const after = dryRunOf(await upload(file));
    expect(how(after)).toMatchObject({ "SK cải tiến": "mapped:initiatives", "Lao động nữ": "ignored:-" });
  });

  it("names the file's own headers in row errors, and asks for missing columns by the template's", async () => {
    // "Chi bộ" writes Không, so a blank there is a forgotten cell; the organisations nobody has are left blank.
    const rows: Cell[][] = [
      [
        1,
        "Công ty Mới",
        "8800000011",
        "1 Hùng Vương",
        "AP01",
        "C",
        "Tư nhân",
        10,
        25,
        "x",
        "x",
        null,
        null,
        null,
        0,
        0,
      ],
      [
        2,
        "Công ty Lạ",
        "8800000012",
        "2 Hùng Vương",
        "AP01",
        "C",
        "Tư nhân",
        10,
        5,
        "x",
        "Không",
        null,
        null,
        null,
        0,
        0,
      ],
      [
        3,
        "Công ty Quên",
        "8800000013",
        "3 Hùng Vương",
        "AP01",
        "C",
        "Tư nhân",
        10,
        5,
        "x",
        null,
        null,
        null,
        null,
        0,
        0,
      ],
    ];
    const dry = dryRunOf(await upload(await officeSheet(rows)));
    const errors = dry.rows.flatMap((r) => r.errors.map((e) => `${r.row}|${e.column}|${e.code}`));
    expect(errors).toEqual(["5|Số ĐV|rule", "7|Chi bộ|empty"]);
    expect(dry.columns.filter((c) => c.xMarks).map((c) => c.header)).toEqual(["Có CĐCS", "Có ĐTN", "Có Hội PN", "CCB"]);
    expect(dry.rows[1]!.changes).toMatchObject({ hasParty: [null, false], hasVeterans: [null, false] });
    const words = dry.rows.flatMap((r) => r.errors.map((e) => `${e.column} ${e.reason}`)).join(" ");
    expect(words).not.toMatch(INTERNAL);

    // Without the sector and the organisations: asked for by the template's headers.
    const short = ["MST", "Tên DN", "Đơn vị", "Tổng số LĐ"];
    const thin = dryRunOf(await upload(await officeSheet([["8800000021", "Công ty Thiếu", "AP01", 10]], short)));
    expect(thin.missingColumns).toEqual([
      "sector",
      "ownership",
      "unionMembers",
      "hasUnion",
      "hasParty",
      "hasYouthUnion",
      "hasWomenUnion",
      "hasVeterans",
    ]);
    expect(thin.rows[0]!.errors.map((e) => e.column)).toEqual([
      "Ngành VSIC",
      "Loại hình",
      "Số đoàn viên",
      "Có CĐCS",
      "Có tổ chức Đảng",
      "Có Đoàn TN",
      "Có Hội LHPN",
      "Có Hội CCB",
    ]);
  });

  it("keeps a second column of one field out until the editor says what it is, and applies nothing meanwhile", async () => {
    const header = [...HEADER.slice(0, 8), "Số CNLĐ", ...HEADER.slice(8)];
    const rows = ROWS.map((r) => [...r.slice(0, 8), 99, ...r.slice(8)]).map((r) => {
      r[2] = `88000002${String(r[0]).padStart(2, "0")}`; // new enterprises
      return r;
    });
    const file = await officeSheet(rows, header);
    const dry = dryRunOf(await upload(file));
    expect(dry.doubledColumns).toEqual([{ header: "Số CNLĐ", other: "Tổng số LĐ", field: "headcount" }]);
    expect(how(dry)["Số CNLĐ"]).toBe("unrecognised:-");
    expect(dry.ignoredColumns).toContain("Số CNLĐ");
    expect(dry.applicable).toBe(false);
    const refused = await server.api(`/api/import/${dry.importId}/apply`, {
      method: "POST",
      headers: { cookie: editor },
    });
    expect(refused.status).toBe(400);
    expect(errorOf(refused).message).toMatch(/Hai cột của tệp cùng là một trường/);
    expect((await server.enterprises()).some((e) => e.taxCode.startsWith("88000002"))).toBe(false);

    const said = dryRunOf(await upload(file, { "Số CNLĐ": "ignore" }));
    expect(said.doubledColumns).toEqual([]);
    expect(said.applicable).toBe(true);
    expect(said.rows[0]!.changes.headcount).toEqual([null, 120]);
  });

  it("tells in the template's notes how x-marks and an office's own headers are read", async () => {
    const res = await fetch(`${server.url}/api/import/template.xlsx`, { headers: { cookie: editor } });
    const lists = (await openWorkbook(await res.arrayBuffer())).getWorksheet("Danh mục")!;
    const notes: string[] = [];
    lists.eachRow((row) => notes.push(String(row.getCell(1).value ?? "")));
    expect(notes.join("\n")).toMatch(/chỉ có x, X, ✓ hoặc có \(không có chữ Không nào\) thì ô trống là Không/);
    expect(notes.join("\n")).toMatch(/cột lạ được liệt kê khi xem trước/);
  });
});

describe("on PostgreSQL", () => {
  it("remembers an account's mapping there too, and applies with it", async () => {
    const database = await createTestDatabase();
    const pg = await startTestServer({ enterprises: 20, env: { DATABASE_URL: database.url } });
    try {
      const cookie = await login(pg.url, "editor.ap01", DEMO_PASSWORD);
      const file = await officeSheet();
      const first = dryRunOf(await upload(file, { "SK cải tiến": "initiatives", "Lao động nữ": "ignore" }, cookie, pg));
      const applied = await pg.api(`/api/import/${first.importId}/apply`, { method: "POST", headers: { cookie } });
      expect(applied.status, JSON.stringify(applied.body)).toBe(200);
      const again = dryRunOf(await upload(file, undefined, cookie, pg));
      expect(how(again)).toMatchObject({ "SK cải tiến": "mapped:initiatives", "Lao động nữ": "ignored:-" });
      expect(again.summary).toMatchObject({ unchanged: 3 });
      expect(await database.query('SELECT header, field FROM "ImportColumnMapping" ORDER BY header')).toEqual([
        { header: "laodongnu", field: "ignore" },
        { header: "skcaitien", field: "initiatives" },
      ]);
    } finally {
      await pg.close();
      await database.drop();
    }
  });
});
