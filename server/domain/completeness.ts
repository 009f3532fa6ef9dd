// Reporting completeness as arithmetic: shares of enterprises updated, the province total, and the
// rule that marks a unit as gone quiet. Pure: the counts come from server/db/completeness-queries.ts.
import { QUIET_BELOW_SHARE, RECENT_DAYS, type CompletenessFigures } from "../../contract/completeness.ts";

const DAY_MS = 86_400_000;

export interface UpdateCounts {
  enterprises: number;
  updated30: number;
  updated90: number;
  lastUpdate: Date | null;
}

/** Quiet: a unit with enterprises where nothing was entered in the last RECENT_DAYS days, or where
 *  fewer than QUIET_BELOW_SHARE of its enterprises were. A unit without enterprises has nothing to
 *  report and is never quiet. */
export function isQuiet(c: UpdateCounts, now: Date): boolean {
  if (c.enterprises === 0) return false;
  if (c.lastUpdate === null || now.getTime() - c.lastUpdate.getTime() > RECENT_DAYS * DAY_MS) return true;
  return c.updated30 / c.enterprises < QUIET_BELOW_SHARE;
}

export function completenessOf(c: UpdateCounts, now: Date): CompletenessFigures {
  return {
    enterprises: c.enterprises,
    updated30: c.updated30,
    updated90: c.updated90,
    share30: c.enterprises ? c.updated30 / c.enterprises : null,
    share90: c.enterprises ? c.updated90 / c.enterprises : null,
    lastUpdate: c.lastUpdate?.toISOString() ?? null,
    quiet: isQuiet(c, now),
  };
}

/** The sum of units' counts (each enterprise is in exactly one unit), the latest update of all. */
export function totalOf(units: readonly UpdateCounts[]): UpdateCounts {
  const total: UpdateCounts = { enterprises: 0, updated30: 0, updated90: 0, lastUpdate: null };
  for (const u of units) {
    total.enterprises += u.enterprises;
    total.updated30 += u.updated30;
    total.updated90 += u.updated90;
    if (u.lastUpdate && (!total.lastUpdate || u.lastUpdate > total.lastUpdate)) total.lastUpdate = u.lastUpdate;
  }
  return total;
}

/** The instants the windows start: now minus 30 and minus 90 days. */
export const windowStarts = (now: Date, recentDays: number, windowDays: number) => ({
  since30: new Date(now.getTime() - recentDays * DAY_MS),
  since90: new Date(now.getTime() - windowDays * DAY_MS),
});
