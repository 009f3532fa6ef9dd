// The period report (GET /api/reports/period, issue 12): the figures of a from–to period beside the
// period of the same length before it and the same dates a year earlier, by unit, rebuilt from the
// change log by fact date, summed from the period ledger kept in memory (./period-ledgers.ts; it
// equals one replay of the log, domain/period.ts replayPeriods). A period ending after today is clamped to today.
import type { Filter } from "../../contract/filter.ts";
import { MAX_PERIOD_YEARS, daysBetween, type PeriodReport, type PeriodReportQuery } from "../../contract/report.ts";
import type { UnitKind, UnitsView } from "../../contract/units.ts";
import { dayOf } from "../domain/calendar.ts";
import { ValidationError } from "../domain/errors.ts";
import { comparisonPeriods, periodFigures } from "../domain/period.ts";
import { requireRead, type Actor } from "../domain/rights.ts";
import { achievedOf, progressOf, targetsOfScope } from "../domain/targets.ts";
import type { Db } from "../db/database.ts";
import { asTargetRows, targetsOfYears } from "../db/target-queries.ts";
import { periodLedgers } from "./period-ledgers.ts";

/** The parsed query (PeriodReportQuery's output). */
export interface PeriodQuery {
  from?: string;
  to?: string;
  district?: number[];
  ownership?: string[];
  nonState?: boolean;
  sector?: string[];
  units?: UnitsView;
}

/** ledgers: shared with the targets' progress, so a process keeps one ledger per units view. */
export function reportService(db: Db, ledgers = periodLedgers(db)) {
  return {
    async period(by: Actor, q: PeriodQuery, now = new Date()): Promise<PeriodReport> {
      requireRead(by);
      const today = dayOf(now);
      const from = q.from ?? `${today.slice(0, 4)}-01-01`;
      const to = q.to === undefined || q.to > today ? today : q.to;
      if (from > today) throw invalid({ from: `must not be in the future (today is ${today})` });
      if (to < from) throw invalid({ to: "must not be before `from`" });
      if (daysBetween(from, to) > MAX_PERIOD_YEARS * 366)
        throw invalid({ to: `must be at most ${MAX_PERIOD_YEARS} years after \`from\`` });

      const filter: Filter = {
        ...(q.district?.length ? { district: q.district } : {}),
        ...(q.ownership?.length ? { ownership: q.ownership } : {}),
        ...(q.sector?.length ? { sector: q.sector } : {}),
        nonState: q.nonState ?? true,
      };
      const current = { from, to };
      const { previous, yearEarlier } = comparisonPeriods(current);
      // Progress toward the targets counts from 1 January of the year the period ends in.
      const targetYear = Number(to.slice(0, 4));
      const yearToDate = { from: `${to.slice(0, 4)}-01-01`, to };
      const periods = [current, previous, yearEarlier, yearToDate];
      const replayed = await ledgers.use(q.units ?? "now", (ledger) => ledger.periods(periods, filter));
      const [cur, prev, year, ytd] = replayed.periods.map(periodFigures) as [
        ReturnType<typeof periodFigures>,
        ReturnType<typeof periodFigures>,
        ReturnType<typeof periodFigures>,
        ReturnType<typeof periodFigures>,
      ];

      const units = await db.district.findMany({ select: { id: true, code: true, name: true, kind: true } });
      const unitOf = new Map(units.map((u) => [u.id, u]));
      const byUnit = [...cur.byUnit]
        .map(([districtId, figures]) => {
          const u = unitOf.get(districtId);
          return {
            districtId,
            code: u?.code ?? String(districtId),
            name: u?.name ?? String(districtId),
            kind: (u?.kind ?? "DISTRICT") as UnitKind,
            figures,
          };
        })
        .sort((a, b) => a.code.localeCompare(b.code));
      const only = filter.district?.length === 1 ? filter.district[0]! : null;
      const scopeTargets =
        (filter.district?.length ?? 0) > 1
          ? {}
          : targetsOfScope(asTargetRows(await targetsOfYears(db, [targetYear])), targetYear, only);
      const targets = Object.keys(scopeTargets).length
        ? {
            year: targetYear,
            ...yearToDate,
            districtId: only,
            items: progressOf(scopeTargets, achievedOf(ytd.total)),
          }
        : null;
      return {
        from,
        to,
        scope: {
          district: only,
          districtName: only === null ? null : (unitOf.get(only)?.name ?? null),
          ownership: filter.ownership ?? null,
          nonState: filter.nonState ?? true,
          sector: filter.sector ?? null,
        },
        generatedAt: now.toISOString(),
        seq: replayed.seq,
        partyRecommended: cur.total.partyRecommended,
        partyAdmitted: cur.total.partyAdmitted,
        partyAdmissionRate: cur.total.partyAdmissionRate,
        initiatives: cur.total.initiatives,
        current: cur.total,
        previous: { ...prev.total, ...previous },
        yearEarlier: { ...year.total, ...yearEarlier },
        byUnit,
        targets,
      };
    },
  };
}
export type ReportService = ReturnType<typeof reportService>;
export type { PeriodReportQuery };

const invalid = (fields: Record<string, string>) => new ValidationError(fields, "The period is not valid");
