// An uploaded file → a grid of cells. The type is decided by the content, not the name or the
// Content-Type: a zip is an .xlsx (checked by zip-guard, then opened by exceljs with row and
// column caps, data validations and conditional formats skipped), UTF-8 text is CSV, anything else
// is refused. Formulas are reported as formulas (never evaluated).
import type ExcelJS from "exceljs";
import { loadExcel } from "./exceljs.ts";
import { IMPORT_LIMITS } from "../../contract/import.ts";
import { CsvError, parseCsv } from "../domain/csv.ts";
import type { SheetCell } from "../domain/import-values.ts";
import { DomainError, ValidationError } from "../domain/errors.ts";
import { problem } from "../../contract/errors.ts";
import { checkZip, ZipRejected } from "./zip-guard.ts";

export interface SheetGrid {
  format: "xlsx" | "csv";
  separator?: string;
  rows: { row: number; cells: SheetCell[] }[];
}

export const SHEET_NAME = "Doanh nghiệp";

const tooManyRows = (limits: typeof IMPORT_LIMITS) =>
  `Tệp có hơn ${limits.maxRows.toLocaleString("vi-VN")} dòng dữ liệu: hãy chia thành nhiều tệp`;
const cellTooLong = (limits: typeof IMPORT_LIMITS, row: number) =>
  `Dòng ${row} có một ô dài quá ${limits.maxCellChars.toLocaleString("vi-VN")} ký tự (giới hạn của Excel)`;
const rejectFile = (message: string) => new ValidationError({ file: problem("bad_file", undefined, message) }, message);
const unsupported = (message: string) =>
  new DomainError("UNSUPPORTED_MEDIA_TYPE", message, { file: problem("bad_file", undefined, message) });

export async function readSpreadsheet(buf: Buffer, limits = IMPORT_LIMITS): Promise<SheetGrid> {
  if (buf.length === 0) throw rejectFile("Tệp rỗng");
  if (buf.length > limits.maxBytes)
    throw new DomainError("PAYLOAD_TOO_LARGE", `Tệp quá lớn (tối đa ${limits.maxBytes / 1048576} MB)`);
  if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return readXlsx(buf, limits);
  if (buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0)
    throw unsupported("Tệp Excel 97-2003 (.xls) không được hỗ trợ: hãy lưu dưới dạng .xlsx");
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))
    throw unsupported('Tệp CSV phải mã hoá UTF-8 (tệp này là UTF-16): trong Excel chọn "CSV UTF-8"');
  return readCsv(buf, limits);
}

function readCsv(buf: Buffer, limits: typeof IMPORT_LIMITS): SheetGrid {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw unsupported("Không phải tệp .xlsx hay CSV UTF-8: nếu là CSV, hãy lưu với mã hoá UTF-8");
  }
  // Text has no NULs or other control characters besides tab and line breaks.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text.slice(0, 65_536)))
    throw unsupported("Không phải tệp .xlsx hay CSV: tệp chứa dữ liệu nhị phân");
  try {
    const table = parseCsv(text, { maxRows: limits.maxRows + 11, maxColumns: limits.maxColumns });
    const long = table.rows.find((r) => r.cells.some((c) => c.length > limits.maxCellChars));
    if (long) throw rejectFile(cellTooLong(limits, long.row));
    // A CSV cell that starts with "=" would be a formula in a spreadsheet: report it, never run it.
    const rows = table.rows.map(({ row, cells }) => ({
      row,
      cells: cells.map((c): SheetCell => (/^\s*=/.test(c) ? { formula: c.trim().slice(1) } : c)),
    }));
    return { format: "csv", separator: table.separator, rows };
  } catch (e) {
    if (e instanceof CsvError) throw rejectFile(e.kind === "rows" ? tooManyRows(limits) : e.message);
    throw e;
  }
}

async function readXlsx(buf: Buffer, limits: typeof IMPORT_LIMITS): Promise<SheetGrid> {
  try {
    await checkZip(buf, {
      maxUnzippedBytes: limits.maxUnzippedBytes,
      maxPartBytes: limits.maxPartBytes,
      // Excel's cell limit, at most 8 bytes of XML a character (&#65535;), and room for the tag.
      maxXmlTextBytes: limits.maxCellChars * 8 + 1024,
    });
  } catch (e) {
    if (e instanceof ZipRejected) throw rejectFile(e.message);
    throw e;
  }
  const Excel = await loadExcel();
  const book = new Excel.Workbook();
  try {
    // exceljs expands a data validation's range cell by cell: a whole-column rule would take
    // minutes, so the parts the import does not need are skipped. The caps stop a sheet early.
    await book.xlsx.load(
      buf as unknown as ArrayBuffer,
      {
        ignoreNodes: [
          "dataValidations",
          "conditionalFormatting",
          "extLst",
          "hyperlinks",
          "mergeCells",
          "drawing",
          "legacyDrawing",
          "tableParts",
        ],
        maxRows: limits.maxRows + 11,
        maxCols: limits.maxColumns,
      } as unknown as Partial<ExcelJS.XlsxReadOptions>,
    );
  } catch (e) {
    const msg = (e as Error).message ?? "";
    if (/Max row count/.test(msg)) throw rejectFile(tooManyRows(limits));
    if (/Max c count/.test(msg)) throw rejectFile(`Tệp có hơn ${limits.maxColumns} cột`);
    throw rejectFile(
      "Không đọc được tệp .xlsx (tệp hỏng hoặc không phải bảng tính Excel): hãy mở và lưu lại bằng Excel",
    );
  }
  const sheet =
    book.getWorksheet(SHEET_NAME) ??
    book.worksheets.find((w) => w.state !== "hidden" && w.state !== "veryHidden") ??
    book.worksheets[0];
  if (!sheet) throw rejectFile("Tệp .xlsx không có trang tính nào");
  const rows: SheetGrid["rows"] = [];
  let tooLong = 0;
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const cells: SheetCell[] = [];
    r.eachCell({ includeEmpty: false }, (cell, col) => {
      if (col <= limits.maxColumns) cells[col - 1] = cellOf(cell.value);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= null;
    if (cells.some((c) => typeof c === "string" && c.length > limits.maxCellChars)) tooLong = rowNumber;
    rows.push({ row: rowNumber, cells });
  });
  if (rows.length > limits.maxRows + 1) throw rejectFile(tooManyRows(limits));
  if (tooLong) throw rejectFile(cellTooLong(limits, tooLong));
  return { format: "xlsx", rows };
}

/** exceljs' cell value → ours: rich text and hyperlinks become their text; formulas stay formulas. */
function cellOf(v: ExcelJS.CellValue): SheetCell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ("formula" in v || "sharedFormula" in v)
    return {
      formula: String((v as { formula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula ?? ""),
    };
  if ("error" in v) return { error: String(v.error) };
  if ("richText" in v) return v.richText.map((t) => t.text).join("");
  if ("text" in v) return String(v.text);
  return null;
}
