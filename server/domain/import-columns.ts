// The columns of an import file: the template's Vietnamese headers, and the other names people
// (and our own export) give them. Headers are matched without accents, case or punctuation.
import { OWNERSHIPS, type Ownership } from "../../contract/codes.ts";
import type { EnterpriseFields } from "../../contract/enterprise.ts";
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
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { field: "taxCode", header: "Mã số thuế", kind: "taxCode", aliases: ["MST", "taxCode"] },
  { field: "name", header: "Tên doanh nghiệp", kind: "text", aliases: ["Tên", "name"] },
  {
    field: "districtId",
    header: "Mã huyện",
    kind: "district",
    aliases: ["Mã địa bàn", "Địa bàn", "Huyện", "district", "districtCode"],
  },
  { field: "sector", header: "Ngành VSIC", kind: "sector", aliases: ["Mã ngành (VSIC)", "Mã ngành", "sector"] },
  { field: "ownership", header: "Loại hình", kind: "ownership", aliases: ["ownership"] },
  { field: "headcount", header: "Số lao động", kind: "count", aliases: ["headcount"] },
  { field: "unionMembers", header: "Số đoàn viên", kind: "count", aliases: ["Số đoàn viên công đoàn", "unionMembers"] },
  {
    field: "hasUnion",
    header: "Có CĐCS",
    kind: "flag",
    aliases: ["Công đoàn cơ sở", "Có công đoàn cơ sở", "hasUnion"],
  },
  { field: "hasParty", header: "Có tổ chức Đảng", kind: "flag", aliases: ["Tổ chức Đảng", "hasParty"] },
  {
    field: "hasYouthUnion",
    header: "Có Đoàn TN",
    kind: "flag",
    aliases: ["Đoàn Thanh niên", "Có Đoàn Thanh niên", "hasYouthUnion"],
  },
  {
    field: "hasWomenUnion",
    header: "Có Hội LHPN",
    kind: "flag",
    aliases: ["Hội Phụ nữ", "Có Hội Phụ nữ", "hasWomenUnion"],
  },
  {
    field: "hasVeterans",
    header: "Có Hội CCB",
    kind: "flag",
    aliases: ["Hội Cựu chiến binh", "Có Hội Cựu chiến binh", "hasVeterans"],
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
for (const c of IMPORT_COLUMNS) for (const name of [c.header, ...c.aliases]) BY_WORD.set(plainWord(name), c);

export function columnOfHeader(header: string): ImportColumn | undefined {
  return BY_WORD.get(plainWord(header));
}

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
