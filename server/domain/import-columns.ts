// The columns of an import file: the template's Vietnamese headers, and the other names people
// (and our own export, and the sheets district offices keep) give them. Headers are matched
// without accents, case or punctuation.
import { OWNERSHIPS, type Ownership } from "../../contract/codes.ts";
import type { EnterpriseFields } from "../../contract/enterprise.ts";
import type { ImportFieldName } from "../../contract/import-fields.ts";
import { plainWord } from "./import-values.ts";

export type ImportField = keyof EnterpriseFields | "status" | "factDate" | "id" | "version";
export type FieldKind =
  "taxCode" | "text" | "district" | "sector" | "ownership" | "count" | "flag" | "status" | "date" | "key";

export interface ImportColumn {
  field: ImportField;
  /** The template's header. */
  header: string;
  kind: FieldKind;
  aliases: readonly string[];
  /** Variants too general to win over another column of the same file: "Ngành" beside "Mã ngành
   *  (VSIC)" (our export has both) is left out and listed as ignored. */
  loose?: readonly string[];
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    field: "taxCode",
    header: "Mã số thuế",
    kind: "taxCode",
    aliases: ["MST", "Mã số DN", "Mã số doanh nghiệp", "taxCode"],
  },
  {
    field: "name",
    header: "Tên doanh nghiệp",
    kind: "text",
    aliases: ["Tên", "Tên DN", "Tên đơn vị sử dụng lao động", "name"],
    loose: ["Doanh nghiệp"],
  },
  {
    field: "districtId",
    header: "Mã đơn vị",
    kind: "district",
    // "Mã huyện": templates downloaded before units replaced districts still import.
    aliases: ["Mã huyện", "Đơn vị", "Mã địa bàn", "Địa bàn", "Huyện", "district", "districtCode"],
  },
  {
    field: "sector",
    header: "Ngành VSIC",
    kind: "sector",
    aliases: ["Mã ngành (VSIC)", "Mã ngành", "Ngành nghề", "Ngành kinh tế", "sector"],
    loose: ["Ngành"],
  },
  {
    field: "ownership",
    header: "Loại hình",
    kind: "ownership",
    aliases: ["Loại hình DN", "Loại hình doanh nghiệp", "Thành phần kinh tế", "ownership"],
  },
  {
    field: "headcount",
    header: "Số lao động",
    kind: "count",
    aliases: ["Số LĐ", "Tổng số LĐ", "Tổng số lao động", "Số CNLĐ", "Tổng số CNLĐ", "headcount"],
    loose: ["Lao động"],
  },
  {
    field: "unionMembers",
    header: "Số đoàn viên",
    kind: "count",
    aliases: ["Số đoàn viên công đoàn", "Số ĐV", "Số ĐVCĐ", "Tổng số đoàn viên", "unionMembers"],
    loose: ["Đoàn viên"],
  },
  {
    field: "hasUnion",
    header: "Có CĐCS",
    kind: "flag",
    aliases: ["Công đoàn cơ sở", "Có công đoàn cơ sở", "CĐCS", "Đã có CĐCS", "hasUnion"],
  },
  {
    field: "hasParty",
    header: "Có tổ chức Đảng",
    kind: "flag",
    aliases: ["Tổ chức Đảng", "Chi bộ", "Có chi bộ", "Có Đảng", "TCĐ", "hasParty"],
  },
  {
    field: "hasYouthUnion",
    header: "Có Đoàn TN",
    kind: "flag",
    aliases: ["Đoàn Thanh niên", "Có Đoàn Thanh niên", "Có ĐTN", "ĐTN", "Đoàn TN", "hasYouthUnion"],
  },
  {
    field: "hasWomenUnion",
    header: "Có Hội LHPN",
    kind: "flag",
    aliases: ["Hội Phụ nữ", "Có Hội Phụ nữ", "Có Hội PN", "Hội PN", "Hội LHPN", "hasWomenUnion"],
    loose: ["Phụ nữ"],
  },
  {
    field: "hasVeterans",
    header: "Có Hội CCB",
    kind: "flag",
    aliases: ["Hội Cựu chiến binh", "Có Hội Cựu chiến binh", "Có CCB", "CCB", "Hội CCB", "hasVeterans"],
  },
  {
    field: "partyRecommended",
    header: "Giới thiệu Đảng",
    kind: "count",
    aliases: ["Giới thiệu vào Đảng", "Giới thiệu kết nạp Đảng", "partyRecommended"],
  },
  { field: "partyAdmitted", header: "Kết nạp Đảng", kind: "count", aliases: ["Được kết nạp Đảng", "partyAdmitted"] },
  { field: "initiatives", header: "Sáng kiến", kind: "count", aliases: ["initiatives"] },
  {
    field: "status",
    header: "Tình trạng",
    kind: "status",
    aliases: ["Trạng thái", "Tình trạng hoạt động", "status"],
  },
  // The day the row's figures happened (issue 12); empty means today.
  { field: "factDate", header: "Ngày phát sinh", kind: "date", aliases: ["factDate", "Ngày số liệu"] },
  { field: "id", header: "id", kind: "key", aliases: [] },
  { field: "version", header: "version", kind: "key", aliases: ["Phiên bản"] },
];

const BY_WORD = new Map<string, ImportColumn>();
const LOOSE = new Set<string>();
for (const c of IMPORT_COLUMNS) {
  for (const name of [c.header, ...c.aliases]) BY_WORD.set(plainWord(name), c);
  for (const name of c.loose ?? []) {
    BY_WORD.set(plainWord(name), c);
    LOOSE.add(plainWord(name));
  }
}

/** Every header and variant, for a test that no word names two columns. */
export const HEADER_WORDS = IMPORT_COLUMNS.flatMap((c) => [c.header, ...c.aliases, ...(c.loose ?? [])]);

export const isLooseHeader = (header: string): boolean => LOOSE.has(plainWord(header));

export function columnOfHeader(header: string): ImportColumn | undefined {
  return BY_WORD.get(plainWord(header));
}

export const columnOfField = (field: ImportFieldName): ImportColumn => IMPORT_COLUMNS.find((c) => c.field === field)!;

/** The template's header of a field (how a missing column is asked for), else the name as given. */
export const templateHeaderOf = (field: string): string =>
  IMPORT_COLUMNS.find((c) => c.field === field)?.header ?? field;

/** Columns offices keep beside the figures that hold nothing to import: listed as ignored, never
 *  asked about. A person may still map one of them to a field. */
const NOT_DATA = new Set(
  [
    "STT",
    "TT",
    "Số TT",
    "Số thứ tự",
    "Địa chỉ",
    "Địa chỉ trụ sở",
    "Điện thoại",
    "Số điện thoại",
    "Email",
    "Ghi chú",
    "Người đại diện",
    "Giám đốc",
    "Chủ tịch CĐCS",
    "Mật độ",
    "Mật độ đoàn viên",
    // Our own export's columns that are not imported.
    "Tỷ lệ đoàn viên",
    "Cập nhật lúc",
    "Cập nhật bởi",
  ].map(plainWord),
);
export const isNotDataHeader = (header: string): boolean => NOT_DATA.has(plainWord(header));

/** Fields a new enterprise must have; the three Party and initiative counts default to 0. */
export const REQUIRED_ON_CREATE: readonly (keyof EnterpriseFields)[] = [
  "taxCode",
  "name",
  "districtId",
  "sector",
  "ownership",
  "headcount",
  "unionMembers",
  "hasUnion",
  "hasParty",
  "hasYouthUnion",
  "hasWomenUnion",
  "hasVeterans",
];

/** Ownership as the template writes it (Vietnamese), and as the export does. */
export const OWNERSHIP_LABELS: Record<Ownership, string> = {
  STATE: "Nhà nước",
  DOMESTIC: "Tư nhân trong nước",
  FDI: "Có vốn đầu tư nước ngoài",
  COOPERATIVE: "Hợp tác xã",
};
const OWNERSHIP_BY_WORD = new Map<string, Ownership>();
for (const o of OWNERSHIPS) {
  OWNERSHIP_BY_WORD.set(plainWord(o), o);
  OWNERSHIP_BY_WORD.set(plainWord(OWNERSHIP_LABELS[o]), o);
}
for (const [alias, o] of [
  ["Tư nhân", "DOMESTIC"],
  ["Ngoài nhà nước", "DOMESTIC"],
  ["Doanh nghiệp nhà nước", "STATE"],
  ["FDI", "FDI"],
  ["HTX", "COOPERATIVE"],
] as const)
  OWNERSHIP_BY_WORD.set(plainWord(alias), o);

export const ownershipOfText = (s: string): Ownership | undefined => OWNERSHIP_BY_WORD.get(plainWord(s));

/** The "Tình trạng" column: Đang hoạt động / Ngừng hoạt động (or the codes, or "Giải thể"). */
const STATUS_BY_WORD = new Map<string, "ACTIVE" | "CEASED">();
for (const [label, status] of [
  ["Đang hoạt động", "ACTIVE"],
  ["Hoạt động", "ACTIVE"],
  ["ACTIVE", "ACTIVE"],
  ["Ngừng hoạt động", "CEASED"],
  ["Giải thể", "CEASED"],
  ["Đã giải thể", "CEASED"],
  ["CEASED", "CEASED"],
] as const)
  STATUS_BY_WORD.set(plainWord(label), status);
export const statusOfText = (s: string): "ACTIVE" | "CEASED" | undefined => STATUS_BY_WORD.get(plainWord(s));
