// The bench's output: one row per figure, printed beside its reference from the same run.

export type Verdict = "PASS" | "MISS" | "info";

export interface Row {
  measure: string;
  figure: string;
  reference: string;
  /** figure ÷ reference (or the other way round when that is what the target is about), as text. */
  ratio: string;
  target: string;
  verdict: Verdict;
}

/** A row whose target is "value ≤ max" (or ≥ min); the value is a ratio unless `absolute`. */
export function judged(
  row: Omit<Row, "ratio" | "verdict">,
  value: number,
  target: { max?: number; min?: number; absolute?: boolean },
): Row {
  const ok =
    Number.isFinite(value) &&
    (target.max === undefined || value <= target.max) &&
    (target.min === undefined || value >= target.min);
  const text = target.absolute
    ? ""
    : !Number.isFinite(value)
      ? "n/a"
      : value >= 100
        ? `${Math.round(value).toLocaleString("en-US")}×`
        : `${value.toFixed(2)}×`;
  return { ...row, ratio: text, verdict: ok ? "PASS" : "MISS" };
}

export const info = (row: Omit<Row, "verdict" | "ratio"> & { ratio?: string }): Row => ({
  ratio: "",
  ...row,
  verdict: "info",
});

const COLUMNS: [keyof Row, string][] = [
  ["measure", "measure"],
  ["figure", "figure"],
  ["reference", "reference"],
  ["ratio", "ratio"],
  ["target", "target"],
  ["verdict", ""],
];

/** A Markdown table: readable in a terminal and pasteable into docs/benchmarks.md as it is. */
export function formatTable(rows: readonly Row[]): string {
  const widths = COLUMNS.map(([k, title]) => Math.max(title.length, 3, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    line(COLUMNS.map(([, t]) => t)),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map((r) => line(COLUMNS.map(([k]) => r[k]))),
  ].join("\n");
}
