// The period report's tables as an xlsx (issue 12 item 3): a sheet with the comparison tables of the
// numbered sections and a sheet by unit; cells hold numbers (formatted as counts and percentages), so
// the figures can be summed and charted, with the same labels as the print page and the Word file.
import type ExcelJS from "exceljs";
import { loadExcel } from "./exceljs.ts";
import type { ReportCell, ReportLayout, ReportTable } from "../../contract/report-layout.ts";

const NUMBER_FORMAT = { count: "#,##0", signed: "+#,##0;-#,##0;0", percent: "0.0%", decimal: "0.0" } as const;

function writeTable(ws: ExcelJS.Worksheet, t: ReportTable) {
  const head = ws.addRow(t.head);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: "top" };
  t.rows.forEach((r, i) => {
    const row = ws.addRow(r.map(valueOf));
    r.forEach((c, j) => {
      if (c.format) row.getCell(j + 1).numFmt = NUMBER_FORMAT[c.format];
    });
    if (t.totalRow && i === t.rows.length - 1) row.font = { bold: true };
  });
}
const valueOf = (c: ReportCell) => (c.format ? (c.value ?? null) : c.text);

export async function reportXlsx(l: ReportLayout): Promise<Buffer> {
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  wb.creator = "UnionPulse";
  const summary = wb.addWorksheet(l.lang === "vi" ? "Báo cáo" : "Report", {
    pageSetup: { paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  summary.columns = [{ width: 48 }, { width: 26 }, { width: 26 }, { width: 26 }];
  for (const s of [...l.issuer, ...l.title]) summary.addRow([s]).font = { bold: true };
  summary.addRow([l.placeDate]);
  for (const s of l.sections) {
    summary.addRow([]);
    summary.addRow([s.heading]).font = { bold: true };
    writeTable(summary, s.table);
  }
  const units = wb.addWorksheet(l.lang === "vi" ? "Theo đơn vị" : "By unit", {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  units.columns = [{ width: 32 }, ...l.appendix.table.head.slice(1).map(() => ({ width: 15 }))];
  units.addRow([l.appendix.heading]).font = { bold: true };
  writeTable(units, l.appendix.table);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
