// Code lists shared by server and client: ownership types, organisations, size bands,
// VSIC 2018 sections. Labels for people live in client/src/i18n; names of sectors are
// data (a national standard), so both languages are kept here.

export const OWNERSHIPS = ["STATE", "DOMESTIC", "FDI", "COOPERATIVE"] as const;
export type Ownership = (typeof OWNERSHIPS)[number];
/** The federation's focus: everything that is not state-owned. */
export const NON_STATE: readonly Ownership[] = ["DOMESTIC", "FDI", "COOPERATIVE"];

/** The five organisations that should exist in every enterprise, with the field that says so. */
export const ORGANISATIONS = ["union", "party", "youth", "women", "veterans"] as const;
export type Organisation = (typeof ORGANISATIONS)[number];
export const ORGANISATION_FIELD = {
  union: "hasUnion",
  party: "hasParty",
  youth: "hasYouthUnion",
  women: "hasWomenUnion",
  veterans: "hasVeterans",
} as const satisfies Record<Organisation, string>;

/** The federation's target: a grassroots union in every enterprise with at least this many workers. */
export const UNION_TARGET_HEADCOUNT = 25;

export const SIZE_BANDS = [
  { key: "lt25", min: 0, max: 24 },
  { key: "25-99", min: 25, max: 99 },
  { key: "100-499", min: 100, max: 499 },
  { key: "500-999", min: 500, max: 999 },
  { key: "gte1000", min: 1000, max: Number.POSITIVE_INFINITY },
] as const;
export type SizeBand = (typeof SIZE_BANDS)[number]["key"];
export const SIZE_BAND_KEYS = SIZE_BANDS.map((b) => b.key) as [SizeBand, ...SizeBand[]];

export function sizeBandOf(headcount: number): SizeBand {
  for (const b of SIZE_BANDS) if (headcount <= b.max) return b.key;
  return "gte1000";
}

/** VSIC 2018 (Quyết định 27/2018/QĐ-TTg), level 1: sections A–U. */
export const SECTORS = [
  { code: "A", vi: "Nông nghiệp, lâm nghiệp và thủy sản", en: "Agriculture, forestry and fishing" },
  { code: "B", vi: "Khai khoáng", en: "Mining and quarrying" },
  { code: "C", vi: "Công nghiệp chế biến, chế tạo", en: "Manufacturing" },
  {
    code: "D",
    vi: "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hoà không khí",
    en: "Electricity, gas, steam and air conditioning supply",
  },
  {
    code: "E",
    vi: "Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
    en: "Water supply; sewerage, waste management and remediation",
  },
  { code: "F", vi: "Xây dựng", en: "Construction" },
  {
    code: "G",
    vi: "Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
    en: "Wholesale and retail trade; repair of motor vehicles and motorcycles",
  },
  { code: "H", vi: "Vận tải kho bãi", en: "Transportation and storage" },
  { code: "I", vi: "Dịch vụ lưu trú và ăn uống", en: "Accommodation and food service activities" },
  { code: "J", vi: "Thông tin và truyền thông", en: "Information and communication" },
  { code: "K", vi: "Hoạt động tài chính, ngân hàng và bảo hiểm", en: "Financial and insurance activities" },
  { code: "L", vi: "Hoạt động kinh doanh bất động sản", en: "Real estate activities" },
  {
    code: "M",
    vi: "Hoạt động chuyên môn, khoa học và công nghệ",
    en: "Professional, scientific and technical activities",
  },
  { code: "N", vi: "Hoạt động hành chính và dịch vụ hỗ trợ", en: "Administrative and support service activities" },
  {
    code: "O",
    vi: "Hoạt động của Đảng Cộng sản, tổ chức chính trị - xã hội, quản lý Nhà nước, an ninh quốc phòng; bảo đảm xã hội bắt buộc",
    en: "Communist Party, socio-political organisations, public administration and defence; compulsory social security",
  },
  { code: "P", vi: "Giáo dục và đào tạo", en: "Education" },
  { code: "Q", vi: "Y tế và hoạt động trợ giúp xã hội", en: "Human health and social work activities" },
  { code: "R", vi: "Nghệ thuật, vui chơi và giải trí", en: "Arts, entertainment and recreation" },
  { code: "S", vi: "Hoạt động dịch vụ khác", en: "Other service activities" },
  {
    code: "T",
    vi: "Hoạt động làm thuê các công việc trong các hộ gia đình, sản xuất sản phẩm vật chất và dịch vụ tự tiêu dùng của hộ gia đình",
    en: "Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use",
  },
  {
    code: "U",
    vi: "Hoạt động của các tổ chức và cơ quan quốc tế",
    en: "Activities of extraterritorial organisations and bodies",
  },
] as const;
export type Sector = (typeof SECTORS)[number]["code"];
export const SECTOR_CODES = SECTORS.map((s) => s.code) as [Sector, ...Sector[]];

/** Vietnamese tax code (mã số thuế): 10 digits, or 10 digits, "-" and 3 digits for a branch. */
export const TAX_CODE_PATTERN = /^\d{10}(-\d{3})?$/;
