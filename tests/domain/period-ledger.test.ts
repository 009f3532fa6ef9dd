// The period ledger (what the report sums, kept in memory) gives exactly the figures of the plain
// replay of the whole log, on generated logs with facts entered late, moves and merges of units,
// enterprises ceased, reopened and erased, and records that begin after facts dated before them;
// and taking one enterprise's part out and folding it again leaves the same figures.
import { describe, expect, it } from "vitest";
import type { Filter } from "../../contract/filter.ts";
import { factDayOf, type LogEntry } from "../../server/domain/history.ts";
import { PeriodLedger } from "../../server/domain/period-ledger.ts";
import { comparisonPeriods, periodFigures, replayPeriods, type Period } from "../../server/domain/period.ts";
import { generatedLog, inFactOrder, lateFactIn, once } from "../support/generated-log.ts";

/** The ledger as the service builds it: every entry in fact order, each enterprise's state carried. */
function ledgerOf(log: readonly LogEntry[], unitOf: (id: number, then: number) => number): PeriodLedger {
  const ledger = new PeriodLedger();
  const byEnterprise = new Map<number, LogEntry[]>();
  for (const e of inFactOrder(log)) byEnterprise.set(e.enterpriseId, [...(byEnterprise.get(e.enterpriseId) ?? []), e]);
  for (const [id, entries] of byEnterprise) ledger.addEnterprise(entries, 1, (then) => unitOf(id, then));
  return ledger;
}

const figuresOfReplay = (r: Awaited<ReturnType<typeof replayPeriods>>) => ({
  seq: r.seq,
  periods: r.periods.map((p) => {
    const f = periodFigures(p);
    return { total: f.total, byUnit: [...f.byUnit].sort(([a], [b]) => a - b) };
  }),
});

const CASES: { period: Period; filter: Filter }[] = [
  { period: { from: "2021-01-01", to: "2022-09-30" }, filter: { nonState: true } },
  { period: { from: "2024-02-29", to: "2025-03-01" }, filter: {} },
  { period: { from: "2023-07-01", to: "2023-07-01" }, filter: { sector: ["C", "G"], district: [2] } },
  { period: { from: "2020-01-01", to: "2026-11-30" }, filter: { ownership: ["FDI"] } },
];

describe("the period ledger", () => {
  for (const view of ["then", "now"] as const)
    it(`equals the replay of the whole log for every period and filter (units as ${view})`, async () => {
      const log = generatedLog(view === "then" ? 7 : 8, 60);
      // "As now": each enterprise under one fixed unit (today's), erased ones through a succession.
      const today = new Map<number, number>();
      for (const e of log)
        if (typeof e.diff.districtId?.[1] === "number") today.set(e.enterpriseId, e.diff.districtId[1]);
      for (const e of log) if (e.action === "erase") today.delete(e.enterpriseId);
      const unitOf =
        view === "now" ? (id: number, then: number) => today.get(id) ?? (then === 1 ? 3 : then) : undefined;
      const ledger = ledgerOf(log, unitOf ?? ((_id, then) => then));
      let nonEmpty = 0; // cases with something to compare (a one-day period may have nothing)
      for (const { period, filter } of CASES) {
        const { previous, yearEarlier } = comparisonPeriods(period);
        const periods = [period, previous, yearEarlier];
        const expected = figuresOfReplay(await replayPeriods(once(inFactOrder(log)), periods, filter, unitOf));
        if (expected.periods[0]!.total.enterprises + expected.periods[0]!.total.partyRecommended > 0) nonEmpty++;
        expect(figuresOfReplay(await ledger.periods(periods, filter)), `${period.from}–${period.to}`).toEqual(expected);
      }
      expect(nonEmpty).toBeGreaterThanOrEqual(3);
    });

  it("takes one enterprise's part out and folds it again with a late fact and a new unit", async () => {
    const log = generatedLog(9, 40);
    const ledger = ledgerOf(log, (_id, then) => then);
    const { id, own, late } = lateFactIn(log, {
      partyRecommended: [0, 4],
      hasUnion: [false, true],
      districtId: [0, 4],
    });
    expect(own.some((e) => e.action === "erase")).toBe(false);
    ledger.addEnterprise(own, -1);
    ledger.addEnterprise(inFactOrder([...own, late]), 1);
    const periods = [
      { from: "2021-01-01", to: "2021-12-31" },
      { from: "2020-01-01", to: "2026-11-30" },
    ];
    const expected = figuresOfReplay(await replayPeriods(once(inFactOrder([...log, late])), periods, {}));
    expect(figuresOfReplay(await ledger.periods(periods, {}))).toEqual(expected);
    expect(factDayOf(late) < own.at(-1)!.factDate!).toBe(true);
  });
});
