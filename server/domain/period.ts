// Figures for periods of days (issue 12, the period report): the stock at the start and at the end
// of each period from the replay (by fact date), and the flows inside it: increases of the Party and
// initiative counters, grassroots unions and other organisations founded (flag false → true). One
// pass over the log serves several periods at once (the period, the one before, a year earlier).
// The report sums the period ledger (./period-ledger.ts) instead; this replay is the plain reference
// it must equal (tests/domain/period-ledger.test.ts, tests/http/period-ledger.test.ts).
import type { Filter } from "../../contract/filter.ts";
import type { PeriodFigures } from "../../contract/report.ts";
import type { Figures } from "../../contract/stats.ts";
import type { StatsBody } from "./aggregates.ts";
import { endOfDay } from "./calendar.ts";
import { ratio } from "../../contract/density.ts";
import { dimensionMatcher, dimensionsOf } from "./filter.ts";
import { factDayOf, Replay, yieldToLoop, type LogEntry, type PastState, type UnitMapping } from "./history.ts";

export interface Period {
  from: string;
  to: string;
}

/** What happened inside a period, for one unit or the whole scope. */
export interface Flows {
  partyRecommended: number;
  partyAdmitted: number;
  initiatives: number;
  unionsFounded: number;
  founded: { party: number; youth: number; women: number; veterans: number };
}

const emptyFlows = (): Flows => ({
  partyRecommended: 0,
  partyAdmitted: 0,
  initiatives: 0,
  unionsFounded: 0,
  founded: { party: 0, youth: 0, women: 0, veterans: 0 },
});

/** The stock figures a period report reads: totals and one row per unit (StatsBody has more). */
export type StockFigures = Pick<Figures, "enterprises" | "headcount" | "unionMembers" | "over25NoUnion" | "density">;
export interface Stock {
  totals: StockFigures;
  byDistrict: (StockFigures & { districtId: number })[];
}

/** A period's raw figures: stock at its start and end, flows in it (totals and by unit). */
export interface PeriodReplay {
  start: Stock;
  end: Stock;
  flows: Flows;
  flowsByUnit: Map<number, Flows>;
}

/** The day before a YYYY-MM-DD day. */
export function dayBefore(day: string, days = 1): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

/** The period of the same length just before, and the same dates a year earlier (29 February → 28). */
export function comparisonPeriods(p: Period): { previous: Period; yearEarlier: Period } {
  const [fy, fm, fd] = p.from.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = p.to.split("-").map(Number) as [number, number, number];
  const length = Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000) + 1;
  const yearBack = (y: number, m: number, d: number) => {
    const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
    return `${String(y - 1).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
  };
  return {
    previous: { from: dayBefore(p.from, length), to: dayBefore(p.from) },
    yearEarlier: { from: yearBack(fy, fm, fd), to: yearBack(ty, tm, td) },
  };
}

/** Adds what one entry did to the flows: counters' increases (new − old, so corrections subtract) and
 *  organisations founded. A record entering the log (create) brings counts from before it: not a flow. */
function addFlows(into: Flows, before: PastState, after: PastState): void {
  into.partyRecommended += after.partyRecommended - before.partyRecommended;
  into.partyAdmitted += after.partyAdmitted - before.partyAdmitted;
  into.initiatives += after.initiatives - before.initiatives;
  if (!before.hasUnion && after.hasUnion) into.unionsFounded++;
  if (!before.hasParty && after.hasParty) into.founded.party++;
  if (!before.hasYouthUnion && after.hasYouthUnion) into.founded.youth++;
  if (!before.hasWomenUnion && after.hasWomenUnion) into.founded.women++;
  if (!before.hasVeterans && after.hasVeterans) into.founded.veterans++;
}

const SLICE_MS = 8;

/**
 * Replays the log (in fact order, as changeLogBefore gives it, up to the last period's end) once and
 * returns each period's raw figures, for the enterprises under `filter` (q is not used here).
 */
export async function replayPeriods(
  log: AsyncIterable<LogEntry[]>,
  periods: readonly Period[],
  filter: Filter,
  unitOf?: UnitMapping,
): Promise<{ periods: PeriodReplay[]; seq: number }> {
  const replay = new Replay(undefined, unitOf);
  const matches = dimensionMatcher({ ...filter, q: undefined });
  // Stock is taken at the end of the day before each start and at the end of each end day.
  const marks = [...new Set(periods.flatMap((p) => [dayBefore(p.from), p.to]))].sort();
  const stock = new Map<string, StatsBody>();
  const out = periods.map(() => ({ flows: emptyFlows(), flowsByUnit: new Map<number, Flows>() }));
  let next = 0;
  const takeUpTo = (day: string | null) => {
    while (next < marks.length && (day === null || day > marks[next]!))
      stock.set(marks[next++]!, replay.stats({ ...filter, q: undefined }));
  };
  let sliceStart = performance.now();
  let n = 0;
  for await (const batch of log) {
    for (const entry of batch) {
      const day = factDayOf(entry);
      takeUpTo(day);
      if (next === marks.length) break;
      const [before, after] = replay.apply(entry);
      if (before && after && entry.action === "update" && matches(dimensionsOf(after)))
        periods.forEach((p, i) => {
          if (day < p.from || day > p.to) return;
          const o = out[i]!;
          addFlows(o.flows, before, after);
          let unit = o.flowsByUnit.get(after.districtId);
          if (!unit) o.flowsByUnit.set(after.districtId, (unit = emptyFlows()));
          addFlows(unit, before, after);
        });
      if ((++n & 1023) === 0 && performance.now() - sliceStart > SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
    if (next === marks.length) break;
  }
  takeUpTo(null);
  return {
    seq: replay.lastSeq,
    periods: periods.map((p, i) => ({
      start: stock.get(dayBefore(p.from))!,
      end: stock.get(p.to)!,
      ...out[i]!,
    })),
  };
}

/** The published figures of a period from its stock at start and end and its flows. */
export function periodFiguresOf(
  start: StockFigures | undefined,
  end: StockFigures | undefined,
  flows: Flows,
): PeriodFigures {
  const membersStart = start?.unionMembers ?? 0;
  const membersEnd = end?.unionMembers ?? 0;
  return {
    enterprises: end?.enterprises ?? 0,
    headcount: end?.headcount ?? 0,
    unionMembersStart: membersStart,
    unionMembersEnd: membersEnd,
    unionMembersChange: membersEnd - membersStart,
    unionsFounded: flows.unionsFounded,
    over25NoUnion: end?.over25NoUnion ?? 0,
    partyRecommended: flows.partyRecommended,
    partyAdmitted: flows.partyAdmitted,
    partyAdmissionRate: ratio(flows.partyAdmitted, flows.partyRecommended),
    initiatives: flows.initiatives,
    founded: { ...flows.founded },
    density: end?.density ?? null,
  };
}

/** A period's figures for the whole scope and for each unit that had enterprises or flows in it. */
export function periodFigures(r: PeriodReplay): { total: PeriodFigures; byUnit: Map<number, PeriodFigures> } {
  const startBy = new Map(r.start.byDistrict.map((d) => [d.districtId, d]));
  const endBy = new Map(r.end.byDistrict.map((d) => [d.districtId, d]));
  const units = new Set([...startBy.keys(), ...endBy.keys(), ...r.flowsByUnit.keys()]);
  const byUnit = new Map<number, PeriodFigures>();
  for (const id of units)
    byUnit.set(id, periodFiguresOf(startBy.get(id), endBy.get(id), r.flowsByUnit.get(id) ?? emptyFlows()));
  return { total: periodFiguresOf(r.start.totals, r.end.totals, r.flows), byUnit };
}

/** The instant after the last day of the periods ends: the log is read up to it. */
export const replayEnd = (periods: readonly Period[]) =>
  endOfDay(
    periods
      .map((p) => p.to)
      .sort()
      .at(-1)!,
  );
