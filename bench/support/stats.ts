// Percentiles and the few number formats the table uses.

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** A number with about three significant digits, grouped the way a reader scans a table. */
export function num(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return "n/a";
  const abs = Math.abs(v);
  const decimals = abs >= 10 ** (digits - 1) ? 0 : Math.max(0, digits - 1 - Math.floor(Math.log10(abs || 1)));
  return v.toLocaleString("en-US", { maximumFractionDigits: Math.min(decimals, 3), minimumFractionDigits: 0 });
}

/** Durations in the unit that keeps the number short. */
export const ms = (v: number) => (v >= 10_000 ? `${num(v / 1000)} s` : `${num(v)} ms`);
export const us = (v: number) => (v >= 1000 ? ms(v / 1000) : `${num(v)} µs`);
export const ns = (v: number) => (v >= 1000 ? us(v / 1000) : `${num(v)} ns`);
export const kb = (bytes: number) => `${num(bytes / 1024)} KB`;
