// An analyst downloads exactly the table on screen: every enterprise of her selection, in her
// order, as CSV (UTF-8 with BOM) and .xlsx, with Vietnamese headers, numbers as numbers, and text
// that a spreadsheet would run as a formula kept as text.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../contract/enterprise.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let analyst: string;
const HEADERS = [
  "Mã số thuế",
  "Tên doanh nghiệp",
  "Địa bàn",
  "Mã ngành (VSIC)",
  "Ngành",
  "Loại hình",
  "Số lao động",
  "Số đoàn viên công đoàn",
  "Tỷ lệ đoàn viên",
  "Công đoàn cơ sở",
  "Tổ chức Đảng",
  "Đoàn Thanh niên",
  "Hội Phụ nữ",
  "Hội Cựu chiến binh",
  "Giới thiệu vào Đảng",
  "Kết nạp Đảng",
  "Sáng kiến",
  "Cập nhật lúc",
  "Cập nhật bởi",
];
const FORMULAS = ['=HYPERLINK("http://evil.example","bấm")', "+84 Trading", "-1+2", "@SUM(A1)"];
/** Names that hide formulas behind a separator: Excel in a ";" locale (Viet Nam's) splits on ";". */
const SPLIT_FORMULAS = ["x;=1+1;@SUM(2)", 'y,=2+2,"+3";-4', "z;+5,@6"];

beforeAll(async () => {
  server = await startTestServer({ enterprises: 250 });
  analyst = await server.cookieOf("Analyst", { role: "ANALYST" });
  const [d] = await server.districts();
  for (const [i, name] of [...FORMULAS, ...SPLIT_FORMULAS].entries()) {
    const r = await server.api("/api/enterprises", {
      method: "POST",
      json: {
        taxCode: `080000000${i}`,
        name,
        districtId: d!.id,
        sector: "C",
        ownership: "DOMESTIC",
        headcount: 40 + i,
        unionMembers: 10,
        hasUnion: true,
        hasParty: false,
        hasYouthUnion: false,
        hasWomenUnion: false,
        hasVeterans: false,
      },
    });
    expect(r.status).toBe(201);
  }
});
afterAll(async () => {
  await server?.close();
});

async function download(path: string, cookie = analyst) {
  const res = await fetch(server.url + path, { headers: { cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** RFC 4180 fields, written here rather than taken from the server; `sep` as a locale's Excel splits. */
function parseCsv(text: string, sep = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [],
    field = "",
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === sep) {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const QUERY = "nonState=true&size=25-99,100-499&sort=-headcount";

describe("the table as CSV", () => {
  it("holds every row of the selection in the table's order, with Vietnamese headers, opened by Excel as UTF-8", async () => {
    const { status, headers, bytes } = await download(`/api/export/enterprises.csv?${QUERY}`);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(headers.get("content-disposition")).toMatch(/^attachment; filename="doanh-nghiep-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, ...rows] = parseCsv(bytes.toString("utf8").slice(1));
    expect(head).toEqual(HEADERS);
    const expected = await server.enterprises(QUERY);
    expect(rows.map((r) => r[0])).toEqual(expected.map((e) => e.taxCode));
    const first = expected[0]!;
    expect(rows[0]![6]).toBe(String(first.headcount));
    expect(rows[0]![7]).toBe(String(first.unionMembers));
    expect(Number(rows[0]![8])).toBeCloseTo(first.headcount ? first.unionMembers / first.headcount : NaN);
    expect(rows[0]![9]).toBe(first.hasUnion ? "Có" : "Chưa có");
  });

  it("writes text that starts with = + - @ behind an apostrophe", async () => {
    const { bytes } = await download("/api/export/enterprises.csv?q=080000000&sort=taxCode");
    const [, ...rows] = parseCsv(bytes.toString("utf8").slice(1));
    expect(rows.slice(0, FORMULAS.length).map((r) => r[1])).toEqual(FORMULAS.map((n) => `'${n}`));
  });

  it("keeps a name with ; or , in one cell, and no cell starts a formula whichever separator the reader splits on", async () => {
    const { bytes } = await download("/api/export/enterprises.csv?q=080000000&sort=taxCode");
    const text = bytes.toString("utf8").slice(1);
    const byComma = parseCsv(text, ",");
    expect(byComma.slice(1).map((r) => r.length)).toEqual(byComma.slice(1).map(() => HEADERS.length));
    const names = byComma.slice(1).map((r) => r[1]!);
    for (const name of SPLIT_FORMULAS) expect(names.map((n) => n.replace(/'/g, ""))).toContain(name.replace(/'/g, ""));
    for (const sep of [",", ";", "\t"])
      for (const row of parseCsv(text, sep))
        for (const cell of row) expect(cell, `a cell split on ${JSON.stringify(sep)}`).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("an empty selection is the header row alone", async () => {
    const { bytes } = await download("/api/export/enterprises.csv?nonState=true&ownership=STATE");
    expect(parseCsv(bytes.toString("utf8").slice(1))).toEqual([HEADERS]);
  });
});

describe("the table as .xlsx", () => {
  it("reads back with exceljs: Vietnamese headers, numbers as numbers, the same rows in the same order", async () => {
    const { status, headers, bytes } = await download(`/api/export/enterprises.xlsx?${QUERY}`);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...HEADERS]);
    const expected: Enterprise[] = await server.enterprises(QUERY);
    expect(sheet.rowCount).toBe(expected.length + 1);
    for (const [i, e] of expected.entries()) {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(1).value).toBe(e.taxCode);
      expect(row.getCell(2).value).toBe(e.name);
      expect(row.getCell(7).value).toBe(e.headcount);
      expect(row.getCell(8).value).toBe(e.unionMembers);
      expect(row.getCell(17).value).toBe(e.initiatives);
    }
    const density = sheet.getRow(2).getCell(9);
    expect(typeof density.value).toBe("number");
    expect(density.numFmt).toBe("0.0%");
  });

  it("keeps formula-looking names as plain strings, never formulas", async () => {
    const { bytes } = await download("/api/export/enterprises.xlsx?q=080000000&sort=taxCode");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const names = [2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(2));
    expect(names.map((c) => c.value)).toEqual(FORMULAS);
    for (const c of names) {
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(c.formula).toBeUndefined();
    }
  });
});

describe("who may export", () => {
  it("a leader and a district editor may not; the answer is the error shape", async () => {
    const [d] = await server.districts();
    for (const cookie of [
      await server.cookieOf("Leader", { role: "LEADER" }),
      await server.cookieOf("Editor", { role: "EDITOR", districtIds: [d!.id] }),
    ]) {
      const r = await server.api("/api/export/enterprises.csv", { headers: { cookie } });
      expect(r.status).toBe(403);
      expect(errorOf(r).code).toBe("FORBIDDEN");
    }
  });

  it("a bad sort is refused before anything is sent", async () => {
    const r = await server.api("/api/export/enterprises.xlsx?sort=salary", { headers: { cookie: analyst } });
    expect(r.status).toBe(400);
    expect(Object.keys(errorOf(r).fields ?? {})).toEqual(["sort"]);
  });
});
