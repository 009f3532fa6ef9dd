// Every figure on the wall stands beside the same figure some time ago ("▲ +120 so với 30 ngày
// trước"): the figures as of that day come from GET /api/stats?asOf= (rebuilt from the change log),
// read once, again when the day turns, and retried while the server is away. One Stats is kept.
import type { FilterQuery } from "../../../contract/filter.ts";
import type { Stats } from "../../../contract/stats.ts";
import { getJson, queryString } from "../api.ts";
import { locale, t } from "../i18n/index.ts";
import type { Compare } from "./config.ts";

/** Viet Nam has one offset all year (UTC+7): its calendar day is the UTC day of now + 7 h. */
const VN_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;
const CHECK_MS = 10 * 60_000;
const RETRY_MS = 15_000;

const isoDay = (utcMidnight: number) => new Date(utcMidnight).toISOString().slice(0, 10);

/** The day whose end the figures are compared with, YYYY-MM-DD in Viet Nam's calendar; null for none. */
export function baselineDay(compare: Compare, now: Date): string | null {
  const vn = new Date(now.getTime() + VN_OFFSET_MS);
  const [y, m, d] = [vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate()];
  switch (compare) {
    case "30d":
      return isoDay(Date.UTC(y, m, d) - 30 * DAY_MS);
    case "month":
      return isoDay(Date.UTC(y, m, 1) - DAY_MS);
    case "year":
      return isoDay(Date.UTC(y, 0, 1) - DAY_MS);
    case "none":
      return null;
  }
}

/** "so với 30 ngày trước", "so với cuối tháng 10/2026", "so với cuối năm 2025". */
export function compareText(compare: Compare, day: string): string {
  const [y, m] = day.split("-").map(Number) as [number, number];
  const at = new Date(Date.UTC(y, m - 1, 15));
  if (compare === "month")
    return t("wallCompareMonth", {
      month: new Intl.DateTimeFormat(locale(), { month: "numeric", year: "numeric", timeZone: "UTC" }).format(at),
    });
  if (compare === "year") return t("wallCompareYear", { year: String(y) });
  return t("wallCompare30d");
}

export interface Baseline {
  /** The figures as of the baseline day, once read. */
  readonly stats: Stats | null;
  /** What the comparison is with, in words; empty without one. */
  readonly text: string;
}

/** Reads the baseline and keeps it current; onChange runs when new figures arrive. */
export function loadBaseline(compare: Compare, filter: FilterQuery, onChange: () => void): Baseline {
  let stats: Stats | null = null;
  let text = "";
  let day: string | null = null;
  let loading = false;
  let retryTimer: number | undefined;

  const check = async () => {
    const wanted = baselineDay(compare, new Date());
    if (wanted === null || loading || (wanted === day && stats)) return;
    loading = true;
    window.clearTimeout(retryTimer);
    try {
      stats = await getJson<Stats>(`/api/stats${queryString({ ...filter, asOf: wanted })}`);
      day = wanted;
      text = compareText(compare, wanted);
      onChange();
    } catch {
      // The server is away: the figures stand alone meanwhile, and the comparison comes back with it.
      retryTimer = window.setTimeout(() => void check(), RETRY_MS);
    } finally {
      loading = false;
    }
  };

  if (compare !== "none") {
    void check();
    window.setInterval(() => void check(), CHECK_MS);
  }
  return {
    get stats() {
      return stats;
    },
    get text() {
      return text;
    },
  };
}
