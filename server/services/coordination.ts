// The coordination view (GET /api/coordination, issue 12 item 5): for the Party organisation and the
// three partner organisations, where each exists and the regulation's target list (a union but not
// it) from the live figures, and how many were founded in the period, counted as the period report
// counts them (the same replay by fact date), as JSON or as CSV.
import { COORDINATED, type Coordination } from "../../contract/coordination.ts";
import { csvField } from "../../contract/csv-field.ts";
import type { Filter } from "../../contract/filter.ts";
import { requireRead, type Actor } from "../domain/rights.ts";
import type { ChangeFeed } from "./change-feed.ts";
import type { PeriodQuery, ReportService } from "./report.ts";

export function coordinationService(feed: ChangeFeed, reports: ReportService) {
  const service = {
    async figures(by: Actor, q: PeriodQuery, now = new Date()): Promise<Coordination> {
      requireRead(by);
      // The period report validates the period and counts what was founded in it.
      const report = await reports.period(by, q, now);
      const filter: Filter = {
        ...(q.district?.length ? { district: q.district } : {}),
        ...(q.ownership?.length ? { ownership: q.ownership } : {}),
        ...(q.sector?.length ? { sector: q.sector } : {}),
        nonState: q.nonState ?? true,
      };
      const all = feed.stats(filter);
      const rows = COORDINATED.map((organisation) => {
        const target = feed.stats({ ...filter, union: true, missing: [organisation] }).totals.enterprises;
        return {
          organisation,
          exists: all.totals.enterprises - all.totals.missing[organisation],
          target,
          founded: report.current.founded[organisation],
          targetList: `/api/enterprises?${listQuery(filter, organisation)}`,
        };
      });
      return {
        from: report.from,
        to: report.to,
        generatedAt: now.toISOString(),
        seq: all.seq,
        enterprises: all.totals.enterprises,
        withUnion: all.totals.withUnion,
        rows,
      };
    },

    /** The same figures as CSV (UTF-8 with a BOM, CRLF), headers in the language asked for. */
    async csv(by: Actor, q: PeriodQuery, lang: "vi" | "en"): Promise<{ fileName: string; body: string }> {
      const c = await service.figures(by, q);
      const words = CSV_WORDS[lang];
      const lines = [
        [words.organisation, words.exists, words.target, words.founded(c.from, c.to)],
        ...c.rows.map((r) => [words.names[r.organisation], r.exists, r.target, r.founded]),
        [words.enterprises, c.enterprises, "", ""],
        [words.withUnion, c.withUnion, "", ""],
      ];
      return {
        fileName: `${words.file}-${c.from}-${c.to}.csv`,
        body: "\uFEFF" + lines.map((l) => l.map((v) => csvField(v)).join(",")).join("\r\n") + "\r\n",
      };
    },
  };
  return service;
}
export type CoordinationService = ReturnType<typeof coordinationService>;

/** The enterprise list's query for an organisation's target list under the same filters. */
function listQuery(f: Filter, organisation: string): string {
  const q = new URLSearchParams({ union: "true", missing: organisation });
  if (f.district?.length) q.set("district", f.district.join(","));
  if (f.ownership?.length) q.set("ownership", f.ownership.join(","));
  if (f.sector?.length) q.set("sector", f.sector.join(","));
  if (f.nonState) q.set("nonState", "true");
  return q.toString();
}

const CSV_WORDS = {
  vi: {
    file: "phoi-hop",
    organisation: "Tổ chức",
    exists: "Số doanh nghiệp đã có",
    target: "Có công đoàn nhưng chưa có tổ chức (danh sách cần phối hợp)",
    founded: (from: string, to: string) => `Thành lập mới từ ${viDay(from)} đến ${viDay(to)}`,
    enterprises: "Tổng số doanh nghiệp",
    withUnion: "Doanh nghiệp có công đoàn cơ sở",
    names: { party: "Tổ chức Đảng", women: "Hội Phụ nữ", youth: "Đoàn Thanh niên", veterans: "Hội Cựu chiến binh" },
  },
  en: {
    file: "coordination",
    organisation: "Organisation",
    exists: "Enterprises where it exists",
    target: "Union but not this organisation (target list)",
    founded: (from: string, to: string) => `Founded ${viDay(from)} to ${viDay(to)}`,
    enterprises: "Enterprises",
    withUnion: "Enterprises with a grassroots union",
    names: {
      party: "Party organisation",
      women: "Women's Union",
      youth: "Youth Union",
      veterans: "Veterans' Association",
    },
  },
} as const;

/** dd/mm/yyyy, as both languages write dates here. */
const viDay = (day: string) => day.split("-").reverse().join("/");
