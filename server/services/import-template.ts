// The pre-filled import template: the caller's editable enterprises, one row each, with the
// template's Vietnamese headers, drop-down lists where Excel has them (active unit codes, VSIC
// letters, ownership, Có/Không), whole numbers ≥ 0 for counts, and the id and version of each row
// in hidden, locked columns so the import knows what version each row was edited from.
import type ExcelJS from "exceljs";
import { loadExcel } from "./exceljs.ts";
import { OWNERSHIPS, SECTORS } from "../../contract/codes.ts";
import { IMPORT_COLUMNS, OWNERSHIP_LABELS } from "../domain/import-columns.ts";
import { MAX_COUNT } from "../domain/import-values.ts";
import { canEdit, canEditSomething, type Actor } from "../domain/rights.ts";
import { ForbiddenError } from "../domain/errors.ts";
import type { Db } from "../db/database.ts";
import { enterprisesInOrder } from "../db/export-queries.ts";
import { listUnits } from "../db/unit-queries.ts";
import { SHEET_NAME } from "./spreadsheet-file.ts";

const LISTS = "Danh mục";
/** Rows below the data that keep the drop-downs, for enterprises added by hand. */
const SPARE_ROWS = 500;

export async function importTemplate(db: Db, actor: Actor, districtIds?: number[]): Promise<Buffer> {
  if (!canEditSomething(actor)) throw new ForbiddenError("Your role may not edit enterprises");
  const all = await listUnits(db, true);
  // New enterprises go into today's units: a retired unit is not offered (its code still labels rows).
  const editable = all.filter((d) => d.active && canEdit(actor, d.id));
  const wanted = districtIds?.length ? editable.filter((d) => districtIds.includes(d.id)) : editable;
  if (districtIds?.some((id) => !canEdit(actor, id)))
    throw new ForbiddenError("You may not edit enterprises of some of these districts");
  const codeOf = new Map(all.map((d) => [d.id, d.code]));

  const Excel = await loadExcel();
  const book = new Excel.Workbook();
  book.creator = "UnionPulse";
  const sheet = book.addWorksheet(SHEET_NAME, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.field,
    width: c.field === "name" ? 44 : c.kind === "key" ? 8 : Math.max(12, c.header.length + 2),
    hidden: c.kind === "key",
    style: {
      ...(c.kind === "taxCode" || c.kind === "district" || c.kind === "date" ? { numFmt: "@" } : {}),
      ...(c.kind === "count" ? { numFmt: "#,##0" } : {}),
      protection: { locked: c.kind === "key" },
    },
  }));
  sheet.getRow(1).font = { bold: true };

  let n = 0;
  for await (const e of enterprisesInOrder(db, { district: wanted.map((d) => d.id) }, "name")) {
    sheet.addRow({
      ...e,
      districtId: codeOf.get(e.districtId) ?? String(e.districtId),
      ownership: OWNERSHIP_LABELS[e.ownership],
      hasUnion: yesNo(e.hasUnion),
      hasParty: yesNo(e.hasParty),
      hasYouthUnion: yesNo(e.hasYouthUnion),
      hasWomenUnion: yesNo(e.hasWomenUnion),
      hasVeterans: yesNo(e.hasVeterans),
      status: e.status === "CEASED" ? "Ngừng hoạt động" : "Đang hoạt động",
    });
    n++;
  }

  const lists = book.addWorksheet(LISTS);
  lists.columns = [
    { header: "Mã đơn vị", width: 10 },
    { header: "Tên đơn vị", width: 28 },
    { header: "Ngành VSIC", width: 10 },
    { header: "Tên ngành", width: 60 },
    { header: "Loại hình", width: 26 },
    { header: "Có/Không", width: 10 },
  ];
  lists.getRow(1).font = { bold: true };
  const height = Math.max(wanted.length, SECTORS.length, OWNERSHIPS.length);
  for (let i = 0; i < height; i++) {
    lists.addRow([
      wanted[i]?.code ?? null,
      wanted[i]?.name ?? null,
      SECTORS[i]?.code ?? null,
      SECTORS[i]?.vi ?? null,
      OWNERSHIPS[i] ? OWNERSHIP_LABELS[OWNERSHIPS[i]!] : null,
      ["Có", "Không"][i] ?? null,
    ]);
  }
  lists.addRow([]);
  lists.addRow([
    'Hướng dẫn: sửa trên trang "Doanh nghiệp" rồi tải lên. Thêm dòng (để trống id, version) để đăng ký doanh nghiệp mới. Không sửa các cột ẩn id và version: chúng cho biết bạn đã sửa từ phiên bản nào.',
  ]);
  lists.addRow([
    "Tệp của đơn vị cũng nhập được: dòng tiêu đề có thể nằm dưới tên bảng và dòng kỳ báo cáo; tiêu đề theo cách gọi thường dùng (MST, Tên DN, Ngành, Số LĐ, Tổng số LĐ, Số CNLĐ, Số ĐV, Chi bộ, Có ĐTN, Có Hội PN, CCB…) được nhận ra; cột STT, Địa chỉ không được nhập; cột lạ được liệt kê khi xem trước để bạn chọn nó là gì hoặc bỏ qua (lựa chọn được ghi nhớ cho lần sau).",
  ]);
  lists.addRow([
    "Cột Có/Không đánh dấu x: một cột chỉ có x, X, ✓ hoặc có (không có chữ Không nào) thì ô trống là Không; cột hoàn toàn trống cũng là Không khi tệp có cột khác đánh dấu như vậy. Cột có chữ Không ở đâu đó thì ô trống là lỗi (có thể bạn quên điền).",
  ]);

  // Drop-downs and number rules on the data rows and some spare rows, not whole columns (a
  // whole-column rule makes files slow to open in many readers).
  const last = n + 1 + SPARE_ROWS;
  // exceljs has range validations (worksheet.dataValidations) but its typings do not declare them.
  const validations = (
    sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }
  ).dataValidations;
  const letter = (field: string) => sheet.getColumn(field).letter;
  const listRule = (field: string, formula: string, what: string) => {
    validations.add(`${letter(field)}2:${letter(field)}${last}`, {
      type: "list",
      allowBlank: true,
      formulae: [formula],
      showErrorMessage: true,
      errorStyle: "stop",
      errorTitle: "Giá trị không hợp lệ",
      error: `Hãy chọn ${what} trong danh sách`,
    });
  };
  if (wanted.length) listRule("districtId", `'${LISTS}'!$A$2:$A$${wanted.length + 1}`, "mã đơn vị");
  listRule("sector", `'${LISTS}'!$C$2:$C$${SECTORS.length + 1}`, "ngành VSIC (A–U)");
  listRule("ownership", `'${LISTS}'!$E$2:$E$${OWNERSHIPS.length + 1}`, "loại hình");
  for (const c of IMPORT_COLUMNS) {
    if (c.kind === "flag") listRule(c.field, '"Có,Không"', "Có hoặc Không");
    if (c.kind === "status") listRule(c.field, '"Đang hoạt động,Ngừng hoạt động"', "tình trạng");
    if (c.kind === "count") {
      validations.add(`${letter(c.field)}2:${letter(c.field)}${last}`, {
        type: "whole",
        operator: "between",
        allowBlank: true,
        formulae: [0, MAX_COUNT],
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: "Giá trị không hợp lệ",
        error: "Hãy nhập số nguyên từ 0 trở lên",
      });
    }
  }
  // Locked id/version (no password: it prevents slips, not a determined user, and the server
  // checks every row anyway). Rows can still be added, sorted and filtered.
  await sheet.protect("", {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    insertRows: true,
    deleteRows: true,
    sort: true,
    autoFilter: true,
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

const yesNo = (b: boolean) => (b ? "Có" : "Không");
