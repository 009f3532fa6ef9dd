// Cell text → typed values for the import: counts written the Vietnamese way ("1.234" = 1234) or
// the English way where that is unambiguous, yes/no in either language, and the issues a cell can
// have, each with a Vietnamese reason for the person and a code for the client.

import { TAX_CODE_PATTERN } from "../../contract/codes.ts";

/** A cell as a reader hands it over: text, a number or flag typed in Excel, a formula (never
 *  evaluated), an Excel error value, or nothing. */
export type SheetCell = string | number | boolean | null | { formula: string } | { error: string };

export interface CellIssue {
  code: string;
  reason: string;
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; issue: CellIssue };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (code: string, reason: string): Parsed<never> => ({ ok: false, issue: { code, reason } });

/** How the file writes numbers: "vi" 1.234,5; "en" 1,234.5; unknown until a cell gives it away. */
export type NumberStyle = "vi" | "en" | "unknown";

export const MAX_COUNT = 9_999_999;

/** Accents, case, spaces and punctuation ignored: "Có CĐCS" and "co cdcs" are the same word. */
export function plainWord(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

const SPACES = /[\s\u00a0\u202f]+/g;
const VI_GROUPS = /^\d{1,3}(\.\d{3})+$/; // 1.234 or 1.234.567
const EN_GROUPS_MANY = /^\d{1,3}(,\d{3}){2,}$/; // 1,234,567: a comma decimal cannot repeat
const ONE_COMMA_GROUP = /^\d{1,3},\d{3}$/; // 1,234: a thousand, or one point two three four?

/** What the numbers of a file say about its style: a "1.234" or "2,5" is Vietnamese, a "1,234,567"
 *  or "2.5" English; both kinds, or neither, leave it unknown. */
export function numberStyleOf(texts: Iterable<string>): NumberStyle {
  let vi = false;
  let en = false;
  for (const raw of texts) {
    const s = raw.replace(SPACES, "");
    if (VI_GROUPS.test(s) || /^\d+,(\d{1,2}|\d{4,})$/.test(s) || /^\d{1,3}(\.\d{3})+,\d+$/.test(s)) vi = true;
    else if (EN_GROUPS_MANY.test(s) || /^\d+\.(\d{1,2}|\d{4,})$/.test(s) || /^\d{1,3}(,\d{3})+\.\d+$/.test(s))
      en = true;
  }
  return vi === en ? "unknown" : vi ? "vi" : "en";
}

function wholeFrom(intPart: string, fraction: string): Parsed<number> {
  if (/[^0]/.test(fraction)) return bad("notWhole", "phải là số nguyên");
  return inRange(Number(intPart));
}
function inRange(n: number): Parsed<number> {
  if (!Number.isFinite(n)) return bad("notNumber", "không phải là số");
  if (!Number.isInteger(n)) return bad("notWhole", "phải là số nguyên");
  if (n < 0) return bad("negative", "không được âm");
  if (n > MAX_COUNT) return bad("tooLarge", `quá lớn (tối đa ${MAX_COUNT.toLocaleString("vi-VN")})`);
  return ok(n);
}

/** A count (whole, 0 … 9.999.999) from a cell. */
export function parseCount(cell: SheetCell, style: NumberStyle): Parsed<number> {
  if (typeof cell === "number") return inRange(cell);
  if (typeof cell !== "string") return bad("notNumber", "không phải là số");
  const s = cell.replace(SPACES, "");
  if (s === "") return bad("empty", "ô trống: hãy nhập giá trị");
  if (/^-\d/.test(s)) return bad("negative", "không được âm");
  if (/^\d+$/.test(s)) return inRange(Number(s));
  if (VI_GROUPS.test(s)) return inRange(Number(s.replace(/\./g, "")));
  if (EN_GROUPS_MANY.test(s)) return inRange(Number(s.replace(/,/g, "")));
  if (ONE_COMMA_GROUP.test(s)) {
    if (style === "en") return inRange(Number(s.replace(",", "")));
    if (style === "vi")
      return bad(
        "notWhole",
        `phải là số nguyên (${cell.trim()} là số thập phân; nghìn viết là ${cell.trim().replace(",", ".")})`,
      );
    return bad(
      "ambiguousNumber",
      `không rõ nghĩa: ${cell.trim()} là một nghìn hay số thập phân? Hãy viết ${cell.trim().replace(",", ".")} hoặc ${cell.trim().replace(",", "")}`,
    );
  }
  let m = /^(\d+),(\d+)$/.exec(s) ?? /^(\d{1,3}(?:\.\d{3})+),(\d+)$/.exec(s);
  if (m) return wholeFrom(m[1]!.replace(/\./g, ""), m[2]!);
  m = /^(\d+)\.(\d+)$/.exec(s) ?? /^(\d{1,3}(?:,\d{3})+)\.(\d+)$/.exec(s);
  if (m) return wholeFrom(m[1]!.replace(/,/g, ""), m[2]!);
  return bad("notNumber", "không phải là số");
}

const YES = new Set(["co", "x", "yes", "y", "true", "1", "dung", "v"]);
const NO = new Set(["khong", "chuaco", "chua", "no", "n", "false", "0", "sai"]);

/** Check marks, which have no letters for plainWord to keep. */
const TICKS = /^[\u2611\u2705\u2713\u2714]$/;

/** Yes/no: Có/Không (also Chưa có, x, ✓, yes/no, true/false, 1/0); a typed TRUE/FALSE or 1/0 too. */
export function parseFlag(cell: SheetCell): Parsed<boolean> {
  if (typeof cell === "boolean") return ok(cell);
  if (cell === 0 || cell === 1) return ok(cell === 1);
  if (typeof cell !== "string" && cell !== null) return bad("notYesNo", "phải là Có hoặc Không");
  if (cell === null) cell = "";
  if (TICKS.test(cell.trim())) return ok(true);
  const w = plainWord(cell);
  if (w === "")
    return bad("empty", "ô trống: hãy nhập Có hoặc Không (hoặc cả cột đánh dấu x nơi có, để trống nơi không)");
  if (YES.has(w)) return ok(true);
  if (NO.has(w)) return ok(false);
  return bad("notYesNo", `phải là Có hoặc Không (không phải "${cell.trim().slice(0, 40)}")`);
}

/** Text as written; a leading apostrophe that an export put before = + - @ is taken off. */
export function parseText(cell: SheetCell): Parsed<string> {
  if (typeof cell === "number") return ok(String(cell));
  if (typeof cell !== "string") return bad("notText", "phải là chữ");
  const s = /^'[=+\-@]/.test(cell) ? cell.slice(1) : cell;
  // NFC, as the API stores names: a sheet's decomposed accents (NFD) are the same text.
  return ok(s.trim().normalize("NFC"));
}

/** Tax codes typed into Excel as numbers lose their leading zero: 10 digits are put back. */
export function parseTaxCode(cell: SheetCell): Parsed<string> {
  if (typeof cell === "number" && Number.isInteger(cell) && cell >= 0 && cell < 1e10)
    return ok(String(cell).padStart(10, "0"));
  const t = parseText(cell);
  if (!t.ok) return t;
  if (t.value === "") return bad("empty", "ô trống: hãy nhập mã số thuế");
  if (!TAX_CODE_PATTERN.test(t.value))
    return bad("taxCode", "mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số-3 chữ số cho chi nhánh");
  return t;
}

/** What a cell is wrong with before its value is even looked at (formulas, Excel errors). */
export function cellProblem(cell: SheetCell): CellIssue | null {
  if (cell !== null && typeof cell === "object") {
    if ("formula" in cell) return { code: "formula", reason: "công thức không được chấp nhận: hãy nhập giá trị" };
    return { code: "cellError", reason: `ô có lỗi Excel (${cell.error})` };
  }
  return null;
}

export const isBlank = (cell: SheetCell) => cell === null || (typeof cell === "string" && cell.trim() === "");

/** A yes/no column kept the way offices keep a register: a mark (x, ✓, có) where yes and nothing
 *  where no. It is one when some cell says yes and none says no in words (Không, 0, FALSE…); in such
 *  a column a blank is no. Where a column writes Không somewhere, a blank is a forgotten cell. */
export function usesMarks(cells: Iterable<SheetCell>): boolean {
  let yes = false;
  for (const cell of cells) {
    if (isBlank(cell)) continue;
    const f = parseFlag(cell);
    if (f.ok && !f.value) return false;
    if (f.ok) yes = true;
  }
  return yes;
}
