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

// Dates are written dd/mm/yyyy in both languages (en-GB writes them the Vietnamese way), times
// HH:mm on a 24-hour clock: one formatter each, with explicit options, never the browser's default.
const dateLocale = () => (locale() === "vi-VN" ? "vi-VN" : "en-GB");
const DATE: Intl.DateTimeFormatOptions = { day: "2-digit", month: "2-digit", year: "numeric" };
const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

/** A moment's day: "07/11/2026". */
export const formatDate = (at: Date): string => new Intl.DateTimeFormat(dateLocale(), DATE).format(at);

/** A calendar day as the server sends it ("2026-11-07") → "07/11/2026", whatever the time zone. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(dateLocale(), { ...DATE, timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Full date and time: "07/11/2026 05:13". */
export const formatDateTime = (at: Date): string =>
  `${formatDate(at)} ${new Intl.DateTimeFormat(dateLocale(), TIME).format(at)}`;

/** What a person typed as a day, "7/11/2026" or "07/11/2026" (also "-" or "." between), → "2026-11-07";
 *  null when it is not a real day. */
export function parseDay(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
