// exceljs, loaded at the first spreadsheet a process makes or reads rather than at start-up, where
// importing it was a noticeable part of the time to the first dashboard.
import type ExcelJS from "exceljs";

let loading: Promise<typeof ExcelJS> | undefined;

export const loadExcel = (): Promise<typeof ExcelJS> => (loading ??= import("exceljs").then((m) => m.default));
