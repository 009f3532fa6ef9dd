// Files for the import tests: reading a template back with exceljs as a person's Excel would,
// writing workbooks and CSV, and hand-made zips (broken, bomb-like) that no library would write.
import { PassThrough } from "node:stream";
import zlib from "node:zlib";
import ExcelJS from "exceljs";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function openWorkbook(file: Buffer | ArrayBuffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as ArrayBuffer);
  return book;
}

/** The first sheet's rows as header → value records (header row 1). */
export function recordsOf(
  sheet: ExcelJS.Worksheet,
): { rowNumber: number; values: Record<string, ExcelJS.CellValue> }[] {
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ""));
  const out: { rowNumber: number; values: Record<string, ExcelJS.CellValue> }[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, ExcelJS.CellValue> = {};
    row.eachCell((cell, col) => {
      values[header[col]!] = cell.value;
    });
    out.push({ rowNumber, values });
  });
  return out;
}

/** Sets a cell of a sheet by its header's name. */
export function setByHeader(sheet: ExcelJS.Worksheet, rowNumber: number, header: string, value: ExcelJS.CellValue) {
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => String(v ?? ""));
  const col = headers.indexOf(header);
  if (col < 1) throw new Error(`no column ${header}`);
  sheet.getRow(rowNumber).getCell(col).value = value;
}

export async function bufferOf(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A workbook with one sheet of these rows (the first is the header). */
export async function workbookOf(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Doanh nghiệp");
  for (const r of rows) sheet.addRow(r);
  return bufferOf(book);
}

/** workbookOf for tens of thousands of rows: ExcelJS's streaming writer (strings in the cells, no styles,
 *  as other programs than Excel write them), a few times less CPU than building the whole book first. */
export async function largeWorkbookOf(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet("Doanh nghiệp");
  for (const r of rows) sheet.addRow(r).commit();
  sheet.commit();
  await book.commit();
  return Buffer.concat(chunks);
}

/** The headers of an office's sheet of enterprises, in the template's order: the enterprise, its unit
 *  (under the template's header, or the old "Mã huyện" that sheets downloaded before still carry),
 *  its counts, and its five organisations. */
export function sheetHeaders(unit: "Mã đơn vị" | "Mã huyện" = "Mã huyện"): string[] {
  return [
    "Mã số thuế",
    "Tên doanh nghiệp",
    unit,
    "Ngành VSIC",
    "Loại hình",
    "Số lao động",
    "Số đoàn viên",
    ...ORGANISATION_HEADERS,
  ];
}

export const ORGANISATION_HEADERS = ["Có CĐCS", "Có tổ chức Đảng", "Có Đoàn TN", "Có Hội LHPN", "Có Hội CCB"];

/** A row of sheetHeaders(): the cells as a person types them, the five organisations "Không" unless given. */
export function sheetRow(
  e: {
    taxCode: string;
    name: string;
    unit: string;
    sector: string;
    ownership: string;
    headcount: string | number;
    unionMembers: string | number;
  },
  organisations: string[] = ORGANISATION_HEADERS.map(() => "Không"),
): string[] {
  return [
    e.taxCode,
    e.name,
    e.unit,
    e.sector,
    e.ownership,
    String(e.headcount),
    String(e.unionMembers),
    ...organisations,
  ];
}

interface ZipPart {
  name: string;
  data: Buffer;
  deflate?: boolean;
  declaredSize?: number;
}

/** A zip written by hand, so a test can make it lie about its sizes. */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const body = p.deflate === false ? p.data : zlib.deflateRawSync(p.data);
    const size = p.declaredSize ?? p.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(p.deflate === false ? 0 : 8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(p.deflate === false ? 0 : 8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** CSV text with a BOM, ";" between fields and CRLF, as Excel saves "CSV UTF-8" in a Vietnamese locale. */
export function csvOf(rows: string[][], sep = ";", bom = true): Buffer {
  const quote = (f: string) => (/[";,\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  return Buffer.from(`${bom ? "\uFEFF" : ""}${rows.map((r) => r.map(quote).join(sep)).join("\r\n")}\r\n`, "utf8");
}
