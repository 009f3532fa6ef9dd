// The period report as the plain replay of the whole change log gives it (domain/period.ts
// replayPeriods), and a check that a server's reports equal it for a set of periods, filters and
// units views: the reference for the ledger kept in memory, however it was built.
import { expect } from "vitest";
import type { PeriodFigures, PeriodReport } from "../../contract/report.ts";
import type { Filter } from "../../contract/filter.ts";
import type { UnitsView } from "../../contract/units.ts";
import { changeLogBefore } from "../../server/db/history-queries.ts";
import { comparisonPeriods, periodFigures, replayEnd, replayPeriods } from "../../server/domain/period.ts";
import { unitsNow } from "../../server/services/history-replays.ts";
import type { TestServer } from "./server.ts";

interface Case {
  from: string;
  to: string;
  query: string;
  filter: Filter;
  units: UnitsView;
}

export const CASES: Case[] = [
  { from: "2021-01-01", to: "2022-09-30", query: "", filter: { nonState: true }, units: "now" },
  { from: "2021-01-01", to: "2022-09-30", query: "&units=then", filter: { nonState: true }, units: "then" },
  { from: "2025-01-01", to: "2025-12-31", query: "&nonState=false", filter: { nonState: false }, units: "now" },
  { from: "2025-03-01", to: "2026-02-28", query: "&units=then", filter: { nonState: true }, units: "then" },
  {
    from: "2024-06-15",
    to: "2026-11-30",
    query: "&sector=C&nonState=false",
    filter: { sector: ["C"], nonState: false },
    units: "now",
  },
];

/** The report's figures as the plain replay of the whole log gives them. */
export async function replayed(server: TestServer, c: Case) {
  const current = { from: c.from, to: c.to };
  const { previous, yearEarlier } = comparisonPeriods(current);
  const periods = [current, previous, yearEarlier];
  const mapping = c.units === "now" ? await unitsNow(server.db) : undefined;
  const r = await replayPeriods(changeLogBefore(server.db, replayEnd(periods)), periods, c.filter, mapping);
  const [cur, prev, year] = r.periods.map(periodFigures);
  return {
    seq: r.seq,
    current: cur!.total,
    previous: { ...prev!.total, ...previous },
    yearEarlier: { ...year!.total, ...yearEarlier },
    byUnit: [...cur!.byUnit].sort(([a], [b]) => a - b),
  };
}

export async function expectReportsEqualReplay(server: TestServer, leader: string) {
  for (const c of CASES) {
    const r = await server.api(`/api/reports/period?from=${c.from}&to=${c.to}${c.query}`, {
      headers: { cookie: leader },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const report = r.body as PeriodReport;
    const byUnit: [number, PeriodFigures][] = report.byUnit
      .map((u): [number, PeriodFigures] => [u.districtId, u.figures])
      .sort(([a], [b]) => a - b);
    expect({ ...report, byUnit }, `${c.from}–${c.to}${c.query}`).toMatchObject(await replayed(server, c));
  }
}
