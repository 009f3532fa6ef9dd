// The analysis page's one state owner: the view the address describes (AnalysisState) and what the
// page has loaded for it: the units, the figures, the trend, the changes waiting while paused. The
// parts are fed from here; go() and the loaders are the only writers.
import type { District } from "../../../contract/enterprise.ts";
import type { TrendPoint } from "../../../contract/history.ts";
import type { Stats } from "../../../contract/stats.ts";
import type { AnalysisState, Dimension } from "./state.ts";

export interface AnalysisPage {
  view: AnalysisState;
  /** The active units, and every unit (retired ones too: "as the units were then" names them). */
  districts: District[];
  allUnits: District[];
  /** The figures for the filter, and for each chart whose own pick is left out of its filter. */
  stats: Stats | null;
  chartStats: Map<Dimension, Stats>;
  trendPoints: TrendPoint[];
  /** Changes heard while paused, shown on the pause note. */
  pendingChanges: number;
  /** The filter the live connection follows (as JSON): it is told again only when that changes. */
  followed: string;
}

export const createAnalysisPage = (view: AnalysisState): AnalysisPage => ({
  view,
  districts: [],
  allUnits: [],
  stats: null,
  chartStats: new Map(),
  trendPoints: [],
  pendingChanges: 0,
  followed: "",
});

/** Answers to requests that may overtake one another: only the latest one asked is taken. */
export function latestOnly() {
  let asked = 0;
  return {
    /** A ticket for a new request. */
    next: () => ++asked,
    isLatest: (ticket: number) => ticket === asked,
  };
}

/**
 * Live changes refresh the figures at most every `everyMs` and the trend at most every `trendEveryMs`
 * (each refresh is a few queries); nothing while `paused()`.
 */
export function createRefresher(opts: {
  everyMs: number;
  trendEveryMs: number;
  paused: () => boolean;
  figures: () => void;
  trend: () => void;
}): { schedule(): void } {
  let timer: number | undefined;
  let lastTrend = Date.now();
  return {
    schedule() {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        if (opts.paused()) return;
        opts.figures();
        if (Date.now() - lastTrend > opts.trendEveryMs) {
          lastTrend = Date.now();
          opts.trend();
        }
      }, opts.everyMs);
    },
  };
}
