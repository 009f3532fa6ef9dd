// Numbers, shares and times as people read them in the active language, all through Intl.
// Formatters are costly to build and the table formats hundreds of cells, so keep one per locale.
import { locale } from "./i18n/index.ts";

/** Shown where a ratio has no denominator (no workers, nobody recommended). */
export const NO_VALUE = "—";

interface Formatters {
  count: Intl.NumberFormat;
  percent: Intl.NumberFormat;
  percentWhole: Intl.NumberFormat;
  relative: Intl.RelativeTimeFormat;
  signedCount: Intl.NumberFormat;
  signedPercent: Intl.NumberFormat;
  clock: Intl.DateTimeFormat;
  dayClock: Intl.DateTimeFormat;
}
const cache = new Map<string, Formatters>();

function formatters(): Formatters {
  const tag = locale();
  let f = cache.get(tag);
  if (!f) {
    f = {
      count: new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }),
      percent: new Intl.NumberFormat(tag, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      percentWhole: new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 0 }),
      relative: new Intl.RelativeTimeFormat(tag, { numeric: "auto" }),
      signedCount: new Intl.NumberFormat(tag, { maximumFractionDigits: 0, signDisplay: "exceptZero" }),
      signedPercent: new Intl.NumberFormat(tag, {
        style: "percent",
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
        signDisplay: "exceptZero",
      }),
      clock: new Intl.DateTimeFormat(tag, { hour: "2-digit", minute: "2-digit" }),
      dayClock: new Intl.DateTimeFormat(tag, { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" }),
    };
    cache.set(tag, f);
  }
  return f;
}

/** 2099 → "2.099" (vi) / "2,099" (en). */
export const formatCount = (n: number): string => formatters().count.format(n);

/** 0.401 → "40,1%" (vi) / "40.1%" (en); null → "—". */
export const formatPercent = (ratio: number | null): string =>
  ratio === null || !Number.isFinite(ratio) ? NO_VALUE : formatters().percent.format(ratio);

/** A change in a count: 12 → "+12", -3 → "-3" (the sign says which way it moved). */
export const formatSignedCount = (n: number): string => formatters().signedCount.format(n);

/** A change in a share: 0.003 → "+0,3%" (vi) / "+0.3%" (en). */
export const formatSignedPercent = (ratio: number): string => formatters().signedPercent.format(ratio);

/** Hours and minutes: a wall clock, the time of a change. */
export const formatClock = (at: Date): string => formatters().clock.format(at);

/** The time of an event: hours and minutes today, with the day and month before today. */
export function formatEventTime(at: Date, now: Date = new Date()): string {
  const today =
    at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return today ? formatClock(at) : formatters().dayClock.format(at);
}

/** Axis ticks at round shares: 0.2 → "20%"; a decimal there would only be noise. */
export const formatPercentAxis = (ratio: number): string => formatters().percentWhole.format(ratio);

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["minute", 60],
  ["hour", 60],
  ["day", 24],
  ["week", 7],
  ["month", 4.35],
  ["year", 12],
];

/**
 * A past time relative to now ("2 phút trước"), or null under a minute: the status bar is
 * refreshed every 15 s, so counting seconds would only jump about.
 */
export function formatAgo(at: Date, now: Date = new Date()): string | null {
  let amount = (now.getTime() - at.getTime()) / 60_000;
  if (amount < 1) return null;
  let unit: Intl.RelativeTimeFormatUnit = "minute";
  for (let i = 1; i < UNITS.length; i++) {
    const [next, size] = UNITS[i]!;
    if (amount / size < 1) break;
    amount /= size;
    unit = next;
  }
  return formatters().relative.format(-Math.floor(amount), unit);
}

/** Full date and time, for tooltips on relative times. */
export const formatDateTime = (at: Date): string =>
  at.toLocaleString(locale(), { dateStyle: "medium", timeStyle: "medium" });
