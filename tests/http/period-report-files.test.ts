// The survey briefing as people take it away: the period report of the seed's example period
// (01/01/2021–30/09/2022, non-state) downloaded as Word and as xlsx, parsed back, shows the same numbers
// as the JSON and as /api/stats over that period (2.099 recommended, 841 admitted, 40,1 %), to the unit.
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PeriodReport } from "../../contract/report.ts";
import type { Stats } from "../../contract/stats.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let leader: string;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 300 });
  leader = await server.cookieOf("Leader", { role: "LEADER" });
});
afterAll(async () => {
  await server?.close();
});

const EXAMPLE = "from=2021-01-01&to=2022-09-30";
async function download(path: string, cookie = leader) {
  const res = await fetch(server.url + path, { headers: { cookie } });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}
async function documentText(bytes: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
  // The visible text, paragraph by paragraph (runs joined), table cells separated by " | ".
  return xml
    .replace(/<\/w:tc>/g, " | ")
    .replace(/<\/w:p>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/\n \| /g, " | ")
    .replace(/&amp;/g, "&");
}
async function sheets(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  /** Row label → the values of the row's other cells. */
  const rows = (name: string) => {
    const out = new Map<string, unknown[]>();
    wb.getWorksheet(name)!.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      out.set(String(values[0]), values.slice(1));
    });
    return out;
  };
  return { wb, rows };
}

describe("the period report as a Word file and a spreadsheet", () => {
  it("shows the JSON's and /api/stats' figures in Word and xlsx, Vietnamese by default, English on request", async () => {
    const json = (await server.api(`/api/reports/period?${EXAMPLE}`, { headers: { cookie: leader } }))
      .body as PeriodReport;
    expect([json.partyRecommended, json.partyAdmitted]).toEqual([2099, 841]);
    // /api/stats over the same period: the counters at its end less the counters the day before it began.
    const statsAt = async (day: string) =>
      (await server.api(`/api/stats?asOf=${day}&nonState=true`, { headers: { cookie: leader } })).body as Stats;
    const [before, end] = [await statsAt("2020-12-31"), await statsAt("2022-09-30")];
    expect(end.totals.partyRecommended - before.totals.partyRecommended).toBe(json.partyRecommended);
    expect(end.totals.partyAdmitted - before.totals.partyAdmitted).toBe(json.partyAdmitted);
    expect(end.totals.initiatives - before.totals.initiatives).toBe(json.initiatives);
    expect(json.current.unionMembersStart).toBe(before.totals.unionMembers);
    expect([end.totals.enterprises, end.totals.headcount, end.totals.unionMembers]).toEqual([
      json.current.enterprises,
      json.current.headcount,
      json.current.unionMembersEnd,
    ]);

    // Word, Vietnamese.
    const docx = await download(`/api/reports/period.docx?${EXAMPLE}`);
    expect(docx.res.status).toBe(200);
    expect(docx.res.headers.get("content-type")).toContain("wordprocessingml.document");
    expect(docx.res.headers.get("content-disposition")).toBe(
      'attachment; filename="bao-cao-2021-01-01-2022-09-30.docx"',
    );
    const text = await documentText(docx.bytes);
    expect(text).toContain("LIÊN ĐOÀN LAO ĐỘNG TỈNH AN PHÚ");
    expect(text).toContain("CÔNG ĐOÀN VIỆT NAM");
    expect(text).toMatch(/Số: +\/BC-LĐLĐ/);
    expect(text).toMatch(/An Phú, ngày \d{2} tháng \d{2} năm \d{4}/);
    expect(text).toContain("từ ngày 01/01/2021 đến ngày 30/09/2022");
    for (const h of [
      "I. DOANH NGHIỆP",
      "II. ĐOÀN VIÊN",
      "III. CÔNG TÁC PHÁT TRIỂN ĐẢNG",
      "IV. SÁNG KIẾN",
      "V. CÁC TỔ CHỨC",
    ])
      expect(text).toContain(h);
    expect(text).toContain(
      "giới thiệu 2.099 đoàn viên ưu tú cho Đảng xem xét kết nạp; 841 đồng chí được kết nạp vào Đảng, đạt 40,1%",
    );
    const vi = new Intl.NumberFormat("vi-VN");
    expect(text).toContain(
      `Đoàn viên ưu tú giới thiệu cho Đảng | 2.099 | ${vi.format(json.previous.partyRecommended)} | ${vi.format(json.yearEarlier.partyRecommended)} |`,
    );
    expect(text).toContain(`Sáng kiến đăng ký | ${vi.format(json.initiatives)} |`);
    expect(text).toContain(`Số doanh nghiệp (cuối kỳ) | ${vi.format(json.current.enterprises)} |`);
    expect(text).toContain("TM. BAN THƯỜNG VỤ");
    for (const u of json.byUnit)
      expect(text).toContain(`${u.name} | ${vi.format(u.figures.enterprises)} | ${vi.format(u.figures.headcount)} |`);

    // Word, English.
    const en = await documentText((await download(`/api/reports/period.docx?${EXAMPLE}&lang=en`)).bytes);
    expect(en).toContain("VIETNAM GENERAL CONFEDERATION OF LABOUR");
    expect(en).toContain("recommended 2,099 outstanding members to the Party; 841 were admitted, 40.1%");

    // xlsx: numbers, not text.
    const xlsx = await download(`/api/reports/period.xlsx?${EXAMPLE}`);
    expect(xlsx.res.status).toBe(200);
    expect(xlsx.res.headers.get("content-disposition")).toBe(
      'attachment; filename="bao-cao-2021-01-01-2022-09-30.xlsx"',
    );
    const { rows } = await sheets(xlsx.bytes);
    const report = rows("Báo cáo");
    expect(report.get("Đoàn viên ưu tú giới thiệu cho Đảng")).toEqual([
      2099,
      json.previous.partyRecommended,
      json.yearEarlier.partyRecommended,
    ]);
    expect(report.get("Đảng viên được kết nạp")).toEqual([
      841,
      json.previous.partyAdmitted,
      json.yearEarlier.partyAdmitted,
    ]);
    expect((report.get("Tỷ lệ kết nạp / giới thiệu")![0] as number).toFixed(3)).toBe("0.401");
    expect(report.get("Sáng kiến đăng ký")![0]).toBe(json.initiatives);
    expect(report.get("Đoàn viên cuối kỳ")![0]).toBe(json.current.unionMembersEnd);
    expect(report.get("Đoàn viên đầu kỳ")![0]).toBe(before.totals.unionMembers);
    expect(report.get("Công đoàn cơ sở thành lập mới")![0]).toBe(json.current.unionsFounded);
    const units = rows("Theo đơn vị");
    for (const u of json.byUnit)
      expect(units.get(u.name)).toEqual([
        u.figures.enterprises,
        u.figures.headcount,
        u.figures.unionMembersEnd,
        u.figures.unionsFounded,
        u.figures.partyRecommended,
        u.figures.partyAdmitted,
        u.figures.partyAdmissionRate,
        u.figures.initiatives,
      ]);
    expect(units.get("Toàn tỉnh")!.slice(4, 6)).toEqual([2099, 841]);
    const enXlsx = await sheets((await download(`/api/reports/period.xlsx?${EXAMPLE}&lang=en`)).bytes);
    expect(enXlsx.rows("Report").get("Members recommended to the Party")![0]).toBe(2099);
  });

  it("refuses a bad period with field messages and a reader without rights", async () => {
    const r = await server.api("/api/reports/period.docx?from=2022-09-30&to=2021-01-01", {
      headers: { cookie: leader },
    });
    expect(r.status).toBe(400);
    expect(errorOf(r).fields).toEqual({ to: "must not be before `from`" });
    expect(r.headers.get("content-disposition")).toBeNull();
    const lang = await server.api("/api/reports/period.xlsx?lang=fr", { headers: { cookie: leader } });
    expect(lang.status).toBe(400);
    expect(errorOf(lang).fields).toEqual({ lang: "must be vi or en" });
    const anonymous = await fetch(`${server.url}/api/reports/period.xlsx?${EXAMPLE}`);
    expect(anonymous.status).toBe(401);
  });
});
