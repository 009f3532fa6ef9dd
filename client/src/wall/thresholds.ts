// Targets a display can carry (?targets=over25Union:100,density:60) and whether a figure meets
// them. Shares are given in percent and kept as ratios; "initiatives" is a count. A figure below
// its target is marked with a symbol as well as a colour, so it reads without colour vision.
import { formatCount, formatPercent, formatPercentAxis } from "../format.ts";

export const TARGET_KEYS = [
  "density",
  "withUnion",
  "over25Union",
  "partyAdmission",
  "union",
  "party",
  "youth",
  "women",
  "veterans",
  "initiatives",
] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];
export type Targets = Partial<Record<TargetKey, number>>;

/** Counts rather than shares. */
const COUNT_TARGETS: readonly TargetKey[] = ["initiatives"];

/** The federation's own target, shown unless the address says otherwise: a union in every enterprise with 25+ workers. */
export const DEFAULT_TARGETS: Targets = { over25Union: 1 };

export const isCountTarget = (key: TargetKey): boolean => COUNT_TARGETS.includes(key);

/** "over25Union:100,density:60" → { over25Union: 1, density: 0.6 }; unknown keys and bad numbers are skipped. */
export function parseTargets(text: string | null): Targets {
  if (text === null) return { ...DEFAULT_TARGETS };
  const targets: Targets = {};
  for (const part of text.split(",")) {
    const [rawKey, rawValue] = part.split(":").map((s) => s.trim());
    const key = TARGET_KEYS.find((k) => k.toLowerCase() === rawKey?.toLowerCase());
    const value = Number(rawValue);
    if (!key || rawValue === undefined || rawValue === "" || !Number.isFinite(value) || value < 0) continue;
    targets[key] = isCountTarget(key) ? Math.round(value) : Math.min(value, 100) / 100;
  }
  return targets;
}

/** The query-string form of targets, for docs and tests. */
export function targetsText(targets: Targets): string {
  return TARGET_KEYS.filter((k) => targets[k] !== undefined)
    .map((k) => `${k}:${isCountTarget(k) ? targets[k] : Math.round(targets[k]! * 1000) / 10}`)
    .join(",");
}

export type Verdict = "met" | "below" | "none";

/** Strict: one enterprise short of 100 % is below target, even where the share rounds to "100,0%". */
export function verdictOf(value: number | null, target: number | undefined): Verdict {
  if (target === undefined || value === null || !Number.isFinite(value)) return "none";
  // Ratios like 3/3 are exact, but sums of shares are not: forgive float noise only.
  return value >= target - 1e-9 ? "met" : "below";
}

/** The symbols that carry the verdict for people who cannot tell the colours apart. */
export const VERDICT_MARK: Record<Verdict, string> = { met: "✓", below: "▼", none: "" };

/** A target as people read it: "100%", "62,5%", "500". */
export function formatTarget(key: TargetKey, value: number): string {
  if (isCountTarget(key)) return formatCount(value);
  return Number.isInteger(Math.round(value * 1e6) / 1e4) ? formatPercentAxis(value) : formatPercent(value);
}
