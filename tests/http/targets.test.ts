// Targets as data, as the federation's people use them: every reader sees the year's targets and the
// progress toward them; an administrator or a leader sets them (one or many, all or nothing, each
// change audited), from the API or from the targets sheet; analysts and editors may not; bad input
// is refused naming the field and changes nothing; the period report carries the progress.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { District } from "../../contract/units.ts";
import type { PeriodReport } from "../../contract/report.ts";
import type { PutTargetsResult, TargetsDryRun, TargetsList, TargetsProgress } from "../../contract/targets.ts";
import { dayOf } from "../../server/domain/calendar.ts";
import { XLSX_TYPE, bufferOf, openWorkbook, setByHeader } from "../support/spreadsheets.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let leader: string;
let analyst: string;
let editor: string;
let units: District[];
let retired: District;
const YEAR = Number(dayOf(new Date()).slice(0, 4));

beforeAll(async () => {
  server = await startTestServer({ enterprises: 200 });
  leader = await server.cookieOf("Lãnh đạo", { role: "LEADER" });
  analyst = await server.cookieOf("Phân tích", { role: "ANALYST" });
  units = await server.districts();
  editor = await server.cookieOf("Biên tập", { role: "EDITOR", districtIds: [units[0]!.id] });
  const all = (await server.api("/api/districts?includeRetired=true")).body as District[];
  retired = all.find((d) => !d.active)!;
});
afterAll(async () => {
  await server?.close();
});

const as = (cookie: string, path: string, init: { method?: string; json?: unknown } = {}) =>
  server.api(path, { ...init, headers: { cookie } });
const put = (cookie: string, json: unknown) => as(cookie, "/api/targets", { method: "PUT", json });
const targetsOf = async (year: number) =>
  ((await as(analyst, `/api/targets?year=${year}`)).body as TargetsList).targets;
const changesCount = () => server.db.targetChange.count();

describe("targets", () => {
  it("the demo province has this year's targets for itself and every unit, and every reader sees the progress", async () => {
    const r = await as(analyst, `/api/targets?year=${YEAR}`);
    expect(r.status).toBe(200);
    const list = (r.body as TargetsList).targets;
    expect(list.filter((t) => t.districtId === null).map((t) => t.measure)).toEqual([
      "newMembers",
      "unionsFounded",
      "density",
      "partyRecommended",
      "initiatives",
    ]);
    for (const u of units) expect(list.filter((t) => t.districtId === u.id)).toHaveLength(5);
    // One unit's: its own and the province's.
    const one = ((await as(analyst, `/api/targets?year=${YEAR}&district=${units[1]!.id}`)).body as TargetsList).targets;
    expect(new Set(one.map((t) => t.districtId))).toEqual(new Set([null, units[1]!.id]));

    const p = (await as(editor, `/api/targets/progress?year=${YEAR}`)).body as TargetsProgress;
    expect([p.from, p.to, p.districtId]).toEqual([`${YEAR}-01-01`, dayOf(new Date()), null]);
    const density = p.items.find((i) => i.measure === "density")!;
    const stats = await server.stats();
    expect(density.achieved).toBeCloseTo(stats.totals.density! * 100, 6);
    expect(density.progress).toBeCloseTo(density.achieved! / density.target!, 9);
  });

  it("a leader sets one target, then many; each change is audited, a repeat changes nothing", async () => {
    const before = await changesCount();
    const one = await put(leader, { year: 2025, districtId: null, measure: "initiatives", value: 120 });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect((one.body as PutTargetsResult).changed).toBe(1);
    expect((await targetsOf(2025)).map((t) => [t.districtId, t.measure, t.value, t.updatedBy])).toEqual([
      [null, "initiatives", 120, "Lãnh đạo"],
    ]);
    const many = await put(leader, [
      { year: 2025, districtId: null, measure: "initiatives", value: 150 },
      { year: 2025, districtId: units[0]!.id, measure: "density", value: 62.5 },
      { year: 2025, districtId: units[0]!.id, measure: "unionsFounded", value: 4 },
    ]);
    expect((many.body as PutTargetsResult).changed).toBe(3);
    expect(
      (await put(leader, { year: 2025, districtId: null, measure: "initiatives", value: 150 })).body,
    ).toMatchObject({
      changed: 0,
    });
    const log = await server.db.targetChange.findMany({ where: { year: 2025 }, orderBy: { id: "asc" } });
    expect(log.map((c) => [c.measure, c.oldValue, c.newValue, c.actor, c.source])).toEqual([
      ["initiatives", null, 120, "Lãnh đạo", "session"],
      ["initiatives", 120, 150, "Lãnh đạo", "session"],
      ["density", null, 62.5, "Lãnh đạo", "session"],
      ["unionsFounded", null, 4, "Lãnh đạo", "session"],
    ]);
    expect(await changesCount()).toBe(before + 4);
    // The log as a leader reads it, newest first.
    const history = await as(leader, "/api/targets/history?year=2025");
    expect((history.body as { measure: string }[]).map((h) => h.measure)).toEqual([
      "unionsFounded",
      "density",
      "initiatives",
      "initiatives",
    ]);
    // null removes a target, audited too.
    await put(leader, { year: 2025, districtId: units[0]!.id, measure: "unionsFounded", value: null });
    expect((await targetsOf(2025)).some((t) => t.measure === "unionsFounded")).toBe(false);
    expect(await server.db.targetChange.findFirst({ orderBy: { id: "desc" } })).toMatchObject({
      oldValue: 4,
      newValue: null,
    });
  });

  it("analysts and editors may read but not set targets (403), nor read their log or the sheet", async () => {
    const before = await changesCount();
    for (const cookie of [analyst, editor]) {
      const r = await put(cookie, { year: 2025, districtId: null, measure: "newMembers", value: 10 });
      expect(r.status).toBe(403);
      expect(errorOf(r).code).toBe("FORBIDDEN");
      expect((await as(cookie, "/api/targets/history")).status).toBe(403);
      expect((await as(cookie, "/api/targets/template.xlsx")).status).toBe(403);
      expect((await as(cookie, "/api/targets")).status).toBe(200);
    }
    expect((await server.api("/api/targets", { auth: false })).status).toBe(401);
    expect(await changesCount()).toBe(before);
  });

  const BAD: [string, Record<string, unknown>, string, string][] = [
    ["a negative value", { value: -5 }, "value", "negative"],
    ["a density above 100", { measure: "density", value: 120 }, "value", "too_large"],
    ["a count that is not whole", { value: 2.5 }, "value", "not_whole"],
    ["an unknown unit", { districtId: 999_999 }, "districtId", "unknown_district"],
    ["a year out of range", { year: 1999 }, "year", "too_small"],
    ["a year far ahead", { year: 2101 }, "year", "too_large"],
    ["an unknown measure", { measure: "happiness" }, "measure", "not_in_list"],
    ["an unknown field", { colour: "red" }, "colour", "unknown_field"],
  ];
  it.each(BAD)("refuses %s naming the field, and changes nothing", async (_what, change, field, code) => {
    const before = await changesCount();
    const r = await put(leader, { year: 2025, districtId: null, measure: "newMembers", value: 10, ...change });
    expect(r.status).toBe(400);
    const e = errorOf(r);
    expect(e.code).toBe("VALIDATION");
    expect(Object.keys(e.fields ?? {})).toEqual([field]);
    expect(e.fieldCodes?.[field]?.code).toBe(code);
    expect(await changesCount()).toBe(before);
  });

  it("refuses a retired unit, and a list with one bad item writes none of it", async () => {
    const before = await changesCount();
    const r = await put(leader, { year: 2025, districtId: retired.id, measure: "newMembers", value: 10 });
    expect(r.status).toBe(400);
    expect(errorOf(r).fields?.districtId).toMatch(/retired/);
    const list = await put(leader, [
      { year: 2025, districtId: null, measure: "newMembers", value: 10 },
      { year: 2025, districtId: null, measure: "density", value: 101 },
      { year: 2025, districtId: retired.id, measure: "initiatives", value: 1 },
    ]);
    expect(list.status).toBe(400);
    expect(Object.keys(errorOf(list).fields ?? {})).toEqual(["1.value"]);
    const twice = await put(leader, [
      { year: 2025, districtId: null, measure: "newMembers", value: 10 },
      { year: 2025, districtId: retired.id, measure: "initiatives", value: 1 },
      { year: 2025, districtId: null, measure: "newMembers", value: 11 },
    ]);
    expect(Object.keys(errorOf(twice).fields ?? {}).sort()).toEqual(["1.districtId", "2.measure"]);
    expect((await targetsOf(2025)).some((t) => t.measure === "newMembers")).toBe(false);
    expect(await changesCount()).toBe(before);
    expect((await as(leader, "/api/targets?year=20x5")).status).toBe(400);
  });

  it("progress follows the figures: initiatives registered today count toward the unit's target", async () => {
    const unit = units[2]!;
    await put(leader, { year: YEAR, districtId: unit.id, measure: "initiatives", value: 40 });
    const progress = async () =>
      ((await as(analyst, `/api/targets/progress?district=${unit.id}`)).body as TargetsProgress).items.find(
        (i) => i.measure === "initiatives",
      )!;
    const before = await progress();
    expect(before.target).toBe(40);
    const e = (await server.enterprises(`district=${unit.id}`))[0]!;
    expect((await server.patch(e.id, { version: e.version, initiatives: e.initiatives + 10 })).status).toBe(200);
    const after = await progress();
    expect(after.achieved).toBe(before.achieved! + 10);
    expect(after.progress).toBeCloseTo(after.achieved! / 40, 9);
    // The period report of this year carries the same progress, for the unit.
    const report = (await as(analyst, `/api/reports/period?district=${unit.id}`)).body as PeriodReport;
    expect(report.targets?.items.find((i) => i.measure === "initiatives")).toEqual(after);
    // Not yet begun: no figures; a year without targets: none.
    const next = (await as(analyst, `/api/targets/progress?year=${YEAR + 1}`)).body as TargetsProgress;
    expect(next.items.every((i) => i.achieved === null && i.target === null)).toBe(true);
    const old = (await as(analyst, "/api/reports/period?from=2021-01-01&to=2022-09-30")).body as PeriodReport;
    expect(old.targets).toBeNull();
  });

  it("the period report's xlsx has the targets table in Vietnamese", async () => {
    const r = await fetch(`${server.url}/api/reports/period.xlsx`, { headers: { cookie: leader } });
    expect(r.status).toBe(200);
    const book = await openWorkbook(await r.arrayBuffer());
    const texts: string[] = [];
    book.worksheets[0]!.eachRow((row) => texts.push(String(row.getCell(1).value ?? "")));
    expect(texts).toContain(`VI. THỰC HIỆN CHỈ TIÊU NĂM ${YEAR}`);
    expect(texts).toContain("Sáng kiến đăng ký");
  });
});

describe("the targets sheet", () => {
  async function upload(cookie: string, book: ExcelJS.Workbook) {
    const r = await fetch(`${server.url}/api/targets/import/dry-run`, {
      method: "POST",
      headers: { cookie, "content-type": XLSX_TYPE },
      body: new Uint8Array(await bufferOf(book)),
    });
    return { status: r.status, body: (await r.json()) as TargetsDryRun };
  }
  async function template(year: number) {
    const r = await fetch(`${server.url}/api/targets/template.xlsx?year=${year}`, { headers: { cookie: leader } });
    expect(r.status).toBe(200);
    return openWorkbook(await r.arrayBuffer());
  }

  it("the template has Vietnamese headers, the province's row and each unit's, with the year's targets", async () => {
    const sheet = (await template(YEAR)).worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      "Năm",
      "Mã đơn vị",
      "Tên đơn vị",
      "Kết nạp đoàn viên mới",
      "Thành lập CĐCS mới",
      "Tỷ lệ đoàn viên (%)",
      "Giới thiệu đoàn viên ưu tú cho Đảng",
      "Sáng kiến",
    ]);
    expect(sheet.getRow(2).getCell(3).value).toMatch(/^Toàn tỉnh/);
    expect(sheet.rowCount).toBe(2 + units.length);
    const mine = (await targetsOf(YEAR)).find((t) => t.districtId === null && t.measure === "density")!;
    expect(sheet.getRow(2).getCell(6).value).toBe(mine.value);
  });

  it("a dry run shows each row, apply writes them all in one go and logs them as an import", async () => {
    const book = await template(2024);
    const sheet = book.worksheets[0]!;
    setByHeader(sheet, 2, "Sáng kiến", 500);
    setByHeader(sheet, 3, "Tỷ lệ đoàn viên (%)", "62,5");
    const dry = await upload(leader, book);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.summary).toEqual({ set: 2, unchanged: units.length - 1, error: 0 });
    expect(await targetsOf(2024)).toEqual([]);
    const apply = await as(leader, `/api/targets/import/${dry.body.importId}/apply`, { method: "POST" });
    expect(apply.body).toEqual({ changed: 2 });
    expect((await targetsOf(2024)).map((t) => [t.districtId, t.measure, t.value])).toEqual([
      [null, "initiatives", 500],
      [units[0]!.id, "density", 62.5],
    ]);
    expect(await server.db.targetChange.count({ where: { year: 2024, source: "import" } })).toBe(2);
    // Applied once only.
    expect((await as(leader, `/api/targets/import/${dry.body.importId}/apply`, { method: "POST" })).status).toBe(404);
  });

  it("a sheet with errors says where and why, and cannot be applied", async () => {
    const book = await template(2023);
    const sheet = book.worksheets[0]!;
    setByHeader(sheet, 2, "Sáng kiến", -3);
    setByHeader(sheet, 3, "Tỷ lệ đoàn viên (%)", 140);
    setByHeader(sheet, 4, "Mã đơn vị", retired.code);
    setByHeader(sheet, 5, "Mã đơn vị", "KHONGCO");
    setByHeader(sheet, 6, "Năm", 1990);
    setByHeader(sheet, 7, "Sáng kiến", 12);
    const dry = await upload(leader, book);
    const errors = dry.body.rows.filter((r) => r.action === "error").map((r) => [r.row, r.errors[0]!.column]);
    expect(errors).toEqual([
      [2, "Sáng kiến"],
      [3, "Tỷ lệ đoàn viên (%)"],
      [4, "Mã đơn vị"],
      [5, "Mã đơn vị"],
      [6, "Năm"],
    ]);
    expect(dry.body.rows.find((r) => r.row === 4)!.errors[0]!.message).toMatch(/giải thể/);
    const apply = await as(leader, `/api/targets/import/${dry.body.importId}/apply`, { method: "POST" });
    expect(apply.status).toBe(409);
    expect(await targetsOf(2023)).toEqual([]);
    // Analysts may not even check a sheet.
    expect((await upload(analyst, book)).status).toBe(403);
  });
});
