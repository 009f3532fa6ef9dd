// How the import reads the sheets district offices keep, without a server: their header variants,
// columns such as STT left out but listed, a person's mapping of the columns it does not know, x-mark
// columns where a blank is no, and errors that name the file's own headers.
import { describe, expect, it } from "vitest";
import type { Enterprise } from "../../contract/enterprise.ts";
import { HEADER_WORDS } from "../../server/domain/import-columns.ts";
import { checkMapping } from "../../server/domain/import-mapping.ts";
import { columnNamer, mapHeaders, markColumns, parseRow, planRow } from "../../server/domain/import-rows.ts";
import { parseFlag, plainWord, usesMarks } from "../../server/domain/import-values.ts";

const districts = [{ id: 1, code: "AP01", name: "Phường An Phú" }];
const OFFICE = [
  "STT",
  "Tên DN",
  "MST",
  "Địa chỉ",
  "Ngành",
  "Tổng số LĐ",
  "Số ĐV",
  "Có CĐCS",
  "Có Hội PN",
  "Lao động nữ",
];

describe("the headers offices write", () => {
  it("takes each common variant as its field, and lists STT and Địa chỉ as ignored", () => {
    const h = mapHeaders(OFFICE);
    expect(h.problems).toEqual([]);
    expect(h.list.map((c) => [c.header, c.field, c.how])).toEqual([
      ["STT", null, "ignored"],
      ["Tên DN", "name", "recognised"],
      ["MST", "taxCode", "recognised"],
      ["Địa chỉ", null, "ignored"],
      ["Ngành", "sector", "recognised"],
      ["Tổng số LĐ", "headcount", "recognised"],
      ["Số ĐV", "unionMembers", "recognised"],
      ["Có CĐCS", "hasUnion", "recognised"],
      ["Có Hội PN", "hasWomenUnion", "recognised"],
      ["Lao động nữ", null, "unrecognised"],
    ]);
    expect(h.ignored).toEqual(["STT", "Địa chỉ", "Lao động nữ"]);
  });

  it("matches without accents, case or punctuation", () => {
    const fields = (headers: string[]) => mapHeaders(headers).list.map((c) => c.field);
    expect(fields(["ma so thue", "SỐ LĐ", "so cnld", "co dtn", "CCB", "chi bo", "hoi pn"])).toEqual([
      "taxCode",
      "headcount",
      null, // a second headcount column: not taken (below)
      "hasYouthUnion",
      "hasVeterans",
      "hasParty",
      "hasWomenUnion",
    ]);
    // Two columns of one field: the later is not imported until the person says what it is.
    const two = mapHeaders(["MST", "Số LĐ", "Số CNLĐ"]);
    expect(two.problems).toEqual([]);
    expect(two.doubled).toEqual([{ header: "Số CNLĐ", other: "Số LĐ", field: "headcount" }]);
    expect(two.list[2]).toMatchObject({ field: null, how: "unrecognised" });
    const said = mapHeaders(["MST", "Số LĐ", "Số CNLĐ"], new Map([[plainWord("Số CNLĐ"), "ignore" as const]]));
    expect(said.doubled).toEqual([]);
  });

  it("never gives one word to two columns", () => {
    const words = HEADER_WORDS.map(plainWord);
    expect(words.filter((w, i) => words.indexOf(w) !== i)).toEqual([]);
  });

  it('takes a loose variant ("Ngành") only when no other column gives the field', () => {
    const h = mapHeaders(["Mã số thuế", "Ngành", "Mã ngành (VSIC)"]); // our own export has both
    expect(h.problems).toEqual([]);
    expect(h.list.map((c) => [c.header, c.field, c.how])).toEqual([
      ["Mã số thuế", "taxCode", "recognised"],
      ["Ngành", null, "ignored"],
      ["Mã ngành (VSIC)", "sector", "recognised"],
    ]);
  });
});

describe("a person's mapping of the columns", () => {
  it("imports a mapped column, leaves out one mapped to ignore, and wins over a known header", () => {
    const mapping = new Map([
      [plainWord("Lao động nữ"), "ignore" as const],
      [plainWord("Số người"), "headcount" as const],
      [plainWord("Ngành"), "ignore" as const],
    ]);
    const h = mapHeaders(["MST", "Số người", "Lao động nữ", "Ngành"], mapping);
    expect(h.list.map((c) => [c.header, c.field, c.how])).toEqual([
      ["MST", "taxCode", "recognised"],
      ["Số người", "headcount", "mapped"],
      ["Lao động nữ", null, "ignored"],
      ["Ngành", null, "ignored"],
    ]);
  });

  it("does not take a mapped column whose field another column already gives, and says so", () => {
    const h = mapHeaders(["MST", "Số LĐ", "Số người"], new Map([[plainWord("Số người"), "headcount" as const]]));
    expect(h.clashes).toEqual([{ header: "Số người", other: "Số LĐ", field: "headcount" }]);
    expect(h.list[2]).toMatchObject({ field: null, how: "unrecognised" });
  });

  it("refuses an unknown field and two columns to one field, naming the column", () => {
    expect(checkMapping({ "Lao động nữ": "womenWorkers" })).toMatchObject({
      problems: { "mapping.Lao động nữ": { code: "not_in_list" } },
      message: expect.stringContaining('Cột "Lao động nữ"'),
    });
    const two = checkMapping({ "Số người": "headcount", "Tổng người": "headcount" });
    expect(Object.keys(two.problems)).toEqual(["mapping.Tổng người"]);
    expect(two.message).toMatch(/Cột "Tổng người" và cột "Số người" cùng là "Số lao động"/);
    expect(checkMapping(["headcount"]).problems.mapping?.code).toBe("bad_format");
    const good = checkMapping({ "Số Người": "headcount", "Ghi chú 2": "ignore" });
    expect(good.message).toBeUndefined();
    expect([...good.mapping]).toEqual([
      ["songuoi", "headcount"],
      ["ghichu2", "ignore"],
    ]);
  });
});

describe("x-mark columns", () => {
  it('reads "x", "X", "✓" and "có" as yes', () => {
    for (const mark of ["x", "X", "✓", "✔", "có", " Có "]) expect(parseFlag(mark)).toEqual({ ok: true, value: true });
  });

  it("is a column with some yes and no written no; then a blank is no", () => {
    expect(usesMarks(["x", null, "X", "", "✓"])).toBe(true);
    expect(usesMarks(["có", null])).toBe(true);
    expect(usesMarks(["Có", "Không", null])).toBe(false); // writes no in words: a blank is a forgotten cell
    expect(usesMarks([null, ""])).toBe(false); // nothing marked: not known to be a register of marks
  });

  it("turns a blank of a marked column into no, but keeps a blank of a Có/Không column an error", () => {
    const header = ["MST", "Có Hội PN", "CCB"];
    const rows = [
      ["0100000007", "x", "Có"],
      ["0100000008", null, "Không"],
      ["0100000009", "✓", null],
    ];
    const h = mapHeaders(header);
    const marks = markColumns(rows, h);
    expect([...marks]).toEqual([1]);
    expect(h.list[1]!.xMarks).toBe(true);
    const ctx = { districts, style: "unknown" as const, markColumns: marks };
    const parsed = rows.map((r, i) => parseRow(r, i + 5, h, ctx));
    expect(parsed.map((p) => p.fields.hasWomenUnion)).toEqual([true, false, true]);
    expect(parsed[1]!.issues).toEqual([]);
    expect(parsed[2]!.issues).toEqual([
      expect.objectContaining({ column: "CCB", field: "hasVeterans", code: "empty" }),
    ]);
  });
});

it("takes a wholly blank flag column as no in a file that marks its others (nobody has that organisation)", () => {
  const h = mapHeaders(["MST", "Có Hội PN", "CCB"]);
  expect([
    ...markColumns(
      [
        ["0100000007", "x", null],
        ["0100000008", null, ""],
      ],
      h,
    ),
  ]).toEqual([1, 2]);
  expect([
    ...markColumns(
      [
        ["0100000007", "Có", null],
        ["0100000008", "Không", null],
      ],
      mapHeaders(["MST", "Có Hội PN", "CCB"]),
    ),
  ]).toEqual([]);
});

describe("errors in the file's own words", () => {
  const h = mapHeaders(["MST", "Tên DN", "Số LĐ", "Số ĐV"]);
  const plan = (cells: string[], current?: Enterprise) =>
    planRow(parseRow(cells, 7, h, { districts, style: "unknown" }), current, {
      canEdit: () => true,
      holderOfTaxCode: () => undefined,
      columnName: columnNamer(h),
    }).result.errors.map((e) => `${e.column}:${e.code}`);

  it("asks for a missing column of a new enterprise by the template's header, never the field's name", () => {
    const columns = plan(["0100000007", "Công ty A", "10", "5"]);
    expect(columns).toContain("Ngành VSIC:required");
    expect(columns).toContain("Có Hội LHPN:required");
    expect(columns.join(" ")).not.toMatch(/sector|hasWomenUnion|districtId/);
  });

  it("names a broken rule by the file's column", () => {
    const current = {
      id: 7,
      taxCode: "0100000007",
      districtId: 1,
      headcount: 100,
      unionMembers: 40,
      partyRecommended: 0,
      partyAdmitted: 0,
      version: 2,
      status: "ACTIVE",
    } as Enterprise;
    expect(plan(["0100000007", "Công ty A", "10", "20"], current)).toEqual(["Số ĐV:rule"]);
  });
});
