// The units sheet as use cases: the template (xlsx: Mã đơn vị, Tên đơn vị, Loại with a drop-down of
// kinds), the dry run of an uploaded xlsx or CSV (kept in PendingImport, 30 minutes, for any process),
// and apply: all rows or none, in one transaction, each unit change logged. Administrators only.
import type ExcelJS from "exceljs";
import { loadExcel } from "./exceljs.ts";
import { UNIT_KIND_LABELS_VI, UNIT_KINDS, UNITS_SHEET_COLUMNS } from "../../contract/units.ts";
import type { UnitsApplyResult, UnitsDryRun } from "../../contract/units.ts";
import { problem } from "../../contract/errors.ts";
import { ConflictError, NotSetUpError } from "../domain/errors.ts";
import { requireManage, type Actor } from "../domain/rights.ts";
import { planUnitsSheet, unitsSummary, type UnitsPlan } from "../domain/units-sheet.ts";
import type { Db } from "../db/database.ts";
import { savePending } from "../db/pending-imports.ts";
import { appendUnitChanges, type UnitChangeEntry } from "../db/unit-changes.ts";
import { findProvince, listUnits } from "../db/unit-queries.ts";
import { insertUnit, updateUnit } from "../db/unit-writes.ts";
import { pendingSheetPlan, SHEET_KEEP_MS, takePendingSheet } from "./pending-sheet.ts";
import { readSpreadsheet } from "./spreadsheet-file.ts";

const who = (by: Actor) => ({ actor: by.name, actorUserId: by.kind === "user" ? by.userId : null });

export function unitsSheetService(db: Db, unitsChanged: () => void) {
  return {
    /** The template: the current active units (so it doubles as an export), then blank rows with the kind list. */
    async template(by: Actor): Promise<Buffer> {
      requireManage(by);
      const Excel = await loadExcel();
      const book = new Excel.Workbook();
      book.creator = "UnionPulse";
      const sheet = book.addWorksheet("Đơn vị", { views: [{ state: "frozen", ySplit: 1 }] });
      sheet.columns = UNITS_SHEET_COLUMNS.map((c) => ({
        header: c.header,
        key: c.field,
        width: c.field === "name" ? 40 : 18,
        style: c.field === "code" ? { numFmt: "@" } : {},
      }));
      sheet.getRow(1).font = { bold: true };
      const units = await listUnits(db);
      for (const u of units) sheet.addRow({ code: u.code, name: u.name, kind: UNIT_KIND_LABELS_VI[u.kind] });
      const labels = UNIT_KINDS.map((k) => UNIT_KIND_LABELS_VI[k]).join(",");
      for (let row = 2; row <= units.length + 501; row++)
        sheet.getCell(row, 3).dataValidation = {
          type: "list",
          allowBlank: true,
          formulae: [`"${labels}"`],
          showErrorMessage: true,
          errorTitle: "Loại đơn vị",
          error: `Chọn một trong: ${labels}`,
        };
      return Buffer.from(await book.xlsx.writeBuffer());
    },

    async dryRun(by: Actor, file: Buffer): Promise<UnitsDryRun> {
      requireManage(by);
      if (!(await findProvince(db)))
        throw new NotSetUpError("No province is set up yet: set it before its units (PUT /api/province)", {
          province: problem("not_set_up"),
        });
      const grid = await readSpreadsheet(file);
      const plan = planUnitsSheet(grid.rows, await listUnits(db, true));
      const { id } = await savePending(db, "units", by.userId, plan, SHEET_KEEP_MS);
      return { importId: id, summary: unitsSummary(plan.rows), rows: plan.rows };
    },

    async apply(by: Actor, importId: string): Promise<UnitsApplyResult> {
      requireManage(by);
      const plan = await pendingSheetPlan<UnitsPlan>(db, importId, "units", by.userId);
      const result = await db.$transaction(async (tx) => {
        await takePendingSheet(tx, importId);
        const province = await findProvince(tx as unknown as Db);
        if (!province) throw new NotSetUpError("No province is set up yet", { province: problem("not_set_up") });
        const at = new Date();
        const units = await listUnits(tx as unknown as Db, true);
        const byCode = new Map(units.map((u) => [u.code, u]));
        const log: UnitChangeEntry[] = [];
        for (const c of plan.creates) {
          // Someone created the same code since the dry run: refuse the whole sheet rather than guess.
          if (byCode.has(c.code))
            throw new ConflictError(`Unit ${c.code} was created since the dry run: run it again`, undefined, {
              file: problem("changed_since", { unit: c.code }, `unit ${c.code} exists now`),
            });
          const row = await insertUnit(tx, { ...c, provinceId: province.id });
          log.push({
            districtId: row.id,
            at,
            ...who(by),
            action: "create",
            diff: { code: [null, c.code], name: [null, c.name], kind: [null, c.kind], source: "import" },
          });
        }
        for (const u of plan.updates) {
          const current = units.find((x) => x.id === u.id);
          if (!current || current.code !== u.code)
            throw new ConflictError(`Unit ${u.code} changed since the dry run: run it again`, undefined, {
              file: problem("changed_since", { unit: u.code }, `unit ${u.code} changed`),
            });
          const diff: Record<string, unknown> = { source: "import" };
          if (current.name !== u.name) diff.name = [current.name, u.name];
          if (current.kind !== u.kind) diff.kind = [current.kind, u.kind];
          await updateUnit(tx, u.id, { name: u.name, kind: u.kind });
          log.push({ districtId: u.id, at, ...who(by), action: "update", diff });
        }
        await appendUnitChanges(tx, log);
        return { created: plan.creates.length, updated: plan.updates.length };
      });
      if (result.created || result.updated) unitsChanged();
      return result;
    },
  };
}
export type UnitsSheetService = ReturnType<typeof unitsSheetService>;
