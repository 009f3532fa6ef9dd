// A fictional province with realistic, reproducible distributions: mostly small domestic
// firms, large FDI factories in the industrial parks, unions and the other organisations more
// common the larger the enterprise. Pure: returns data, writes nothing.
import type { EnterpriseCreate } from "../../contract/enterprise.ts";
import type { Ownership, Sector } from "../../contract/codes.ts";
import { randomSource, type RandomSource } from "./random.ts";

export const DEMO_PROVINCE = { code: "AP", name: "Tỉnh An Phú" };

/** The 2026 structure: the units followed today (code, name, kind, share of enterprises, FDI-heavy
 *  industrial park), and the former districts each one took over on REORGANISED_ON. */
export const DEMO_DISTRICTS = [
  { code: "AP01", name: "Phường An Phú", kind: "WARD", weight: 26, park: false, formerly: ["H01"] },
  { code: "AP02", name: "Phường Phú Mỹ", kind: "WARD", weight: 14, park: false, formerly: ["H02"] },
  { code: "AP03", name: "Xã Tân Lập", kind: "COMMUNE", weight: 9, park: false, formerly: ["H03", "H04"] },
  { code: "AP04", name: "Xã Hòa Bình", kind: "COMMUNE", weight: 7, park: false, formerly: ["H05"] },
  { code: "AP05", name: "Xã Đông Hải", kind: "COMMUNE", weight: 8, park: false, formerly: ["H06", "H07"] },
  { code: "AP06", name: "Xã Tây Sơn", kind: "COMMUNE", weight: 6, park: false, formerly: ["H08"] },
  { code: "AP07", name: "Xã Bình Minh", kind: "COMMUNE", weight: 7, park: false, formerly: ["H09", "H10"] },
  { code: "AP08", name: "Phường Long Điền", kind: "WARD", weight: 8, park: false, formerly: ["H11"] },
  {
    code: "AP09",
    name: "Công đoàn các Khu công nghiệp",
    kind: "INDUSTRIAL_PARK",
    weight: 15,
    park: true,
    formerly: [],
  },
] as const;

/** The district level ended on this day (Vietnam's 2025 reform): the former district unions were
 *  merged into the commune and ward units above. */
export const REORGANISED_ON = "2025-07-01";

/** The former district unions (kind DISTRICT), retired on REORGANISED_ON. */
export const DEMO_FORMER_DISTRICTS = [
  { code: "H01", name: "Thành phố An Phú" },
  { code: "H02", name: "Thị xã Phú Mỹ" },
  { code: "H03", name: "Huyện Tân Lập" },
  { code: "H04", name: "Huyện Tân Phước" },
  { code: "H05", name: "Huyện Hòa Bình" },
  { code: "H06", name: "Huyện Đông Hải" },
  { code: "H07", name: "Huyện Hải Ninh" },
  { code: "H08", name: "Huyện Tây Sơn" },
  { code: "H09", name: "Huyện Bình Minh" },
  { code: "H10", name: "Huyện Bình Phước" },
  { code: "H11", name: "Huyện Long Điền" },
] as const;

const SECTOR_WEIGHTS: [Sector, number][] = [
  ["C", 30],
  ["G", 24],
  ["F", 12],
  ["H", 6],
  ["I", 6],
  ["A", 4],
  ["M", 4],
  ["N", 3],
  ["J", 2],
  ["L", 2],
  ["K", 1],
  ["E", 1],
  ["D", 0.5],
  ["B", 1],
  ["P", 1],
  ["Q", 1],
  ["R", 0.7],
  ["S", 1.5],
];

const NAME_CORE = [
  "An Phát",
  "Hưng Thịnh",
  "Minh Long",
  "Phú Gia",
  "Thành Công",
  "Đại Việt",
  "Hoàng Long",
  "Tân Tiến",
  "Sao Mai",
  "Bình An",
  "Trường Sơn",
  "Hải Âu",
  "Kim Ngân",
  "Việt Thắng",
  "Đông Á",
  "Phúc Lộc",
  "Nam Phong",
  "Quang Minh",
  "Thiên Ân",
  "Hòa Phát Lợi",
  "Lam Sơn",
  "Bảo Châu",
  "Vạn Xuân",
  "Hồng Hà",
  "Cửu Long",
  "Mai Linh",
  "Đức Thành",
  "Ngọc Lan",
  "Toàn Thắng",
  "Thái Bình Dương",
];
const NAME_TRADE: Record<string, string[]> = {
  C: ["May mặc", "Cơ khí", "Chế biến gỗ", "Điện tử", "Giày da", "Thực phẩm", "Bao bì", "Nhựa"],
  G: ["Thương mại", "Xuất nhập khẩu", "Phân phối", "Bán lẻ"],
  F: ["Xây dựng", "Xây lắp", "Đầu tư xây dựng"],
  H: ["Vận tải", "Logistics", "Kho vận"],
  I: ["Khách sạn", "Nhà hàng", "Du lịch"],
  A: ["Nông sản", "Thủy sản", "Lâm sản"],
};
const FDI_ORIGIN = ["Việt Nam", "Vina", "Việt Nam Hi-Tech", "Global Việt Nam"];
const FDI_CORE = [
  "Sunrise",
  "Hanwool",
  "Kyoei",
  "Everbright",
  "Poh Heng",
  "Daeyang",
  "Formosa Textile",
  "Nitto",
  "Shinwon",
  "Meiko",
];

function nameOf(r: RandomSource, ownership: Ownership, sector: Sector): string {
  const trade = r.pick(NAME_TRADE[sector] ?? ["Dịch vụ", "Đầu tư", "Phát triển"]);
  if (ownership === "FDI") return `Công ty TNHH ${r.pick(FDI_CORE)} ${r.pick(FDI_ORIGIN)}`;
  if (ownership === "COOPERATIVE") return `Hợp tác xã ${trade} ${r.pick(NAME_CORE)}`;
  if (ownership === "STATE") return `Công ty TNHH MTV ${trade} ${r.pick(NAME_CORE)}`;
  return `${r.weighted([
    ["Công ty TNHH", 6],
    ["Công ty Cổ phần", 3],
    ["Doanh nghiệp tư nhân", 1],
  ] as const)} ${trade} ${r.pick(NAME_CORE)}`;
}

function headcountOf(r: RandomSource, ownership: Ownership, park: boolean): number {
  const [median, sigma] =
    ownership === "FDI"
      ? [park ? 320 : 150, 1.3]
      : ownership === "STATE"
        ? [120, 1.1]
        : ownership === "COOPERATIVE"
          ? [12, 0.8]
          : [14, 1.25];
  // A few registered enterprises have no workers at all (dormant, newly founded).
  if (r.chance(0.02)) return 0;
  return Math.max(1, Math.min(25_000, Math.round(r.logNormal(median, sigma))));
}

/** Probability rises with size: small firms rarely have organisations, large ones mostly do. */
const bySize = (headcount: number, small: number, mid: number, large: number, huge: number) =>
  headcount < 25 ? small : headcount < 100 ? mid : headcount < 500 ? large : huge;

export function demoEnterprise(r: RandomSource, districtId: number, park: boolean, taxCode: string): EnterpriseCreate {
  const ownership = r.weighted<Ownership>(
    park
      ? [
          ["FDI", 60],
          ["DOMESTIC", 38],
          ["STATE", 2],
        ]
      : [
          ["DOMESTIC", 82],
          ["FDI", 6],
          ["COOPERATIVE", 8],
          ["STATE", 4],
        ],
  );
  const sector =
    ownership === "COOPERATIVE"
      ? r.weighted<Sector>([
          ["A", 60],
          ["G", 15],
          ["H", 10],
          ["C", 10],
          ["E", 5],
        ])
      : park
        ? r.weighted<Sector>([
            ["C", 85],
            ["H", 8],
            ["G", 7],
          ])
        : r.weighted(SECTOR_WEIGHTS);
  const headcount = headcountOf(r, ownership, park);
  const state = ownership === "STATE";
  const hasUnion = headcount > 0 && r.chance(state ? 0.97 : bySize(headcount, 0.12, 0.5, 0.8, 0.94));
  const unionMembers = hasUnion ? Math.round(headcount * Math.min(1, 0.45 + r.next() * 0.55)) : 0;
  const hasParty = r.chance(
    state
      ? 0.95
      : ownership === "FDI"
        ? bySize(headcount, 0, 0.02, 0.06, 0.15)
        : bySize(headcount, 0.02, 0.12, 0.35, 0.6),
  );
  const hasYouthUnion = hasUnion && r.chance(bySize(headcount, 0.15, 0.35, 0.6, 0.8));
  const hasWomenUnion = hasUnion && r.chance(bySize(headcount, 0.2, 0.4, 0.65, 0.85));
  const hasVeterans = r.chance(bySize(headcount, 0.03, 0.12, 0.3, 0.5));
  const partyRecommended = hasUnion ? Math.round(unionMembers * r.next() * 0.03) : 0;
  const partyAdmitted = Math.round(partyRecommended * (0.2 + r.next() * 0.4));
  const initiatives = hasUnion ? Math.round(unionMembers * r.next() * 0.04) : 0;
  return {
    taxCode,
    name: nameOf(r, ownership, sector),
    districtId,
    sector,
    ownership,
    headcount,
    unionMembers,
    hasUnion,
    hasParty,
    hasYouthUnion,
    hasWomenUnion,
    hasVeterans,
    partyRecommended,
    partyAdmitted,
    initiatives,
  };
}

/** `count` enterprises spread over the districts by weight; districtIds[i] belongs to DEMO_DISTRICTS[i]. */
export function demoEnterprises(count: number, districtIds: readonly number[], seed = 20261124): EnterpriseCreate[] {
  const r = randomSource(seed);
  const taken = new Set<string>();
  const out: EnterpriseCreate[] = [];
  const weights = DEMO_DISTRICTS.map((d, i) => [i, d.weight] as const);
  while (out.length < count) {
    const i = r.weighted(weights);
    let taxCode: string;
    do taxCode = `38${String(r.int(0, 99_999_999)).padStart(8, "0")}${r.chance(0.05) ? `-00${r.int(1, 9)}` : ""}`;
    while (taken.has(taxCode));
    taken.add(taxCode);
    out.push(demoEnterprise(r, districtIds[i]!, DEMO_DISTRICTS[i]!.park, taxCode));
  }
  return out;
}
