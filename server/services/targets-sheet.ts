// The targets sheet as use cases (ADMIN and LEADER), the units sheet's pattern: the template (xlsx,
// Vietnamese headers, the year's targets filled in: the province's row then each active unit's), the
// dry run of an upload (kept in PendingImport 30 minutes), and apply: all rows or none, each change logged.
import type ExcelJS from "exceljs";
import { loadExcel } from "./exceljs.ts";
import {
  TARGET_MEASURES,
  TARGETS_SHEET_COLUMNS,
  type TargetsApplyResult,
  type TargetsDryRun,
} from "../../contract/targets.ts";
import { dayOf } from "../domain/calendar.ts";
import type { Actor } from "../domain/rights.ts";
import { planTargetsSheet, targetsSummary, type TargetsPlan } from "../domain/targets-sheet.ts";
import type { Db } from "../db/database.ts";
import { savePending } from "../db/pending-imports.ts";
import { allTargets, asTargetRows, targetsOfYears } from "../db/target-queries.ts";
import { findProvince, listUnits } from "../db/unit-queries.ts";
import { pendingSheetPlan, SHEET_KEEP_MS, takePendingSheet } from "./pending-sheet.ts";
import { readSpreadsheet } from "./spreadsheet-file.ts";
import { requireSetTargets, writeTargets } from "./targets.ts";

export function targetsSheetService(db: Db, targetsChanged: () => void) {
  return {
    async template(by: Actor, year = Number(dayOf(new Date()).slice(0, 4))): Promise<Buffer> {
      requireSetTargets(by);
      const Excel = await loadExcel();
      const book = new Excel.Workbook();
      book.creator = "UnionPulse";
      const sheet = book.addWorksheet("Chỉ tiêu", { views: [{ state: "frozen", ySplit: 1, xSplit: 3 }] });
      sheet.columns = TARGETS_SHEET_COLUMNS.map((c) => ({
        header: c.header,
        key: c.field,
        width: c.field === "name" ? 32 : c.field === "year" ? 8 : 18,
        style: c.field === "code" ? { numFmt: "@" } : {},
      }));
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).alignment = { wrapText: true, vertical: "top" };
      const [province, units, targets] = await Promise.all([
        findProvince(db),
        listUnits(db),
        targetsOfYears(db, [year]),
      ]);
      const valueOf = (districtId: number | null) =>
        Object.fromEntries(
          TARGET_MEASURES.map((m) => [
            m,
            targets.find((t) => t.districtId === districtId && t.measure === m)?.value ?? null,
          ]),
        );
      // The province's row has no unit code: a blank Mã đơn vị means the whole province.
      sheet.addRow({ year, code: "", name: province ? `Toàn tỉnh (${province.name})` : "Toàn tỉnh", ...valueOf(null) });
      for (const u of units) sheet.addRow({ year, code: u.code, name: u.name, ...valueOf(u.id) });
      return Buffer.from(await book.xlsx.writeBuffer());
    },

    async dryRun(by: Actor, file: Buffer): Promise<TargetsDryRun> {
      requireSetTargets(by);
      const grid = await readSpreadsheet(file);
      const current = asTargetRows(await allTargets(db));
      const plan = planTargetsSheet(grid.rows, await listUnits(db, true), current);
      const { id } = await savePending(db, "targets", by.userId, plan, SHEET_KEEP_MS);
      return { importId: id, summary: targetsSummary(plan.rows), rows: plan.rows };
    },

    async apply(by: Actor, importId: string): Promise<TargetsApplyResult> {
      requireSetTargets(by);
      const plan = await pendingSheetPlan<TargetsPlan>(db, importId, "targets", by.userId);
      const changed = await db.$transaction(async (tx) => {
        await takePendingSheet(tx, importId);
        // A unit retired since the dry run fails the whole sheet here, naming the item.
        return writeTargets(tx, by, plan.inputs, "import", (i) => `file.${i}.`);
      });
      targetsChanged();
      return { changed };
    },
  };
}
export type TargetsSheetService = ReturnType<typeof targetsSheetService>;
