// The targets sheet (Năm, Mã đơn vị, Tên đơn vị, a column per measure): rows of cells → the targets
// each row sets, or why it cannot (row, the sheet's own header, a Vietnamese reason). Pure: the caller
// reads the file, the units and the current targets, and applies the plan in one transaction.
import {
  TARGET_MEASURES,
  TARGET_YEAR_MAX,
  TARGET_YEAR_MIN,
  TARGETS_SHEET_COLUMNS,
  isPercentMeasure,
  type TargetInput,
  type TargetsImportRow,
} from "../../contract/targets.ts";
import { parseCount, plainWord, type SheetCell } from "./import-values.ts";
import { targetDeltas, type TargetRow } from "./targets.ts";

export interface TargetsPlan {
  rows: TargetsImportRow[];
  /** What apply writes (blank cells leave a target as it is). */
  inputs: TargetInput[];
}

type Field = (typeof TARGETS_SHEET_COLUMNS)[number]["field"];

const textOf = (c: SheetCell | undefined): string =>
  c === null || c === undefined
    ? ""
    : typeof c === "object"
      ? "formula" in c
        ? `=${c.formula}`
        : c.error
      : String(c).trim();

/** A percentage 0–100 from a cell: 62, "62,5", "62.5", "62,5%". */
function parsePercent(cell: SheetCell): { ok: true; value: number } | { ok: false; reason: string } {
  const n =
    typeof cell === "number"
      ? cell
      : typeof cell === "string" && /^\d+([.,]\d+)?\s*%?$/.test(cell.trim())
        ? Number(cell.trim().replace("%", "").trim().replace(",", "."))
        : typeof cell === "string" && /^-/.test(cell.trim())
          ? -1
          : NaN;
  if (!Number.isFinite(n)) return { ok: false, reason: "không phải là số phần trăm" };
  if (n < 0) return { ok: false, reason: "không được âm" };
  if (n > 100) return { ok: false, reason: "không được lớn hơn 100 (là tỷ lệ phần trăm)" };
  return { ok: true, value: n };
}

/**
 * Plans the sheet's rows: `units` by code (retired ones too, to say so), `current` the targets now
 * (to tell what a row changes), `year` for rows that leave Năm blank.
 */
export function planTargetsSheet(
  grid: { row: number; cells: SheetCell[] }[],
  units: readonly { id: number; code: string; active: boolean }[],
  current: readonly TargetRow[],
): TargetsPlan {
  const plan: TargetsPlan = { rows: [], inputs: [] };
  const headerIndex = grid.findIndex((r) =>
    r.cells.some((c) => typeof c === "string" && plainWord(c) === plainWord("Mã đơn vị")),
  );
  const header = grid[headerIndex];
  const col = {} as Record<Field, number>;
  for (const c of TARGETS_SHEET_COLUMNS)
    col[c.field] = header
      ? header.cells.findIndex((h) => typeof h === "string" && plainWord(h) === plainWord(c.header))
      : -1;
  const missing = TARGETS_SHEET_COLUMNS.filter((c) => c.field !== "name" && col[c.field] < 0);
  if (!header || missing.length) {
    plan.rows.push({
      row: header?.row ?? grid[0]?.row ?? 1,
      action: "error",
      values: {},
      errors: missing.map((c) => ({
        column: c.header,
        code: "missing_column",
        message: `Thiếu cột "${c.header}" ở dòng tiêu đề (tải mẫu để xem các cột)`,
      })),
    });
    return plan;
  }
  const byCode = new Map(units.map((u) => [u.code.toUpperCase(), u]));
  const seen = new Map<string, number>();
  for (const r of grid.slice(headerIndex + 1)) {
    const values = Object.fromEntries(
      TARGETS_SHEET_COLUMNS.map((c) => [c.field, textOf(r.cells[col[c.field]])]),
    ) as Record<Field, string>;
    if (TARGETS_SHEET_COLUMNS.every((c) => c.field === "name" || values[c.field] === "")) continue; // blank line
    const errors: TargetsImportRow["errors"] = [];
    const issue = (f: Field, code: string, message: string) =>
      errors.push({ column: TARGETS_SHEET_COLUMNS.find((c) => c.field === f)!.header, code, message });
    const year = Number(values.year);
    if (values.year === "") issue("year", "required", "Ô trống: hãy nhập năm");
    else if (!/^\d{4}$/.test(values.year) || year < TARGET_YEAR_MIN || year > TARGET_YEAR_MAX)
      issue("year", "out_of_range", `Năm phải từ ${TARGET_YEAR_MIN} đến ${TARGET_YEAR_MAX}`);
    let districtId: number | null = null;
    if (values.code !== "") {
      const unit = byCode.get(values.code.toUpperCase());
      if (!unit) issue("code", "unknown_district", `Không có đơn vị mã ${values.code}`);
      else if (!unit.active)
        issue("code", "retired", `Đơn vị ${unit.code} đã giải thể (sáp nhập): đặt chỉ tiêu cho đơn vị tiếp nhận`);
      else districtId = unit.id;
    }
    const key = `${values.year}|${values.code.toUpperCase()}`;
    const first = seen.get(key);
    if (first !== undefined)
      issue("code", "duplicate_in_file", `Đơn vị này đã có ở dòng ${first} cho năm ${values.year}`);
    else seen.set(key, r.row);
    const inputs: TargetInput[] = [];
    for (const measure of TARGET_MEASURES) {
      const cell = r.cells[col[measure]];
      if (values[measure] === "") continue; // blank: the target stays as it is
      const parsed = isPercentMeasure(measure) ? parsePercent(cell ?? null) : parseCount(cell ?? null, "vi");
      if (!parsed.ok) issue(measure, "invalid", `Ô ${"reason" in parsed ? parsed.reason : parsed.issue.reason}`);
      else inputs.push({ year, districtId, measure, value: parsed.value });
    }
    if (errors.length) {
      plan.rows.push({ row: r.row, action: "error", values, errors });
      continue;
    }
    plan.inputs.push(...inputs);
    const changes = targetDeltas(current, inputs).length;
    plan.rows.push({ row: r.row, action: changes ? "set" : "unchanged", values, errors: [] });
  }
  return plan;
}

export function targetsSummary(rows: readonly TargetsImportRow[]) {
  const s = { set: 0, unchanged: 0, error: 0 };
  for (const r of rows) s[r.action]++;
  return s;
}
