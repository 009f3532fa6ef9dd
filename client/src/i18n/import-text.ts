// Messages of the import page (Excel/CSV upload), kept apart from the other catalogs so the page
// can grow without touching them. en is typed against vi's keys. Reasons of rows come from the
// server in Vietnamese with a code; in English the code's message is shown.
import { language, locale, t } from "./index.ts";

const vi = {
  importTitle: "Nhập từ Excel/CSV — UnionPulse",
  importHeading: "Nhập từ Excel hoặc CSV",
  navForm: "Sửa từng doanh nghiệp",
  navImport: "Nhập từ Excel/CSV",
  notAllowed: "Tài khoản của bạn chỉ được xem, không được sửa dữ liệu.",
  stepTemplate:
    "1. Tải tệp mẫu có sẵn các doanh nghiệp của bạn, sửa trong Excel (không sửa hai cột ẩn id và version), rồi 2. tải lên để xem trước và 3. áp dụng.",
  templateLink: "Tải tệp mẫu (.xlsx)",
  fileLabel: "Tệp .xlsx hoặc .csv (UTF-8, dấu phẩy hoặc chấm phẩy)",
  upload: "Xem trước thay đổi",
  limits: "Tối đa {mb} MB, {rows} dòng. Không chấp nhận công thức.",
  chooseFile: "Hãy chọn một tệp.",
  reading: "Đang đọc tệp…",
  dryRunHeading: "Xem trước",
  summary: "{rows} dòng: {create} mới, {update} sửa, {unchanged} không đổi, {error} lỗi, {stale} đã bị người khác sửa.",
  showUnchanged: "Hiện cả các dòng không đổi",
  colRow: "Dòng",
  colAction: "Việc",
  colEnterprise: "Doanh nghiệp",
  colChanges: "Thay đổi",
  colProblems: "Lỗi",
  actioncreate: "Thêm mới",
  actionupdate: "Sửa",
  actionunchanged: "Không đổi",
  actionerror: "Lỗi",
  actionstale: "Đã bị sửa",
  apply: "Áp dụng {n} thay đổi",
  applying: "Đang ghi…",
  blockedErrors: "Hãy sửa các dòng lỗi trong tệp rồi tải lên lại: chưa có gì được ghi.",
  blockedStale: "Có dòng đã bị người khác sửa sau khi bạn tải tệp mẫu: hãy tải lại tệp mẫu. Chưa có gì được ghi.",
  nothingToApply: "Tệp không có thay đổi nào.",
  applied: "Đã ghi: {created} doanh nghiệp mới, {updated} doanh nghiệp được sửa.",
  failed: "Không thực hiện được: {message}",
  staleAtApply: "Không có gì được ghi: {n} dòng vừa bị người khác sửa. Hãy tải lại tệp mẫu.",
  forbidden: "Bạn không có quyền này.",
  fieldtaxCode: "Mã số thuế",
  fieldname: "Tên",
  fielddistrictId: "{Area}",
  fieldsector: "Ngành",
  fieldownership: "Loại hình",
  fieldheadcount: "Số lao động",
  fieldunionMembers: "Số đoàn viên",
  fieldhasUnion: "CĐCS",
  fieldhasParty: "Tổ chức Đảng",
  fieldhasYouthUnion: "Đoàn TN",
  fieldhasWomenUnion: "Hội LHPN",
  fieldhasVeterans: "Hội CCB",
  fieldpartyRecommended: "Giới thiệu Đảng",
  fieldpartyAdmitted: "Kết nạp Đảng",
  fieldinitiatives: "Sáng kiến",
  yes: "Có",
  no: "Không",
};
export type ImportKey = keyof typeof vi;

const en: Record<ImportKey, string> = {
  importTitle: "Import from Excel/CSV — UnionPulse",
  importHeading: "Import from Excel or CSV",
  navForm: "Edit one enterprise",
  navImport: "Import from Excel/CSV",
  notAllowed: "Your account may read but not change data.",
  stepTemplate:
    "1. Download the template with your enterprises, edit it in Excel (leave the hidden id and version columns alone), then 2. upload it to preview and 3. apply.",
  templateLink: "Download the template (.xlsx)",
  fileLabel: ".xlsx or .csv file (UTF-8, comma or semicolon)",
  upload: "Preview the changes",
  limits: "At most {mb} MB and {rows} rows. Formulas are not accepted.",
  chooseFile: "Choose a file.",
  reading: "Reading the file…",
  dryRunHeading: "Preview",
  summary:
    "{rows} rows: {create} new, {update} changed, {unchanged} unchanged, {error} with errors, {stale} changed by someone else.",
  showUnchanged: "Show unchanged rows too",
  colRow: "Row",
  colAction: "Action",
  colEnterprise: "Enterprise",
  colChanges: "Changes",
  colProblems: "Problems",
  actioncreate: "New",
  actionupdate: "Change",
  actionunchanged: "Unchanged",
  actionerror: "Error",
  actionstale: "Changed since",
  apply: "Apply {n} changes",
  applying: "Saving…",
  blockedErrors: "Fix the rows with errors in the file and upload it again: nothing has been saved.",
  blockedStale:
    "Some rows were changed by someone else after you downloaded the template: download it again. Nothing has been saved.",
  nothingToApply: "The file changes nothing.",
  applied: "Saved: {created} new enterprises, {updated} changed.",
  failed: "Could not do it: {message}",
  staleAtApply: "Nothing was saved: {n} rows were just changed by someone else. Download the template again.",
  forbidden: "You do not have this right.",
  fieldtaxCode: "Tax code",
  fieldname: "Name",
  fielddistrictId: "{Area}",
  fieldsector: "Sector",
  fieldownership: "Ownership",
  fieldheadcount: "Headcount",
  fieldunionMembers: "Union members",
  fieldhasUnion: "Union",
  fieldhasParty: "Party",
  fieldhasYouthUnion: "Youth Union",
  fieldhasWomenUnion: "Women's Union",
  fieldhasVeterans: "Veterans",
  fieldpartyRecommended: "Party recommended",
  fieldpartyAdmitted: "Party admitted",
  fieldinitiatives: "Initiatives",
  yes: "Yes",
  no: "No",
};

/** English for the server's issue codes (server/domain/import-values.ts, import-rows.ts). */
const ISSUE_EN: Record<string, string> = {
  formula: "formulas are not accepted: type the value",
  cellError: "the cell holds an Excel error",
  empty: "empty: enter a value",
  notNumber: "is not a number",
  notWhole: "must be a whole number",
  negative: "must not be negative",
  tooLarge: "is too large",
  ambiguousNumber: "ambiguous: write 1.234 for a thousand two hundred thirty-four",
  notYesNo: "must be Có (yes) or Không (no)",
  taxCode: "a tax code is 10 digits, or 10 digits-3 digits for a branch",
  district: "no such district code",
  sector: "must be a VSIC 2018 section letter A–U",
  ownership: "must be one of the ownership types of the list",
  tooLong: "is longer than 200 characters",
  control: "contains control characters",
  key: "do not edit this column (written by the system)",
  duplicate: "appears on an earlier row too",
  unknown: "no enterprise has this id",
  required: "required for a new enterprise",
  forbidden: "you may not edit enterprises of this district",
  rule: "breaks a rule (union members ≤ headcount; admitted ≤ recommended)",
  taxCodeTaken: "this tax code belongs to another enterprise",
  stale: "changed by someone else after you downloaded the file: download the template again",
};

const CATALOGS = { vi, en } as const;

export function ix(key: ImportKey, params: Record<string, string> = {}): string {
  const area = t("areaLevel");
  const values: Record<string, string> = { Area: area, area: area.toLocaleLowerCase(locale()), ...params };
  return CATALOGS[language()][key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A row issue in the active language: the server's Vietnamese reason, or English by its code. */
export function issueText(issue: { code: string; reason: string }): string {
  return language() === "en" ? (ISSUE_EN[issue.code] ?? issue.reason) : issue.reason;
}

/** A field's short label for the changes column. */
export function fieldLabel(field: string): string {
  const key = `field${field}` as ImportKey;
  return key in vi ? ix(key) : field;
}
