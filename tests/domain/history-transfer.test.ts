// The history builds cross from the worker thread as arrays (issue 13 item 6): a period ledger or
// monthly snapshots posted (structuredClone with the buffers transferred, as postMessage does) give
// exactly the figures of the original and of the plain replay, and go on taking changes afterwards
// (an enterprise folded again with a fact entered late; entries applied after the build).
import { describe, expect, it } from "vitest";
import { SIZE_BAND_KEYS } from "../../contract/codes.ts";
import { replayAt, type LogEntry } from "../../server/domain/history.ts";
import { PeriodLedger } from "../../server/domain/period-ledger.ts";
import { comparisonPeriods, periodFigures, replayPeriods } from "../../server/domain/period.ts";
import { MonthlySnapshots } from "../../server/domain/snapshots.ts";
import { CompactStates } from "../../server/domain/past-states.ts";
import { endOfMonth, monthsBetween } from "../../server/domain/calendar.ts";
import { generatedLog, inFactOrder, lateFactIn, once } from "../support/generated-log.ts";

const post = <T>(value: T, transfer: ArrayBuffer[]): T => structuredClone(value, { transfer });

const figuresOfReplay = (r: Awaited<ReturnType<typeof replayPeriods>>) => ({
  seq: r.seq,
  periods: r.periods.map((p) => {
    const f = periodFigures(p);
    return { total: f.total, byUnit: [...f.byUnit].sort(([a], [b]) => a - b) };
  }),
});

function ledgerOf(log: readonly LogEntry[]): PeriodLedger {
  const ledger = new PeriodLedger();
  const byEnterprise = new Map<number, LogEntry[]>();
  for (const e of inFactOrder(log)) byEnterprise.set(e.enterpriseId, [...(byEnterprise.get(e.enterpriseId) ?? []), e]);
  for (const entries of byEnterprise.values()) ledger.addEnterprise(entries, 1);
  return ledger;
}

describe("history built in a worker and posted back", () => {
  it("a posted period ledger equals the replay, and after an enterprise is folded again with a late fact", async () => {
    const log = generatedLog(21, 50);
    const built = ledgerOf(log);
    const t = built.toTransfer();
    const posted = PeriodLedger.fromTransfer(post(t, PeriodLedger.transferables(t)));
    expect(t.values.byteLength, "the values were moved, not copied").toBe(0);
    const period = { from: "2021-01-01", to: "2022-09-30" };
    const { previous, yearEarlier } = comparisonPeriods(period);
    const periods = [period, previous, yearEarlier, { from: "2020-01-01", to: "2026-11-30" }];
    expect(figuresOfReplay(await posted.periods(periods, {}))).toEqual(
      figuresOfReplay(await replayPeriods(once(inFactOrder(log)), periods, {})),
    );

    const { id, own, late } = lateFactIn(log, {
      partyRecommended: [0, 4],
      hasUnion: [false, true],
      districtId: [0, 4],
      sector: ["C", "Q"],
    });
    posted.addEnterprise(own, -1);
    posted.addEnterprise(inFactOrder([...own, late]), 1);
    const sector = { sector: ["Q", "C"] };
    expect(figuresOfReplay(await posted.periods(periods, sector))).toEqual(
      figuresOfReplay(await replayPeriods(once(inFactOrder([...log, late])), periods, sector)),
    );
  });

  it("posted monthly snapshots give every month's totals of the replay, and go on from there", async () => {
    const log = generatedLog(22, 50);
    const ordered = inFactOrder(log);
    const cut = Math.floor(ordered.length * 0.8);
    const built = MonthlySnapshots.empty();
    for (const e of ordered.slice(0, cut)) expect(built.apply(e)).toBe(true);
    const t = built.toTransfer();
    const posted = await MonthlySnapshots.received(post(t, MonthlySnapshots.transferables(t)));
    // After the build: the rest in fact order, then one dated before them (it must be refused).
    for (const e of ordered.slice(cut)) expect(posted.apply(e)).toBe(true);
    expect(posted.apply({ ...ordered[0]!, seq: 99_999 })).toBe(false);

    const months = monthsBetween("2020-01", "2026-12").map((month) => ({
      month,
      before: endOfMonth(month),
    }));
    for (const filter of [
      {},
      { nonState: true },
      { sector: ["C"], district: [2, 3] },
      { ownership: ["FDI", "DOMESTIC"], size: SIZE_BAND_KEYS.slice(1, 3), union: true },
      { missing: ["party", "youth"], nonState: true },
      { union: false, district: [1] },
    ]) {
      const replayed = await replayAt(once(ordered), months, undefined, (r) => r.totals(filter));
      expect(
        months.map((m) => posted.totalsAt(m.month, filter)),
        JSON.stringify(filter),
      ).toEqual(replayed);
    }
  });

  it("compact states keep what the figures read of an enterprise, and forget an erased one", () => {
    const states = new CompactStates();
    const s = {
      name: "",
      taxCode: "",
      districtId: 7,
      sector: "C",
      ownership: "FDI",
      status: "CEASED",
      headcount: 130,
      unionMembers: 99,
      partyRecommended: 2,
      partyAdmitted: 1,
      initiatives: 4,
      hasUnion: true,
      hasParty: false,
      hasYouthUnion: true,
      hasWomenUnion: false,
      hasVeterans: true,
    };
    states.set(5000, s);
    const t = states.toTransfer();
    const posted = new CompactStates(post(t, CompactStates.transferables(t)));
    expect(posted.get(5000)).toEqual(s);
    expect(posted.get(4999)).toBeUndefined();
    posted.delete(5000);
    expect(posted.get(5000)).toBeUndefined();
  });
});
