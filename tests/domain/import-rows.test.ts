// The import's reading of cells and rows, without a server: Vietnamese numbers, yes/no in either
// language, CSV quirks, and the issue each bad cell gets (row, column, reason).
import { describe, expect, it } from "vitest";
import type { Enterprise } from "../../contract/enterprise.ts";
import { CsvError, parseCsv } from "../../server/domain/csv.ts";
import { sheetHeaders } from "../support/spreadsheets.ts";
import {
  duplicateIssues,
  headerRowIndex,
  mapHeaders,
  parseRow,
  planRow,
  styleOfRows,
  valuesAtVersion,
} from "../../server/domain/import-rows.ts";
import {
  numberStyleOf,
  parseCount,
  parseFlag,
  parseTaxCode,
  type SheetCell,
} from "../../server/domain/import-values.ts";

const value = <T>(p: { ok: true; value: T } | { ok: false }) => (p.ok ? p.value : undefined);
const code = (p: { ok: true } | { ok: false; issue: { code: string } }) => (p.ok ? "ok" : p.issue.code);

describe("counts written the Vietnamese way", () => {
  it("reads 1.234 and 1.234.567 as thousands, plain digits, and numbers typed in Excel", () => {
    expect(value(parseCount("1.234", "unknown"))).toBe(1234);
    expect(value(parseCount("1.234.567", "unknown"))).toBe(1_234_567);
    expect(value(parseCount(" 2 099 ", "unknown"))).toBe(2099);
    expect(value(parseCount("42", "unknown"))).toBe(42);
    expect(value(parseCount(42, "unknown"))).toBe(42);
    expect(value(parseCount("1,234,567", "unknown"))).toBe(1_234_567); // commas that repeat cannot be a decimal
    expect(value(parseCount("12,0", "vi"))).toBe(12);
  });

  it("calls 1,234 ambiguous unless the file shows its style", () => {
    expect(code(parseCount("1,234", "unknown"))).toBe("ambiguousNumber");
    expect(value(parseCount("1,234", "en"))).toBe(1234);
    expect(code(parseCount("1,234", "vi"))).toBe("notWhole");
  });

  it("refuses fractions, negatives, words and the absurdly large", () => {
    expect(code(parseCount("2,5", "vi"))).toBe("notWhole");
    expect(code(parseCount("1.5", "unknown"))).toBe("notWhole");
    expect(code(parseCount(3.5, "unknown"))).toBe("notWhole");
    expect(code(parseCount("-3", "unknown"))).toBe("negative");
    expect(code(parseCount("mười", "unknown"))).toBe("notNumber");
    expect(code(parseCount("", "unknown"))).toBe("empty");
    expect(code(parseCount("10.000.000", "unknown"))).toBe("tooLarge");
    expect(code(parseCount(true, "unknown"))).toBe("notNumber");
  });

  it("tells a file's style from its cells: 1.234 or 2,5 is Vietnamese, 1,234,567 or 2.5 English", () => {
    expect(numberStyleOf(["12", "1.234"])).toBe("vi");
    expect(numberStyleOf(["2,5"])).toBe("vi");
    expect(numberStyleOf(["1,234,567"])).toBe("en");
    expect(numberStyleOf(["1.234", "1,234,567"])).toBe("unknown");
    expect(numberStyleOf(["1,234"])).toBe("unknown");
  });

  it("takes ';' as the mark of a Vietnamese CSV when the cells say nothing", () => {
    const headers = mapHeaders(["Mã số thuế", "Số lao động"]);
    expect(styleOfRows([["0100000000", "1,234"]], headers, ";")).toBe("vi");
    expect(styleOfRows([["0100000000", "1,234"]], headers, ",")).toBe("unknown");
  });
});

describe("yes and no", () => {
  it.each([
    ["Có", true],
    ["có", true],
    ["CO", true],
    ["x", true],
    ["yes", true],
    ["TRUE", true],
    ["1", true],
    [true, true],
    [1, true],
    ["Không", false],
    ["khong", false],
    ["Chưa có", false],
    ["no", false],
    ["false", false],
    ["0", false],
    [false, false],
    [0, false],
  ] as [SheetCell, boolean][])("%s → %s", (cell, expected) => {
    expect(value(parseFlag(cell))).toBe(expected);
  });
  it("refuses anything else, saying what it got", () => {
    const p = parseFlag("có lẽ");
    expect(p.ok).toBe(false);
    expect(!p.ok && p.issue.reason).toContain("có lẽ");
    expect(code(parseFlag(""))).toBe("empty");
  });
});

describe("tax codes", () => {
  it("puts back the leading zero Excel drops from a number, and checks the shape", () => {
    expect(value(parseTaxCode(123456789))).toBe("0123456789");
    expect(value(parseTaxCode("0123456789-001"))).toBe("0123456789-001");
    expect(code(parseTaxCode("12345"))).toBe("taxCode");
  });
});

const districts = [
  { id: 1, code: "AP01", name: "Thành phố An Phú" },
  { id: 2, code: "AP02", name: "Thị xã Phú Mỹ" },
];
const enterprise = (over: Partial<Enterprise> = {}): Enterprise => ({
  id: 7,
  taxCode: "0100000007",
  name: "Công ty A",
  districtId: 1,
  sector: "C",
  ownership: "DOMESTIC",
  headcount: 100,
  unionMembers: 40,
  hasUnion: true,
  hasParty: false,
  hasYouthUnion: false,
  hasWomenUnion: false,
  hasVeterans: false,
  partyRecommended: 0,
  partyAdmitted: 0,
  initiatives: 0,
  status: "ACTIVE",
  statusDate: null,
  version: 3,
  updatedAt: "2026-01-01T00:00:00.000Z",
  updatedBy: "An",
  ...over,
});

describe("rows", () => {
  const header = [
    "Mã số thuế",
    "Tên doanh nghiệp",
    "Mã huyện",
    "Số lao động",
    "Có CĐCS",
    "Loại hình",
    "id",
    "version",
    "Tỷ lệ đoàn viên",
  ];
  const headers = mapHeaders(header);
  const ctx = { districts, style: "unknown" as const };

  it("matches headers without accents or case and lists the columns it ignores", () => {
    expect([...mapHeaders(["ma so thue", "SO LAO DONG"]).columns.values()].map((c) => c.field)).toEqual([
      "taxCode",
      "headcount",
    ]);
    expect(headers.ignored).toEqual(["Tỷ lệ đoàn viên"]);
    expect(mapHeaders(["Tên", "Số lao động"]).problems[0]).toMatch(/Mã số thuế/);
    expect(mapHeaders(["Mã số thuế", "MST"]).doubled).toEqual([
      { header: "MST", other: "Mã số thuế", field: "taxCode" },
    ]);
    expect(headerRowIndex([["BÁO CÁO THÁNG 10"], [], ["Mã số thuế", "Tên"]])).toBe(2);
  });

  it("reads the day the figures happened (Ngày phát sinh): ISO or DD/MM/YYYY, never after today", () => {
    const dated = mapHeaders(["Mã số thuế", "Sáng kiến", "Ngày phát sinh"]);
    const today = { ...ctx, today: "2026-11-30" };
    const row = (cell: string | number) => parseRow(["0100000007", "3", cell], 4, dated, today);
    expect(row("30/09/2022").factDate).toBe("2022-09-30");
    expect(row("2022-09-30").factDate).toBe("2022-09-30");
    expect(row(44834).factDate).toBe("2022-09-30"); // an Excel day number
    expect(row("").factDate).toBeUndefined(); // today
    expect(row("01/12/2026").issues).toEqual([
      expect.objectContaining({ column: "Ngày phát sinh", field: "factDate", code: "future" }),
    ]);
    expect(row("31/02/2022").issues[0]).toMatchObject({ field: "factDate", code: "date" });
    expect(row("1999-12-31").issues[0]).toMatchObject({ field: "factDate", code: "date" });
  });

  it("gives each bad cell its own issue: row, the file's own column header, reason", () => {
    const p = parseRow(
      ["0100000007", "", "AP99", "1,234", "có lẽ", "Tư nhân", { formula: "A1" }, "3"],
      5,
      headers,
      ctx,
    );
    expect(p.row).toBe(5);
    expect(p.issues.map((i) => `${i.column}:${i.code}`)).toEqual([
      "Tên doanh nghiệp:empty",
      "Mã huyện:district", // as the file calls it, not the template's "Mã đơn vị"
      "Số lao động:ambiguousNumber",
      "Có CĐCS:notYesNo",
      "id:formula",
    ]);
    expect(p.fields).toEqual({ taxCode: "0100000007", ownership: "DOMESTIC" });
    expect(p.version).toBe(3);
  });

  it("reads districts by code or name, ownership by code or Vietnamese label", () => {
    const p = parseRow(
      ["0100000007", "Công ty A", "thị xã phú mỹ", "2.099", "Có", "Có vốn đầu tư nước ngoài", null, null],
      2,
      headers,
      ctx,
    );
    expect(p.issues).toEqual([]);
    expect(p.fields).toMatchObject({ districtId: 2, headcount: 2099, hasUnion: true, ownership: "FDI" });
  });

  it("reads the unit column under its new header and the old one, so sheets downloaded before still import", () => {
    for (const name of ["Mã đơn vị", "Mã huyện", "ma don vi"])
      expect(mapHeaders(["Mã số thuế", name]).columns.get(1)?.field).toBe("districtId");
  });

  it("takes a blank count cell as 0 on a new row (as the API's POST does) and as unchanged on an existing one", () => {
    const full = mapHeaders([...sheetHeaders("Mã đơn vị"), "Giới thiệu Đảng", "Kết nạp Đảng", "Sáng kiến"]);
    const flags = ["Không", "Không", "Không", "Không", "Không"];
    const plan = { canEdit: (d: number) => d === 1, holderOfTaxCode: () => undefined };
    const fresh = parseRow(
      ["0100000099", "Công ty Mới", "AP01", "C", "Tư nhân", "40", "10", ...flags, null, "  ", ""],
      2,
      full,
      ctx,
    );
    expect(fresh.issues).toEqual([]);
    const made = planRow(fresh, undefined, plan);
    expect(made.result.action).toBe("create");
    expect(made.write).toMatchObject({ fields: { partyRecommended: 0, partyAdmitted: 0, initiatives: 0 } });

    const current = enterprise({ partyRecommended: 5, partyAdmitted: 2, initiatives: 3 });
    const kept = parseRow(
      ["0100000007", "Công ty A", "AP01", "C", "Tư nhân", null, "", "Có", ...flags.slice(1), null, null, ""],
      3,
      full,
      ctx,
    );
    expect(kept.issues).toEqual([]);
    expect(planRow(kept, current, plan).result.action).toBe("unchanged");
    // A blank headcount on a new row is still asked for: the API requires it too.
    const noHeadcount = parseRow(["0100000098", "Công ty B", "AP01", "C", "Tư nhân", "", "0", ...flags], 4, full, ctx);
    expect(planRow(noHeadcount, undefined, plan).result.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      "headcount:required",
    ]);
  });

  it("flags duplicate tax codes on later rows", () => {
    const rows = [parseRow(["0100000007"], 2, headers, ctx), parseRow(["0100000007"], 3, headers, ctx)];
    duplicateIssues(rows);
    const duplicates = rows.map((r) => r.issues.filter((i) => i.code === "duplicate"));
    expect(duplicates[0]).toEqual([]);
    expect(duplicates[1]).toMatchObject([{ column: "Mã số thuế", reason: "trùng với dòng 2" }]);
  });
});

describe("a row against the enterprise it names", () => {
  const ctx = { canEdit: (d: number) => d === 1, holderOfTaxCode: () => undefined };
  const row = (fields: Record<string, unknown>, extra: { id?: number; version?: number } = {}) => ({
    row: 2,
    fields,
    issues: [],
    ...extra,
  });

  it("is an update with field → [current, new], unchanged when equal, stale when edited from an older version", () => {
    expect(
      planRow(row({ taxCode: "0100000007", headcount: 120 }, { version: 3 }), enterprise(), ctx).result,
    ).toMatchObject({ action: "update", changes: { headcount: [100, 120] } });
    expect(
      planRow(row({ taxCode: "0100000007", headcount: 100 }, { version: 1 }), enterprise(), ctx).result.action,
    ).toBe("unchanged");
    expect(
      planRow(row({ taxCode: "0100000007", headcount: 120 }, { version: 2 }), enterprise(), ctx).result,
    ).toMatchObject({ action: "stale", errors: [{ code: "stale" }] });
  });

  it("is unchanged, not stale, when the row is as it was at its version and only someone else changed the enterprise since", () => {
    const now = enterprise({ version: 5, headcount: 150, name: "Công ty A mới" });
    const asEdited = valuesAtVersion(now, [{ name: ["Công ty A", "Công ty A mới"] }, { headcount: [100, 150] }]);
    expect(asEdited).toMatchObject({ name: "Công ty A", headcount: 100 });
    expect(
      planRow(row({ taxCode: "0100000007", name: "Công ty A", headcount: 100 }, { version: 3 }), now, ctx, asEdited)
        .result.action,
    ).toBe("unchanged");
    expect(
      planRow(row({ taxCode: "0100000007", name: "Công ty A", headcount: 120 }, { version: 3 }), now, ctx, asEdited)
        .result.action,
    ).toBe("stale");
  });

  it("refuses another district's enterprise without showing its values, and a move out of the editor's districts", () => {
    const other = planRow(row({ taxCode: "0100000007", headcount: 120 }), enterprise({ districtId: 2 }), ctx).result;
    expect(other).toMatchObject({ action: "error", changes: {}, errors: [{ code: "forbidden" }] });
    expect(other.enterpriseId).toBeUndefined();
    expect(planRow(row({ taxCode: "0100000007", districtId: 2 }), enterprise(), ctx).result.errors[0]!.code).toBe(
      "forbidden",
    );
  });

  it("applies the rules across fields: union members not above headcount", () => {
    expect(planRow(row({ taxCode: "0100000007", headcount: 30 }), enterprise(), ctx).result).toMatchObject({
      action: "error",
      errors: [{ field: "unionMembers", code: "rule" }],
    });
  });

  it("creates with every required field, else names the missing ones", () => {
    const fields = {
      taxCode: "0100000099",
      name: "Mới",
      districtId: 1,
      sector: "C",
      ownership: "FDI",
      headcount: 10,
      unionMembers: 0,
      hasUnion: false,
      hasParty: false,
      hasYouthUnion: false,
      hasWomenUnion: false,
      hasVeterans: false,
    };
    const made = planRow(row(fields), undefined, ctx);
    expect(made.result.action).toBe("create");
    expect(made.write).toMatchObject({ kind: "create", fields: { initiatives: 0 } });
    const partial = planRow(row({ taxCode: "0100000099", name: "Mới" }), undefined, ctx).result;
    expect(partial.errors.map((e) => e.field)).toContain("headcount");
    expect(planRow(row({ ...fields, districtId: 2 }), undefined, ctx).result.errors[0]!.code).toBe("forbidden");
  });
});

describe("CSV", () => {
  const limits = { maxRows: 100, maxColumns: 10 };
  it("takes a BOM, semicolons, quotes with separators, quotes and line breaks inside, and CRLF", () => {
    const t = parseCsv('\uFEFFa;b;c\r\n"x;1";"say ""hi""";"two\r\nlines"\r\nlast;;\n', limits);
    expect(t.separator).toBe(";");
    expect(t.rows.map((r) => r.cells)).toEqual([
      ["a", "b", "c"],
      ["x;1", 'say "hi"', "two\r\nlines"],
      ["last", "", ""],
    ]);
  });
  it("guesses commas and tabs too, and keeps a last line without a line break", () => {
    expect(parseCsv("a,b\n1,2", limits).rows.map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parseCsv("a\tb\n1\t2", limits).separator).toBe("\t");
  });
  it("says where a quote is never closed, and stops at the row and column limits", () => {
    expect(() => parseCsv('a,b\n"open,1\n2,3\n', limits)).toThrow(/dòng 2/);
    expect(() => parseCsv("a\n".repeat(200), limits)).toThrow(CsvError);
    expect(() => parseCsv(`${"a,".repeat(20)}a\n`, limits)).toThrow(/cột/);
  });
});
