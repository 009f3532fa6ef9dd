// Downloads made in the browser from what is on screen: the aggregate figures as CSV (UTF-8 with
// a BOM and Vietnamese headers, like the server's table export) and charts as PNG.
import { csvField } from "../../../contract/csv-field.ts";
import type { Figures, Stats } from "../../../contract/stats.ts";
import { el } from "../dom.ts";

const HEADERS = [
  "Nhóm",
  "Giá trị",
  "Số doanh nghiệp",
  "Số lao động",
  "Số đoàn viên",
  "Tỷ lệ đoàn viên",
  "DN có CĐCS",
  "DN từ 25 LĐ",
  "DN từ 25 LĐ chưa có CĐCS",
  "Chưa có CĐCS",
  "Chưa có tổ chức Đảng",
  "Chưa có Đoàn TN",
  "Chưa có Hội Phụ nữ",
  "Chưa có Hội CCB",
  "Giới thiệu vào Đảng",
  "Kết nạp Đảng",
  "Sáng kiến",
];

const figureCells = (f: Figures) => [
  f.enterprises,
  f.headcount,
  f.unionMembers,
  f.density === null ? "" : Number(f.density.toFixed(6)),
  f.withUnion,
  f.over25,
  f.over25NoUnion,
  f.missing.union,
  f.missing.party,
  f.missing.youth,
  f.missing.women,
  f.missing.veterans,
  f.partyRecommended,
  f.partyAdmitted,
  f.initiatives,
];

/** The figures on screen: the total, then one row per district, sector, ownership and size band. */
export function aggregatesCsv(
  stats: Stats,
  label: {
    district: (id: number) => string;
    sector: (c: string) => string;
    ownership: (o: string) => string;
    size: (s: string) => string;
  },
  title: string,
): string {
  const rows: (string | number)[][] = [
    ["Tổng", title, ...figureCells(stats.totals)],
    ...stats.byDistrict.map((r) => ["Địa bàn", label.district(r.districtId), ...figureCells(r)]),
    ...stats.bySector.map((r) => ["Ngành", label.sector(r.sector), ...figureCells(r)]),
    ...stats.byOwnership.map((r) => ["Loại hình", label.ownership(r.ownership), ...figureCells(r)]),
    ...stats.bySize.map((r) => ["Quy mô", label.size(r.size), ...figureCells(r)]),
  ];
  return `\uFEFF${[HEADERS, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  downloadUrl(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadUrl(href: string, fileName: string): void {
  const a = el("a", { attrs: { href, download: fileName } });
  document.body.append(a);
  a.click();
  a.remove();
}

const TREND_HEADERS = [
  "Tháng",
  "Phạm vi",
  "Số doanh nghiệp",
  "Số lao động",
  "Số đoàn viên",
  "Tỷ lệ đoàn viên",
  "Chưa có CĐCS",
  "Chưa có tổ chức Đảng",
  "Chưa có Đoàn TN",
  "Chưa có Hội Phụ nữ",
  "Chưa có Hội CCB",
];

/** The trend on screen, one row per month (the value at the end of the month). */
export function trendCsv(points: readonly { month: string; totals: Figures }[], scope: string): string {
  const rows = points.map((p) => {
    const f = p.totals;
    return [
      p.month,
      scope,
      f.enterprises,
      f.headcount,
      f.unionMembers,
      f.density === null ? "" : Number(f.density.toFixed(6)),
      f.missing.union,
      f.missing.party,
      f.missing.youth,
      f.missing.women,
      f.missing.veterans,
    ];
  });
  return `\uFEFF${[TREND_HEADERS, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}
