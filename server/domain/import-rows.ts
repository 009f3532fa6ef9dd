// The rows of an import file → typed rows with per-cell issues (row, column, reason), then each
// row against the enterprise it names: create, update, unchanged, stale or error. Pure: the
// service reads the file and the database and hands both in.
import { dayOf } from "./calendar.ts";
import { dayOfCell, factDateProblem } from "./fact-date.ts";
import { SECTOR_CODES, SECTORS, type Sector } from "../../contract/codes.ts";
import { EDITABLE_FIELDS, type Enterprise, type EnterpriseFields } from "../../contract/enterprise.ts";
import type { ImportIssue, ImportRow, ImportSummary } from "../../contract/import.ts";
import {
  statusOfText,
  columnOfField,
  columnOfHeader,
  isLooseHeader,
  isNotDataHeader,
  ownershipOfText,
  REQUIRED_ON_CREATE,
  templateHeaderOf,
  type ImportColumn,
  type ImportField,
} from "./import-columns.ts";
import { IGNORE_COLUMN, type ColumnHow, type ColumnTarget } from "../../contract/import-fields.ts";
import {
  cellProblem,
  isBlank,
  numberStyleOf,
  parseCount,
  parseFlag,
  parseTaxCode,
  parseText,
  plainWord,
  type NumberStyle,
  type Parsed,
  type SheetCell,
  usesMarks,
} from "./import-values.ts";
import { ruleViolations } from "../../contract/rules.ts";

export interface HeaderMap {
  /** Column index → what it holds. */
  columns: Map<number, ImportColumn>;
  /** The file's own header of each imported field: errors name the columns as the person wrote them. */
  headerOf: Map<string, string>;
  /** Every non-empty header of the file, in order, with what it is imported as. */
  list: FileColumn[];
  /** Headers not imported. */
  ignored: string[];
  /** Problems that make the whole file unusable (no tax code column). */
  problems: string[];
  /** Two columns whose headers both name one field: the later is not imported until the person says
   *  what it is (the dry run shows them; nothing can be applied meanwhile). */
  doubled: { header: string; other: string; field: ImportField }[];
  /** Columns the mapping gave a field that another column of the file already gives (not imported). */
  clashes: { header: string; other: string; field: ImportField }[];
}

export interface FileColumn {
  /** 0-based. */
  index: number;
  header: string;
  field: ImportField | null;
  how: ColumnHow;
  xMarks?: boolean;
}

/** What each header of the file holds: by its header (the template's or a common variant), else by
 *  the account's mapping (header without accents → field or "ignore"), else a known non-data column
 *  (STT), else unrecognised. The mapping wins over a header: the person said what the column is. */
export function mapHeaders(
  header: readonly SheetCell[],
  mapping: ReadonlyMap<string, ColumnTarget> = new Map(),
): HeaderMap {
  const list: FileColumn[] = [];
  const pending: { entry: FileColumn; col: ImportColumn; rank: number }[] = [];
  header.forEach((cell, index) => {
    const text = typeof cell === "string" ? cell.trim() : typeof cell === "number" ? String(cell) : "";
    if (!text) return;
    const entry: FileColumn = { index, header: text, field: null, how: "unrecognised" };
    list.push(entry);
    const mapped = mapping.get(plainWord(text));
    const col = columnOfHeader(text);
    if (mapped === IGNORE_COLUMN) entry.how = "ignored";
    else if (mapped) pending.push({ entry, col: columnOfField(mapped), rank: 1 });
    else if (col) pending.push({ entry, col, rank: isLooseHeader(text) ? 2 : 0 });
    else if (isNotDataHeader(text)) entry.how = "ignored";
  });
  // Template headers and common variants take their field first, then mapped columns, then loose
  // variants ("Ngành" beside "Mã ngành (VSIC)" is left out).
  pending.sort((a, b) => a.rank - b.rank || a.entry.index - b.entry.index);
  const columns = new Map<number, ImportColumn>();
  const headerOf = new Map<string, string>();
  const problems: string[] = [];
  const clashes: HeaderMap["clashes"] = [];
  const doubled: HeaderMap["doubled"] = [];
  for (const { entry, col, rank } of pending) {
    const field = col.field;
    const before = headerOf.get(field);
    if (before === undefined) {
      headerOf.set(field, entry.header);
      columns.set(entry.index, col);
      entry.field = field;
      entry.how = rank === 1 ? "mapped" : "recognised";
    } else if (rank === 0) doubled.push({ header: entry.header, other: before, field });
    else if (rank === 1) clashes.push({ header: entry.header, other: before, field });
    else entry.how = "ignored";
  }
  if (!headerOf.has("taxCode")) problems.push('Thiếu cột "Mã số thuế" (dòng tiêu đề phải có các tiêu đề của tệp mẫu)');
  const ignored = list.filter((c) => c.field === null).map((c) => c.header);
  return {
    columns: new Map([...columns].sort(([a], [b]) => a - b)),
    headerOf,
    list,
    ignored,
    problems,
    clashes,
    doubled,
  };
}

/** Flag columns written with marks (x, ✓, có where yes, nothing where no): a blank there is no. In a
 *  file that marks some column so, a flag column left wholly blank is one too (no enterprise has it). */
export function markColumns(rows: readonly (readonly SheetCell[])[], headers: HeaderMap): Set<number> {
  const out = new Set<number>();
  const blank: number[] = [];
  for (const [i, col] of headers.columns) {
    if (col.kind !== "flag") continue;
    const cells = rows.map((r) => r[i] ?? null);
    if (usesMarks(cells)) out.add(i);
    else if (cells.every(isBlank)) blank.push(i);
  }
  if (out.size) for (const i of blank) out.add(i);
  for (const c of headers.list) if (out.has(c.index)) c.xMarks = true;
  return out;
}

/** The name of a field's column in this file (its own header), else the template's header. */
export const columnNamer =
  (headers: Pick<HeaderMap, "headerOf">) =>
  (field: string): string =>
    headers.headerOf.get(field) ?? templateHeaderOf(field);

/** The first of the first rows that has a tax-code header (a title may sit above the table). */
export function headerRowIndex(rows: readonly (readonly SheetCell[])[], lookAhead = 10): number {
  for (let i = 0; i < Math.min(rows.length, lookAhead); i++) {
    if (rows[i]!.some((c) => typeof c === "string" && columnOfHeader(c)?.field === "taxCode")) return i;
  }
  return 0;
}

export interface DistrictRef {
  id: number;
  code: string;
  name: string;
}

export interface ParsedRow {
  row: number;
  id?: number;
  version?: number;
  /** The row's "Ngày phát sinh" (YYYY-MM-DD); absent means today. */
  factDate?: string;
  fields: Partial<EnterpriseFields>;
  issues: ImportIssue[];
}

export interface ParseContext {
  districts: readonly DistrictRef[];
  style: NumberStyle;
  /** Today in Viet Nam (YYYY-MM-DD): a fact date after it is refused. */
  today?: string;
  /** Flag columns written with marks, where a blank is no (markColumns). */
  markColumns?: ReadonlySet<number>;
}

/** The number style of a file: its count cells' text, else the separator (";" is how Excel saves CSV in Viet Nam). */
export function styleOfRows(
  rows: readonly (readonly SheetCell[])[],
  headers: HeaderMap,
  separator?: string,
): NumberStyle {
  const counts = [...headers.columns].filter(([, c]) => c.kind === "count").map(([i]) => i);
  function* texts() {
    for (const r of rows)
      for (const i of counts) {
        const v = r[i];
        if (typeof v === "string") yield v;
      }
  }
  const style = numberStyleOf(texts());
  return style === "unknown" && separator === ";" ? "vi" : style;
}

export function districtResolver(districts: readonly DistrictRef[]) {
  const byWord = new Map<string, DistrictRef>();
  for (const d of districts) byWord.set(plainWord(d.name), d);
  for (const d of districts) byWord.set(plainWord(d.code), d); // a code wins over a name spelt the same
  return (cell: SheetCell): Parsed<number> => {
    const text = typeof cell === "number" ? String(cell) : typeof cell === "string" ? cell : null;
    if (text === null) return { ok: false, issue: { code: "district", reason: "phải là mã đơn vị" } };
    if (!text.trim()) return { ok: false, issue: { code: "empty", reason: "ô trống: hãy nhập mã đơn vị" } };
    const d = byWord.get(plainWord(text));
    return d
      ? { ok: true, value: d.id }
      : { ok: false, issue: { code: "district", reason: `không có đơn vị mã "${text.trim().slice(0, 40)}"` } };
  };
}

/** A section's Vietnamese name ("Xây dựng"), as our export and some offices write the sector. */
const SECTOR_BY_NAME = new Map<string, Sector>(SECTORS.map((s) => [plainWord(s.vi), s.code]));

function parseSector(cell: SheetCell): Parsed<Sector> {
  const t = typeof cell === "string" ? cell.trim().toUpperCase() : "";
  if (t === "") return { ok: false, issue: { code: "empty", reason: "ô trống: hãy nhập mã ngành A–U" } };
  if ((SECTOR_CODES as readonly string[]).includes(t)) return { ok: true, value: t as Sector };
  const named = SECTOR_BY_NAME.get(plainWord(t));
  return named
    ? { ok: true, value: named }
    : { ok: false, issue: { code: "sector", reason: "phải là mã ngành VSIC 2018, một chữ cái A–U" } };
}

function parseName(cell: SheetCell): Parsed<string> {
  const t = parseText(cell);
  if (!t.ok) return t;
  if (t.value === "") return { ok: false, issue: { code: "empty", reason: "ô trống: hãy nhập tên" } };
  if (t.value.length > 200) return { ok: false, issue: { code: "tooLong", reason: "dài quá 200 ký tự" } };
  if (/[\u0000-\u001f\u007f]/.test(t.value))
    return { ok: false, issue: { code: "control", reason: "có ký tự điều khiển" } };
  return t;
}

function parseKey(cell: SheetCell): Parsed<number> {
  const n = typeof cell === "number" ? cell : typeof cell === "string" && /^\s*\d+\s*$/.test(cell) ? Number(cell) : NaN;
  return Number.isInteger(n) && n > 0 && n <= 2_147_483_647
    ? { ok: true, value: n }
    : { ok: false, issue: { code: "key", reason: "đừng sửa cột này (số do hệ thống ghi)" } };
}

/** One data row → the fields it gives, and an issue per cell that cannot be read. */
export function parseRow(
  cells: readonly SheetCell[],
  row: number,
  headers: HeaderMap,
  ctx: ParseContext,
  district = districtResolver(ctx.districts),
): ParsedRow {
  const out: ParsedRow = { row, fields: {}, issues: [] };
  const fields = out.fields as Record<string, unknown>;
  for (const [i, col] of headers.columns) {
    const cell = cells[i] ?? null;
    const column = headers.headerOf.get(col.field) ?? col.header;
    const problem = cellProblem(cell);
    if (problem) {
      out.issues.push({ column, field: col.field, ...problem });
      continue;
    }
    if (col.kind === "date") {
      if (isBlank(cell)) continue; // today
      const day = parseFactDay(cell, ctx.today ?? dayOf(new Date()));
      if (day.ok) out.factDate = day.value;
      else out.issues.push({ column, field: col.field, ...day.issue });
      continue;
    }
    if (col.kind === "status") {
      if (isBlank(cell)) continue; // no status given: the enterprise keeps its own
      const status = typeof cell === "string" ? statusOfText(cell) : undefined;
      if (status) fields.status = status;
      else
        out.issues.push({
          column,
          field: col.field,
          code: "status",
          reason: "phải là Đang hoạt động hoặc Ngừng hoạt động",
        });
      continue;
    }
    if (col.kind === "count" && isBlank(cell)) continue; // a new row takes 0 (or asks for it); an existing one keeps its count
    if (col.kind === "flag" && isBlank(cell) && ctx.markColumns?.has(i)) {
      fields[col.field] = false; // an unmarked cell of a marked column
      continue;
    }
    if (col.kind === "key") {
      if (isBlank(cell)) continue; // a new row has no id or version
      const k = parseKey(cell);
      if (k.ok) out[col.field as "id" | "version"] = k.value;
      else out.issues.push({ column, field: col.field, ...k.issue });
      continue;
    }
    const parsed: Parsed<unknown> =
      col.kind === "taxCode"
        ? parseTaxCode(cell)
        : col.kind === "text"
          ? parseName(cell)
          : col.kind === "district"
            ? district(cell)
            : col.kind === "sector"
              ? parseSector(cell)
              : col.kind === "ownership"
                ? parseOwnership(cell)
                : col.kind === "count"
                  ? parseCount(cell, ctx.style)
                  : parseFlag(cell);
    if (parsed.ok) fields[col.field] = parsed.value;
    else out.issues.push({ column, field: col.field, ...parsed.issue });
  }
  return out;
}

/** "Ngày phát sinh": YYYY-MM-DD, DD/MM/YYYY, or an Excel day number; never after today, not before 2000. */
function parseFactDay(cell: SheetCell, today: string): Parsed<string> {
  const day =
    typeof cell === "string"
      ? dayOfCell(cell)
      : typeof cell === "number" && Number.isInteger(cell) && cell > 0 && cell < 2_958_466
        ? new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000).toISOString().slice(0, 10)
        : undefined;
  if (day === undefined) return { ok: false, issue: { code: "date", reason: "phải là ngày, ví dụ 30/09/2022" } };
  const problem = factDateProblem(day, today);
  if (!problem) return { ok: true, value: day };
  return {
    ok: false,
    issue:
      day > today
        ? { code: "future", reason: "không được là ngày trong tương lai" }
        : { code: "date", reason: "không được trước năm 2000" },
  };
}

function parseOwnership(cell: SheetCell): Parsed<EnterpriseFields["ownership"]> {
  const t = typeof cell === "string" ? cell : "";
  if (!t.trim()) return { ok: false, issue: { code: "empty", reason: "ô trống: hãy chọn loại hình" } };
  const o = ownershipOfText(t);
  return o
    ? { ok: true, value: o }
    : {
        ok: false,
        issue: {
          code: "ownership",
          reason: "phải là Nhà nước, Tư nhân trong nước, Có vốn đầu tư nước ngoài hoặc Hợp tác xã",
        },
      };
}

export const isEmptyRow = (cells: readonly SheetCell[]) => cells.every(isBlank);

/** Tax codes and ids that occur on more than one row: every later row is an error. */
export function duplicateIssues(rows: readonly ParsedRow[], name: (field: string) => string = templateHeaderOf): void {
  const firstByTax = new Map<string, number>();
  const firstById = new Map<number, number>();
  for (const r of rows) {
    const tax = r.fields.taxCode;
    if (tax !== undefined) {
      const first = firstByTax.get(tax);
      if (first !== undefined)
        r.issues.push({
          column: name("taxCode"),
          field: "taxCode",
          code: "duplicate",
          reason: `trùng với dòng ${first}`,
        });
      else firstByTax.set(tax, r.row);
    }
    if (r.id !== undefined) {
      const first = firstById.get(r.id);
      if (first !== undefined)
        r.issues.push({
          column: name("id"),
          field: "id",
          code: "duplicate",
          reason: `cùng doanh nghiệp với dòng ${first}`,
        });
      else firstById.set(r.id, r.row);
    }
  }
}

/** What the writer needs of a row that will be written. */
export type PlannedWrite =
  | { kind: "create"; row: number; fields: EnterpriseFields; factDate?: string }
  | {
      kind: "update";
      factDate?: string;
      row: number;
      id: number;
      taxCode: string;
      baseVersion: number;
      fields: Partial<EnterpriseFields>;
    };

export interface PlanContext {
  canEdit: (districtId: number) => boolean;
  /** A partner's account: the one field it may change (its organisation's flag); it creates nothing.
   *  Null or absent: every field, within the districts of canEdit. */
  onlyField?: string | null;
  /** Today in Viet Nam (YYYY-MM-DD): the status date of a status the file changes. */
  today?: string;
  /** The enterprise holding a tax code, if any (to refuse a tax code already taken). */
  holderOfTaxCode: (taxCode: string) => Enterprise | undefined;
  /** A field's column as this file names it (columnNamer); the template's header when not given. */
  columnName?: (field: string) => string;
}

const issue = (column: string, code: string, reason: string, field?: string): ImportIssue => ({
  column,
  code,
  reason,
  ...(field ? { field } : {}),
});

/** A parsed row against the enterprise it names (by id, else by tax code): what applying would do. */
/** The editable values as they were at an older version: the current ones with the diffs of the
 *  later changes (newest first, one per version) undone. */
export function valuesAtVersion(
  current: Enterprise,
  laterDiffs: readonly Record<string, [unknown, unknown]>[],
): EnterpriseFields {
  const values: Record<string, unknown> = Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, current[f]]));
  for (const diff of laterDiffs) for (const [f, [old]] of Object.entries(diff)) if (f in values) values[f] = old;
  return values as EnterpriseFields;
}

/** A parsed row against the enterprise it names (by id, else by tax code): what applying would do.
 *  `asEdited` is the enterprise as of the row's version when that is older than the current one: a row
 *  the person did not change is then unchanged (the newer values stay), not stale. */
export function planRow(
  p: ParsedRow,
  current: Enterprise | undefined,
  ctx: PlanContext,
  asEdited?: EnterpriseFields,
): { result: ImportRow; write?: PlannedWrite } {
  const base = {
    row: p.row,
    ...(p.fields.taxCode ? { taxCode: p.fields.taxCode } : {}),
    ...(p.fields.name ? { name: p.fields.name } : {}),
  };
  const errors = [...p.issues];
  const name = ctx.columnName ?? templateHeaderOf;
  const error = () => ({
    result: {
      ...base,
      action: "error" as const,
      ...(current && ctx.canEdit(current.districtId) ? { enterpriseId: current.id } : {}),
      changes: {},
      errors,
    },
  });

  if (!current) {
    if (p.id !== undefined) errors.push(issue(name("id"), "unknown", `không có doanh nghiệp id ${p.id}`, "id"));
    const missing = REQUIRED_ON_CREATE.filter((f) => p.fields[f] === undefined && !errors.some((e) => e.field === f));
    for (const f of missing) errors.push(issue(name(f), "required", "bắt buộc khi thêm doanh nghiệp mới", f));
    if (errors.length) return error();
    const fields: EnterpriseFields = {
      partyRecommended: 0,
      partyAdmitted: 0,
      initiatives: 0,
      ...p.fields,
    } as EnterpriseFields;
    if (!ctx.canEdit(fields.districtId) || (ctx.onlyField ?? null) !== null)
      return {
        result: {
          ...base,
          action: "error",
          changes: {},
          errors: [
            (ctx.onlyField ?? null) !== null
              ? issue(
                  name("taxCode"),
                  "forbidden",
                  "tài khoản tổ chức phối hợp không được thêm doanh nghiệp",
                  "taxCode",
                )
              : issue(
                  name("districtId"),
                  "forbidden",
                  "bạn không có quyền thêm doanh nghiệp vào đơn vị này",
                  "districtId",
                ),
          ],
        },
      };
    for (const [f, broken] of Object.entries(ruleViolations(fields)))
      errors.push(issue(name(f), "rule", ruleReason(f, broken.reason), f));
    if (errors.length) return error();
    const changes = Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, [null, fields[f]]])) as ImportRow["changes"];
    const status = statusIn(p);
    if (status === "CEASED" && ctx.today) {
      Object.assign(fields, { status, statusDate: ctx.today });
      Object.assign(changes, { status: [null, status], statusDate: [null, ctx.today] });
    }
    return {
      result: { ...base, action: "create", changes, errors: [] },
      write: { kind: "create", row: p.row, fields, ...(p.factDate ? { factDate: p.factDate } : {}) },
    };
  }

  // Rights first: a row of another district shows nothing of that enterprise.
  const movedTo =
    p.fields.districtId !== undefined && p.fields.districtId !== current.districtId ? p.fields.districtId : undefined;
  if (!ctx.canEdit(current.districtId) || (movedTo !== undefined && !ctx.canEdit(movedTo))) {
    const reason = ctx.canEdit(current.districtId)
      ? "bạn không có quyền chuyển doanh nghiệp sang đơn vị này"
      : "doanh nghiệp thuộc đơn vị khác: bạn không có quyền sửa";
    return {
      result: {
        ...base,
        action: "error",
        changes: {},
        errors: [
          ...errors,
          issue(
            name(movedTo !== undefined && ctx.canEdit(current.districtId) ? "districtId" : "taxCode"),
            "forbidden",
            reason,
          ),
        ],
      },
    };
  }
  if (errors.length) return error();
  const changes: ImportRow["changes"] = {};
  for (const f of EDITABLE_FIELDS) {
    const v = p.fields[f];
    if (v !== undefined && !sameValue(v, current[f])) changes[f] = [current[f], v];
  }
  const status = statusIn(p);
  if (status !== undefined && status !== current.status) {
    changes.status = [current.status, status];
    changes.statusDate = [current.statusDate, ctx.today ?? null];
  }
  // A partner's row may change its organisation's flag only: every other change is named and refused.
  if ((ctx.onlyField ?? null) !== null)
    for (const f of Object.keys(changes))
      if (f !== ctx.onlyField)
        errors.push(issue(f, "forbidden", `tài khoản của bạn chỉ được sửa cột ${ctx.onlyField || "—"}`, f));
  const merged = { ...current, ...p.fields };
  // The stored record keeps the rules, so a violation here comes from this row's values.
  for (const [f, broken] of Object.entries(ruleViolations(merged)))
    errors.push(issue(name(f), "rule", ruleReason(f, broken.reason), f));
  if (changes.taxCode) {
    const holder = ctx.holderOfTaxCode(merged.taxCode);
    if (holder && holder.id !== current.id)
      errors.push(
        issue(name("taxCode"), "taxCodeTaken", "mã số thuế đã được đăng ký cho doanh nghiệp khác", "taxCode"),
      );
  }
  const withId = { ...base, enterpriseId: current.id };
  if (errors.length) return { result: { ...withId, action: "error", changes, errors } };
  if (Object.keys(changes).length === 0) return { result: { ...withId, action: "unchanged", changes: {}, errors: [] } };
  if (p.version !== undefined && p.version !== current.version) {
    const untouched =
      asEdited !== undefined &&
      EDITABLE_FIELDS.every((f) => p.fields[f] === undefined || sameValue(p.fields[f], asEdited[f]));
    if (untouched) return { result: { ...withId, action: "unchanged", changes: {}, errors: [] } };
    const stale = issue(
      name("version"),
      "stale",
      `${current.updatedBy} đã sửa doanh nghiệp này sau khi bạn tải tệp (phiên bản ${p.version} → ${current.version}); hãy tải lại tệp mẫu`,
      "version",
    );
    return { result: { ...withId, action: "stale", changes, errors: [stale] } };
  }
  const fields = Object.fromEntries(Object.entries(changes).map(([f, [, v]]) => [f, v])) as Partial<EnterpriseFields>;
  return {
    result: { ...withId, action: "update", changes, errors: [] },
    write: {
      kind: "update",
      row: p.row,
      id: current.id,
      taxCode: current.taxCode,
      baseVersion: current.version,
      fields,
      ...(p.factDate ? { factDate: p.factDate } : {}),
    },
  };
}

function ruleReason(field: string, english: string): string {
  if (field === "unionMembers") return "số đoàn viên không được lớn hơn số lao động";
  if (field === "partyAdmitted") return "số kết nạp Đảng không được lớn hơn số giới thiệu";
  return english;
}

export function summaryOf(rows: readonly ImportRow[]): ImportSummary {
  const s: ImportSummary = { rows: rows.length, create: 0, update: 0, unchanged: 0, error: 0, stale: 0 };
  for (const r of rows) s[r.action]++;
  return s;
}

/** The status a row's "Tình trạng" cell asks for, if it has one. */
const statusIn = (p: ParsedRow) => (p.fields as { status?: "ACTIVE" | "CEASED" }).status;

/** Equal values; text compared NFC, so a name stored with decomposed accents before names were
 *  normalised is the same as the sheet's. */
function sameValue(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" ? a.normalize("NFC") === b.normalize("NFC") : a === b;
}
