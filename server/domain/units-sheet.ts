// The units sheet (Mã đơn vị, Tên đơn vị, Loại): rows of cells → what each row would do to the
// units (create, update, unchanged) or why it cannot (row, the sheet's own column header, reason).
// Pure: the caller reads the file and the units, and applies the plan.
import {
  UNIT_KIND_LABELS_VI,
  UNIT_KINDS,
  UNITS_SHEET_COLUMNS,
  UnitCode,
  UnitName,
  type District,
  type UnitKind,
  type UnitsImportRow,
} from "../../contract/units.ts";
import type { SheetCell } from "./import-values.ts";
import { searchTextOf } from "./search-text.ts";

export interface UnitsPlan {
  rows: UnitsImportRow[];
  /** What apply writes: units to create, and units (by id) to change. */
  creates: { code: string; name: string; kind: UnitKind }[];
  updates: { id: number; code: string; name: string; kind: UnitKind }[];
}

type Field = (typeof UNITS_SHEET_COLUMNS)[number]["field"];
const fold = (s: string) => searchTextOf(s).replace(/\s+/g, " ").trim();

/** A kind as its code (COMMUNE) or its Vietnamese label (Xã), case and accents ignored. */
export function kindOf(text: string): UnitKind | undefined {
  const t = fold(text);
  for (const k of UNIT_KINDS) if (fold(k) === t || fold(UNIT_KIND_LABELS_VI[k]) === t) return k;
  return undefined;
}

const cellText = (c: SheetCell | undefined): string | { problem: string } => {
  if (c === null || c === undefined) return "";
  if (typeof c === "string") return c.trim();
  if (typeof c === "number" || typeof c === "boolean") return String(c);
  if ("formula" in c) return { problem: "is a formula: type the value" };
  return { problem: `holds an error (${c.error})` };
};

/** Plans the sheet's rows against the existing units (retired included: a code names its history). */
export function planUnitsSheet(grid: { row: number; cells: SheetCell[] }[], units: readonly District[]): UnitsPlan {
  const rows: UnitsImportRow[] = [];
  const plan: UnitsPlan = { rows, creates: [], updates: [] };
  const headerIndex = grid.findIndex((r) =>
    r.cells.some((c) => typeof c === "string" && fold(c) === fold("Mã đơn vị")),
  );
  if (headerIndex < 0) {
    rows.push({
      row: grid[0]?.row ?? 1,
      action: "error",
      values: { code: "", name: "", kind: "" },
      errors: UNITS_SHEET_COLUMNS.map((c) => ({
        column: c.header,
        code: "missing_column",
        message: `Thiếu cột "${c.header}" ở dòng tiêu đề (tải mẫu để xem các cột)`,
      })),
    });
    return plan;
  }
  const header = grid[headerIndex]!;
  const col = {} as Record<Field, number>;
  const headerText = {} as Record<Field, string>;
  for (const c of UNITS_SHEET_COLUMNS) {
    const i = header.cells.findIndex((h) => typeof h === "string" && fold(h) === fold(c.header));
    col[c.field] = i;
    headerText[c.field] = i >= 0 ? String(header.cells[i]).trim() : c.header;
  }
  const missing = UNITS_SHEET_COLUMNS.filter((c) => col[c.field] < 0);
  if (missing.length) {
    rows.push({
      row: header.row,
      action: "error",
      values: { code: "", name: "", kind: "" },
      errors: missing.map((c) => ({ column: c.header, code: "missing_column", message: `Thiếu cột "${c.header}"` })),
    });
    return plan;
  }

  const byCode = new Map(units.map((u) => [u.code, u]));
  const firstRowOfCode = new Map<string, number>();
  for (const r of grid.slice(headerIndex + 1)) {
    const raw = Object.fromEntries(
      UNITS_SHEET_COLUMNS.map((c) => [c.field, cellText(r.cells[col[c.field]])]),
    ) as Record<Field, string | { problem: string }>;
    if (UNITS_SHEET_COLUMNS.every((c) => raw[c.field] === "")) continue; // blank line
    const errors: UnitsImportRow["errors"] = [];
    const text = (f: Field) => (typeof raw[f] === "string" ? (raw[f] as string) : "");
    const values = { code: text("code"), name: text("name"), kind: text("kind") };
    const issue = (f: Field, code: string, message: string) => errors.push({ column: headerText[f], code, message });
    for (const c of UNITS_SHEET_COLUMNS) {
      const v = raw[c.field];
      if (typeof v !== "string") issue(c.field, "invalid", `Ô ${v.problem}`);
      else if (v === "") issue(c.field, "required", "Ô trống: hãy nhập giá trị");
    }
    let code: string | undefined;
    let name: string | undefined;
    let kind: UnitKind | undefined;
    if (values.code) {
      const p = UnitCode.safeParse(values.code);
      if (p.success) code = p.data;
      else issue("code", "invalid", "Mã chỉ gồm chữ A–Z, số, - hoặc _ (tối đa 20 ký tự)");
    }
    if (values.name) {
      const p = UnitName.safeParse(values.name);
      if (p.success) name = p.data;
      else issue("name", "invalid", "Tên không hợp lệ (1–200 ký tự, không có ký tự điều khiển)");
    }
    if (values.kind) {
      kind = kindOf(values.kind);
      if (!kind)
        issue(
          "kind",
          "unknown_kind",
          `Loại không hợp lệ: dùng ${UNIT_KINDS.map((k) => UNIT_KIND_LABELS_VI[k]).join(", ")} (hoặc mã ${UNIT_KINDS.join(", ")})`,
        );
    }
    if (code) {
      const first = firstRowOfCode.get(code);
      if (first !== undefined) issue("code", "duplicate_in_file", `Mã ${code} đã có ở dòng ${first}`);
      else firstRowOfCode.set(code, r.row);
    }
    if (errors.length || !code || !name || !kind) {
      rows.push({ row: r.row, action: "error", values, errors });
      continue;
    }
    const existing = byCode.get(code);
    if (!existing) {
      plan.creates.push({ code, name, kind });
      rows.push({ row: r.row, action: "create", values: { code, name, kind }, errors: [] });
    } else if (existing.name !== name || existing.kind !== kind) {
      plan.updates.push({ id: existing.id, code, name, kind });
      rows.push({ row: r.row, action: "update", values: { code, name, kind }, errors: [] });
    } else rows.push({ row: r.row, action: "unchanged", values: { code, name, kind }, errors: [] });
  }
  return plan;
}

export function unitsSummary(rows: readonly UnitsImportRow[]) {
  const s = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const r of rows) s[r.action]++;
  return s;
}
