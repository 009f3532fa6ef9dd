// The enterprise table as CSV (UTF-8 with a BOM, so Excel reads Vietnamese) and as .xlsx
// (exceljs' streaming writer: numbers as numbers, one row in memory at a time). Rows come in the
// list's own order (server/db/export-queries.ts), so the file is what the table shows, all pages of it.
// Text a spreadsheet would run as a formula is written as text (contract/csv-field.ts).
import type { Writable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import type ExcelJS from "exceljs";
import { loadExcel } from "./exceljs.ts";
import { OWNERSHIPS, SECTORS } from "../../contract/codes.ts";
import { csvField } from "../../contract/csv-field.ts";
import type { Enterprise } from "../../contract/enterprise.ts";
import type { Filter } from "../../contract/filter.ts";
import { densityOf } from "../../contract/density.ts";
import { requireExport, type Actor } from "../domain/rights.ts";
import type { Db } from "../db/database.ts";
import { enterprisesInOrder } from "../db/export-queries.ts";
import { unitNames } from "../db/unit-queries.ts";

const OWNERSHIP_VI: Record<(typeof OWNERSHIPS)[number], string> = {
  STATE: "Nhà nước",
  DOMESTIC: "Tư nhân trong nước",
  FDI: "Có vốn đầu tư nước ngoài",
  COOPERATIVE: "Hợp tác xã",
};
const SECTOR_VI = new Map<string, string>(SECTORS.map((s) => [s.code, s.vi]));
const yesNo = (b: boolean) => (b ? "Có" : "Chưa có");

type Cell = string | number | null;
interface Column {
  header: string;
  value: (e: Enterprise, districtName: string) => Cell;
  /** Excel number format for numeric columns. */
  format?: string;
  width: number;
}

export const EXPORT_COLUMNS: readonly Column[] = [
  { header: "Mã số thuế", value: (e) => e.taxCode, width: 16 },
  { header: "Tên doanh nghiệp", value: (e) => e.name, width: 44 },
  { header: "Địa bàn", value: (_e, d) => d, width: 22 },
  { header: "Mã ngành (VSIC)", value: (e) => e.sector, width: 10 },
  { header: "Ngành", value: (e) => SECTOR_VI.get(e.sector) ?? e.sector, width: 36 },
  { header: "Loại hình", value: (e) => OWNERSHIP_VI[e.ownership], width: 24 },
  { header: "Số lao động", value: (e) => e.headcount, format: "#,##0", width: 12 },
  { header: "Số đoàn viên công đoàn", value: (e) => e.unionMembers, format: "#,##0", width: 14 },
  { header: "Tỷ lệ đoàn viên", value: (e) => densityOf(e.unionMembers, e.headcount), format: "0.0%", width: 12 },
  { header: "Công đoàn cơ sở", value: (e) => yesNo(e.hasUnion), width: 12 },
  { header: "Tổ chức Đảng", value: (e) => yesNo(e.hasParty), width: 12 },
  { header: "Đoàn Thanh niên", value: (e) => yesNo(e.hasYouthUnion), width: 12 },
  { header: "Hội Phụ nữ", value: (e) => yesNo(e.hasWomenUnion), width: 12 },
  { header: "Hội Cựu chiến binh", value: (e) => yesNo(e.hasVeterans), width: 12 },
  { header: "Giới thiệu vào Đảng", value: (e) => e.partyRecommended, format: "#,##0", width: 12 },
  { header: "Kết nạp Đảng", value: (e) => e.partyAdmitted, format: "#,##0", width: 12 },
  { header: "Sáng kiến", value: (e) => e.initiatives, format: "#,##0", width: 10 },
  { header: "Cập nhật lúc", value: (e) => e.updatedAt, width: 24 },
  { header: "Cập nhật bởi", value: (e) => e.updatedBy, width: 16 },
];

// Rows written per turn of the event loop: an xlsx row costs exceljs about 0.1–0.2 ms (a style
// looked up per cell), so a whole page of the export in one piece would hold live pushes.
const CSV_LINES_PER_TURN = 500;
const XLSX_ROWS_PER_TURN = 50;

/** Thrown when the person cancelled the download: nothing more to send. */
export class DownloadCancelled extends Error {}

/** Resolves once `out` has drained or closed. */
const drained = (out: Writable) =>
  new Promise<void>((resolve) => {
    if (out.destroyed) return resolve();
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      resolve();
    };
    out.once("drain", done);
    out.once("close", done);
  });

/** Resolves once `out` can take more; rejects if the download was cancelled meanwhile. */
async function write(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw new DownloadCancelled();
  if (!out.write(chunk)) await drained(out);
  if (out.destroyed) throw new DownloadCancelled();
}

export function exportService(db: Db) {
  return {
    /** Throws ForbiddenError unless the actor may export: call before the response starts. */
    check: (by: Actor) => requireExport(by),

    async csv(by: Actor, f: Filter, sort: string, out: Writable): Promise<void> {
      requireExport(by);
      const names = await unitNames(db);
      await write(out, `\uFEFF${EXPORT_COLUMNS.map((c) => csvField(c.header)).join(",")}\r\n`);
      let lines: string[] = [];
      for await (const e of enterprisesInOrder(db, f, sort)) {
        const d = names.get(e.districtId) ?? String(e.districtId);
        lines.push(EXPORT_COLUMNS.map((c) => csvField(c.value(e, d))).join(","));
        if (lines.length === CSV_LINES_PER_TURN) {
          await write(out, `${lines.join("\r\n")}\r\n`);
          lines = [];
          await nextTurn();
        }
      }
      if (lines.length) await write(out, `${lines.join("\r\n")}\r\n`);
      out.end();
    },

    async xlsx(by: Actor, f: Filter, sort: string, out: Writable): Promise<void> {
      requireExport(by);
      const names = await unitNames(db);
      const Excel = await loadExcel();
      const book = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      const sheet = book.addWorksheet("Doanh nghiệp", { views: [{ state: "frozen", ySplit: 1 }] });
      sheet.columns = EXPORT_COLUMNS.map((c, i) => ({
        key: String(i),
        width: c.width,
        ...(c.format ? { style: { numFmt: c.format } } : {}),
      }));
      const header = sheet.addRow(EXPORT_COLUMNS.map((c) => c.header));
      header.font = { bold: true };
      header.commit();
      let rows = 0;
      for await (const e of enterprisesInOrder(db, f, sort)) {
        const d = names.get(e.districtId) ?? String(e.districtId);
        if (out.destroyed) throw new DownloadCancelled();
        // Strings go in as plain text values: exceljs writes a formula only for {formula} objects.
        sheet.addRow(EXPORT_COLUMNS.map((c) => c.value(e, d))).commit();
        // exceljs does not wait for `out` (its zip piped there buffers the rows instead): a slow
        // reader holds the rows back here, so a download of the province never sits in memory.
        if (++rows % XLSX_ROWS_PER_TURN === 0) await (out.writableNeedDrain ? drained(out) : nextTurn());
      }
      sheet.commit();
      await book.commit();
    },
  };
}
export type ExportService = ReturnType<typeof exportService>;
