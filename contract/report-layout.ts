// The period report laid out as a Vietnamese union report (issue 12 item 3): one pure function from a
// PeriodReport to headings, numbered sections and tables of formatted cells, read by the print page,
// the Word file and the xlsx alike, so the three show the same words and the same numbers.
import type { PeriodFigures, PeriodReport } from "./report.ts";

export type ReportLang = "vi" | "en";

/** A table cell: its text as printed and, for a figure, the number behind it (the xlsx keeps numbers). */
export interface ReportCell {
  text: string;
  value?: number | null;
  format?: "count" | "percent" | "signed" | "decimal";
}
export interface ReportTable {
  /** Names the table in the xlsx (a sheet per table) and in tests. */
  id: string;
  head: string[];
  rows: ReportCell[][];
  /** The last row is a total (printed bold). */
  totalRow?: boolean;
}
export interface ReportSection {
  heading: string;
  paragraphs: string[];
  table: ReportTable;
}
export interface ReportLayout {
  lang: ReportLang;
  issuer: string[];
  motto: string;
  number: string;
  placeDate: string;
  title: string[];
  intro: string;
  sections: ReportSection[];
  recipients: { heading: string; lines: string[] };
  signature: string[];
  appendix: { heading: string; table: ReportTable };
  /** Without extension, e.g. "bao-cao-2021-01-01-2022-09-30". */
  fileName: string;
}

const LABELS = {
  vi: {
    issuerPrefix: "LIÊN ĐOÀN LAO ĐỘNG",
    provinceWord: "TỈNH",
    motto: "CÔNG ĐOÀN VIỆT NAM",
    number: "Số:        /BC-LĐLĐ",
    report: "BÁO CÁO",
    subjectNonState: "Kết quả công tác công đoàn và xây dựng Đảng trong doanh nghiệp ngoài khu vực nhà nước",
    subjectAll: "Kết quả công tác công đoàn và xây dựng Đảng trong doanh nghiệp",
    period: (f: string, t: string) => `từ ngày ${f} đến ngày ${t}`,
    unit: (n: string) => `Đơn vị: ${n}`,
    intro: (f: string, t: string) =>
      `Ban Thường vụ Liên đoàn Lao động báo cáo kết quả công tác công đoàn và xây dựng Đảng trong doanh nghiệp từ ngày ${f} đến ngày ${t}, so với kỳ trước cùng độ dài và cùng kỳ năm trước, như sau:`,
    placeDate: (place: string, d: number, m: number, y: number) =>
      `${place}, ngày ${String(d).padStart(2, "0")} tháng ${String(m).padStart(2, "0")} năm ${y}`,
    indicator: "Chỉ tiêu",
    current: "Kỳ báo cáo",
    previous: "Kỳ trước",
    yearEarlier: "Cùng kỳ năm trước",
    s1: "I. DOANH NGHIỆP VÀ NGƯỜI LAO ĐỘNG",
    s2: "II. ĐOÀN VIÊN CÔNG ĐOÀN VÀ CÔNG ĐOÀN CƠ SỞ THÀNH LẬP MỚI",
    s3: "III. CÔNG TÁC PHÁT TRIỂN ĐẢNG",
    s4: "IV. SÁNG KIẾN",
    s5: "V. CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI KHÁC",
    enterprises: "Số doanh nghiệp (cuối kỳ)",
    headcount: "Số người lao động (cuối kỳ)",
    over25NoUnion: "Doanh nghiệp từ 25 lao động chưa có công đoàn cơ sở",
    membersStart: "Đoàn viên đầu kỳ",
    membersEnd: "Đoàn viên cuối kỳ",
    membersChange: "Tăng (giảm) đoàn viên",
    unionsFounded: "Công đoàn cơ sở thành lập mới",
    density: "Tỷ lệ đoàn viên / người lao động",
    recommended: "Đoàn viên ưu tú giới thiệu cho Đảng",
    admitted: "Đảng viên được kết nạp",
    rate: "Tỷ lệ kết nạp / giới thiệu",
    initiatives: "Sáng kiến đăng ký",
    party: "Tổ chức Đảng thành lập mới",
    youth: "Đoàn Thanh niên thành lập mới",
    women: "Hội Phụ nữ thành lập mới",
    veterans: "Hội Cựu chiến binh thành lập mới",
    p1: (e: string, h: string, o: string) =>
      `Cuối kỳ có ${e} doanh nghiệp với ${h} người lao động; ${o} doanh nghiệp từ 25 lao động trở lên chưa có công đoàn cơ sở.`,
    p2: (end: string, ch: string, u: string, d: string) =>
      `Cuối kỳ có ${end} đoàn viên (${ch} so với đầu kỳ), đạt ${d} số người lao động; thành lập mới ${u} công đoàn cơ sở.`,
    p3: (r: string, a: string, rate: string) =>
      `Trong kỳ, công đoàn giới thiệu ${r} đoàn viên ưu tú cho Đảng xem xét kết nạp; ${a} đồng chí được kết nạp vào Đảng, đạt ${rate}.`,
    p4: (i: string) => `Trong kỳ, người lao động đăng ký ${i} sáng kiến.`,
    p5: (p: string, y: string, w: string, v: string) =>
      `Trong kỳ, thành lập mới ${p} tổ chức Đảng, ${y} tổ chức Đoàn Thanh niên, ${w} Hội Phụ nữ và ${v} Hội Cựu chiến binh trong doanh nghiệp.`,
    recipients: "Nơi nhận:",
    recipientLines: ["- Đoàn khảo sát Tỉnh ủy;", "- Thường trực LĐLĐ;", "- Lưu: VT."],
    signature: ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "(Ký tên, đóng dấu)"],
    appendix: "PHỤ LỤC: SỐ LIỆU THEO ĐƠN VỊ TRONG KỲ BÁO CÁO",
    unitCol: "Đơn vị",
    short: {
      enterprises: "Doanh nghiệp",
      headcount: "Người lao động",
      members: "Đoàn viên cuối kỳ",
      founded: "CĐCS thành lập mới",
      recommended: "Giới thiệu cho Đảng",
      admitted: "Kết nạp",
      rate: "Tỷ lệ kết nạp",
      initiatives: "Sáng kiến",
    },
    total: "Toàn tỉnh",
    file: "bao-cao",
    s6: (y: number) => `VI. THỰC HIỆN CHỈ TIÊU NĂM ${y}`,
    target: (y: number) => `Chỉ tiêu năm ${y}`,
    achieved: (f: string, t: string) => `Đạt được (${f} – ${t})`,
    progress: "Tỷ lệ thực hiện",
    measures: {
      newMembers: "Kết nạp đoàn viên mới (tăng ròng)",
      unionsFounded: "Thành lập công đoàn cơ sở mới",
      density: "Tỷ lệ đoàn viên / người lao động (%)",
      partyRecommended: "Giới thiệu đoàn viên ưu tú cho Đảng",
      initiatives: "Sáng kiến đăng ký",
    },
    p6: (y: number, t: string, n: number, m: number) =>
      `Tính đến ngày ${t}, ${n}/${m} chỉ tiêu năm ${y} đã đạt hoặc vượt.`,
  },
  en: {
    issuerPrefix: "LABOUR FEDERATION OF",
    provinceWord: "",
    motto: "VIETNAM GENERAL CONFEDERATION OF LABOUR",
    number: "No.:        /BC-LĐLĐ",
    report: "REPORT",
    subjectNonState: "Union work and Party building in non-state enterprises",
    subjectAll: "Union work and Party building in enterprises",
    period: (f: string, t: string) => `from ${f} to ${t}`,
    unit: (n: string) => `Unit: ${n}`,
    intro: (f: string, t: string) =>
      `The Standing Committee of the Labour Federation reports on union work and Party building in enterprises from ${f} to ${t}, beside the previous period of the same length and the same period a year earlier:`,
    placeDate: (place: string, d: number, m: number, y: number) =>
      `${place}, ${new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(y, m - 1, d))}`,
    indicator: "Indicator",
    current: "This period",
    previous: "Previous period",
    yearEarlier: "A year earlier",
    s1: "I. ENTERPRISES AND WORKERS",
    s2: "II. UNION MEMBERS AND NEW GRASSROOTS UNIONS",
    s3: "III. PARTY WORK",
    s4: "IV. INITIATIVES",
    s5: "V. OTHER ORGANISATIONS",
    enterprises: "Enterprises (end of period)",
    headcount: "Workers (end of period)",
    over25NoUnion: "Enterprises with 25+ workers and no union",
    membersStart: "Union members at the start",
    membersEnd: "Union members at the end",
    membersChange: "Change in union members",
    unionsFounded: "Grassroots unions founded",
    density: "Union density",
    recommended: "Members recommended to the Party",
    admitted: "Members admitted to the Party",
    rate: "Admission rate",
    initiatives: "Initiatives registered",
    party: "Party cells founded",
    youth: "Youth Union branches founded",
    women: "Women's Union branches founded",
    veterans: "Veterans' Association branches founded",
    p1: (e: string, h: string, o: string) =>
      `At the end of the period there were ${e} enterprises with ${h} workers; ${o} enterprises with 25 or more workers had no grassroots union.`,
    p2: (end: string, ch: string, u: string, d: string) =>
      `At the end of the period there were ${end} union members (${ch} since the start), ${d} of the workers; ${u} grassroots unions were founded.`,
    p3: (r: string, a: string, rate: string) =>
      `In the period the unions recommended ${r} outstanding members to the Party; ${a} were admitted, ${rate}.`,
    p4: (i: string) => `In the period workers registered ${i} initiatives.`,
    p5: (p: string, y: string, w: string, v: string) =>
      `In the period ${p} Party cells, ${y} Youth Union branches, ${w} Women's Union branches and ${v} Veterans' Association branches were founded in enterprises.`,
    recipients: "To:",
    recipientLines: ["- The Provincial Party Committee's survey team;", "- Federation standing office;", "- Archive."],
    signature: ["ON BEHALF OF THE STANDING COMMITTEE", "PRESIDENT", "(Signature and seal)"],
    appendix: "APPENDIX: FIGURES BY UNIT FOR THE PERIOD",
    unitCol: "Unit",
    short: {
      enterprises: "Enterprises",
      headcount: "Workers",
      members: "Members at end",
      founded: "Unions founded",
      recommended: "Recommended",
      admitted: "Admitted",
      rate: "Admission rate",
      initiatives: "Initiatives",
    },
    total: "Province",
    file: "report",
    s6: (y: number) => `VI. TARGETS FOR ${y}`,
    target: (y: number) => `Target ${y}`,
    achieved: (f: string, t: string) => `Achieved (${f} – ${t})`,
    progress: "Progress",
    measures: {
      newMembers: "New union members (net)",
      unionsFounded: "Grassroots unions founded",
      density: "Union density (%)",
      partyRecommended: "Members recommended to the Party",
      initiatives: "Initiatives registered",
    },
    p6: (y: number, t: string, n: number, m: number) =>
      `By ${t}, ${n} of the ${m} targets for ${y} were met or exceeded.`,
  },
} as const;

function formatters(lang: ReportLang) {
  const tag = lang === "vi" ? "vi-VN" : "en-GB";
  const count = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const signed = new Intl.NumberFormat(tag, { maximumFractionDigits: 0, signDisplay: "exceptZero" });
  const percent = new Intl.NumberFormat(tag, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(tag, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });
  return {
    count: (n: number) => count.format(n),
    signed: (n: number) => signed.format(n),
    percent: (r: number | null) => (r === null || !Number.isFinite(r) ? "—" : percent.format(r)),
    /** "2021-01-01" → "01/01/2021" */
    day: (d: string) => {
      const [y, m, dd] = d.split("-").map(Number) as [number, number, number];
      return day.format(Date.UTC(y, m - 1, dd));
    },
  };
}

/** "Tỉnh An Phú" → the place "An Phú" and the issuer "LIÊN ĐOÀN LAO ĐỘNG TỈNH AN PHÚ". */
function provinceWords(name: string, lang: ReportLang) {
  const L = LABELS[lang];
  const trimmed = name.trim();
  const place = trimmed.replace(/^(tỉnh|thành phố|province of)\s+/i, "") || trimmed;
  const hasWord = place !== trimmed;
  const upper = (s: string) => s.toLocaleUpperCase(lang === "vi" ? "vi-VN" : "en-GB");
  const issuer =
    lang === "vi"
      ? `${L.issuerPrefix} ${hasWord ? upper(trimmed) : `${L.provinceWord} ${upper(trimmed)}`}`
      : `${L.issuerPrefix} ${upper(place)}`;
  return { place, issuer };
}

/** The day generatedAt falls on in Viet Nam (UTC+7, no daylight saving). */
function vietnamDay(iso: string): [number, number, number] {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  return [d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCFullYear()];
}

type Key = keyof PeriodFigures;
type Row = { label: string; pick: (f: PeriodFigures) => number | null; format: "count" | "percent" | "signed" };

export function reportLayout(report: PeriodReport, provinceName: string, lang: ReportLang = "vi"): ReportLayout {
  const L = LABELS[lang];
  const fmt = formatters(lang);
  const cell = (value: number | null, format: "count" | "percent" | "signed"): ReportCell => ({
    text: format === "percent" ? fmt.percent(value) : value === null ? "—" : fmt[format](value),
    value,
    format,
  });
  const range = (f: string, t: string) => `${fmt.day(f)} – ${fmt.day(t)}`;
  const head = [
    L.indicator,
    `${L.current} (${range(report.from, report.to)})`,
    `${L.previous} (${range(report.previous.from, report.previous.to)})`,
    `${L.yearEarlier} (${range(report.yearEarlier.from, report.yearEarlier.to)})`,
  ];
  const compare = (id: string, rows: Row[]): ReportTable => ({
    id,
    head,
    rows: rows.map((r) => [
      { text: r.label },
      cell(r.pick(report.current), r.format),
      cell(r.pick(report.previous), r.format),
      cell(r.pick(report.yearEarlier), r.format),
    ]),
  });
  const n = (k: Key) => (f: PeriodFigures) => f[k] as number | null;
  const c = report.current;
  const { place, issuer } = provinceWords(provinceName, lang);
  const [d, m, y] = vietnamDay(report.generatedAt);

  const sections: ReportSection[] = [
    {
      heading: L.s1,
      paragraphs: [L.p1(fmt.count(c.enterprises), fmt.count(c.headcount), fmt.count(c.over25NoUnion))],
      table: compare("enterprises", [
        { label: L.enterprises, pick: n("enterprises"), format: "count" },
        { label: L.headcount, pick: n("headcount"), format: "count" },
        { label: L.over25NoUnion, pick: n("over25NoUnion"), format: "count" },
      ]),
    },
    {
      heading: L.s2,
      paragraphs: [
        L.p2(
          fmt.count(c.unionMembersEnd),
          fmt.signed(c.unionMembersChange),
          fmt.count(c.unionsFounded),
          fmt.percent(c.density),
        ),
      ],
      table: compare("members", [
        { label: L.membersStart, pick: n("unionMembersStart"), format: "count" },
        { label: L.membersEnd, pick: n("unionMembersEnd"), format: "count" },
        { label: L.membersChange, pick: n("unionMembersChange"), format: "signed" },
        { label: L.unionsFounded, pick: n("unionsFounded"), format: "count" },
        { label: L.density, pick: n("density"), format: "percent" },
      ]),
    },
    {
      heading: L.s3,
      paragraphs: [
        L.p3(
          fmt.count(report.partyRecommended),
          fmt.count(report.partyAdmitted),
          fmt.percent(report.partyAdmissionRate),
        ),
      ],
      table: compare("party", [
        { label: L.recommended, pick: n("partyRecommended"), format: "count" },
        { label: L.admitted, pick: n("partyAdmitted"), format: "count" },
        { label: L.rate, pick: n("partyAdmissionRate"), format: "percent" },
      ]),
    },
    {
      heading: L.s4,
      paragraphs: [L.p4(fmt.count(report.initiatives))],
      table: compare("initiatives", [{ label: L.initiatives, pick: n("initiatives"), format: "count" }]),
    },
    {
      heading: L.s5,
      paragraphs: [
        L.p5(
          fmt.count(c.founded.party),
          fmt.count(c.founded.youth),
          fmt.count(c.founded.women),
          fmt.count(c.founded.veterans),
        ),
      ],
      table: compare("organisations", [
        { label: L.party, pick: (f) => f.founded.party, format: "count" },
        { label: L.youth, pick: (f) => f.founded.youth, format: "count" },
        { label: L.women, pick: (f) => f.founded.women, format: "count" },
        { label: L.veterans, pick: (f) => f.founded.veterans, format: "count" },
      ]),
    },
  ];

  const targets = report.targets;
  const set = targets?.items.filter((i) => i.target !== null) ?? [];
  if (targets && set.length) {
    const decimal = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 });
    const amount = (v: number | null, percent: boolean): ReportCell =>
      percent ? { text: v === null ? "—" : decimal.format(v), value: v, format: "decimal" } : cell(v, "count");
    const met = set.filter((i) => (i.progress ?? 0) >= 1 - 1e-9).length;
    sections.push({
      heading: L.s6(targets.year),
      paragraphs: [L.p6(targets.year, fmt.day(targets.to), met, set.length)],
      table: {
        id: "targets",
        head: [L.indicator, L.target(targets.year), L.achieved(fmt.day(targets.from), fmt.day(targets.to)), L.progress],
        rows: set.map((i) => [
          { text: L.measures[i.measure] },
          amount(i.target, i.measure === "density"),
          amount(i.achieved, i.measure === "density"),
          cell(i.progress, "percent"),
        ]),
      },
    });
  }

  const unitRow = (name: string, f: PeriodFigures): ReportCell[] => [
    { text: name },
    cell(f.enterprises, "count"),
    cell(f.headcount, "count"),
    cell(f.unionMembersEnd, "count"),
    cell(f.unionsFounded, "count"),
    cell(f.partyRecommended, "count"),
    cell(f.partyAdmitted, "count"),
    cell(f.partyAdmissionRate, "percent"),
    cell(f.initiatives, "count"),
  ];
  const S = L.short;
  const title = [
    L.report,
    report.scope.nonState ? L.subjectNonState : L.subjectAll,
    L.period(fmt.day(report.from), fmt.day(report.to)),
    ...(report.scope.districtName ? [L.unit(report.scope.districtName)] : []),
  ];
  return {
    lang,
    issuer: [issuer],
    motto: L.motto,
    number: L.number,
    placeDate: L.placeDate(place, d, m, y),
    title,
    intro: L.intro(fmt.day(report.from), fmt.day(report.to)),
    sections,
    recipients: { heading: L.recipients, lines: [...L.recipientLines] },
    signature: [...L.signature],
    appendix: {
      heading: L.appendix,
      table: {
        id: "units",
        head: [
          L.unitCol,
          S.enterprises,
          S.headcount,
          S.members,
          S.founded,
          S.recommended,
          S.admitted,
          S.rate,
          S.initiatives,
        ],
        rows: [
          ...report.byUnit.map((u) => unitRow(u.name, u.figures)),
          unitRow(report.scope.districtName ?? L.total, report.current),
        ],
        totalRow: true,
      },
    },
    fileName: `${L.file}-${report.from}-${report.to}`,
  };
}
