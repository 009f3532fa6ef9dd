// A horizontal bar chart of union density per group (district, sector), with its text
// alternative: an aria-label summary on the canvas and a visually hidden table, both kept current.
// The chart is created once; render() swaps the data and calls chart.update().
import type { Plugin } from "chart.js";
import { el } from "../dom.ts";
import { formatCount, formatPercent, formatPercentAxis } from "../format.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import { COLORS, Chart, reducedMotion } from "./setup.ts";

export interface DensityRow {
  /** Short label on the axis. */
  label: string;
  /** Full name, for the tooltip and the table. */
  name: string;
  density: number | null;
  unionMembers: number;
  headcount: number;
  enterprises: number;
}

export interface DensityChartText {
  title: MessageKey;
  groupHeader: MessageKey;
}

export interface DensityBars {
  render(rows: DensityRow[]): void;
  /** Re-render titles, axis and table in the active language. */
  relabel(): void;
}

/** Axis labels longer than this are cut; the tooltip and the table carry the whole name. */
const MAX_LABEL = 30;
const shorten = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1).trimEnd()}…` : s);

/** Long VSIC names would run off the canvas in one tooltip line: break them at spaces. */
function wrap(s: string, width = 44): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of s.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Prints each bar's density at its end, so the figure can be read without hovering. */
const valueLabels: Plugin<"bar"> = {
  id: "unionpulseValueLabels",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const meta = chart.getDatasetMeta(0);
    ctx.save();
    ctx.fillStyle = COLORS.barLabel;
    ctx.textBaseline = "middle";
    ctx.font = `600 12px ${Chart.defaults.font.family ?? "sans-serif"}`;
    meta.data.forEach((bar, i) => {
      const value = chart.data.datasets[0]?.data[i];
      if (typeof value !== "number") return;
      const { x, y } = bar.getProps(["x", "y"], true) as { x: number; y: number };
      ctx.fillText(formatPercent(value), x + 6, y);
    });
    ctx.restore();
  },
};

export function createDensityBars(figure: HTMLElement, text: DensityChartText): DensityBars {
  const caption = el("figcaption", { class: "chart-title" });
  const canvas = el("canvas", { attrs: { role: "img" } });
  const table = el("table");
  // The wrapper hides the table: a table grows to fit its content whatever its own width says.
  figure.append(caption, el("div", { class: "chart-box" }, [canvas]), el("div", { class: "visually-hidden" }, [table]));

  let rows: DensityRow[] = [];
  const chart = new Chart<"bar", (number | null)[], string>(canvas, {
    type: "bar",
    data: {
      labels: [],
      datasets: [
        { data: [], backgroundColor: COLORS.bar, borderRadius: 3, maxBarThickness: 22, categoryPercentage: 0.8 },
      ],
    },
    plugins: [valueLabels],
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion() ? false : { duration: 400 },
      // Room on the right for the longest value label next to a full bar.
      layout: { padding: { right: 52 } },
      scales: {
        x: {
          min: 0,
          max: 1,
          ticks: { stepSize: 0.2, callback: (v) => formatPercentAxis(Number(v)) },
          grid: { color: COLORS.grid },
        },
        y: {
          ticks: { autoSkip: false, callback: (_v, i) => shorten(rows[i]?.label ?? "") },
          grid: { display: false },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => wrap(rows[items[0]?.dataIndex ?? -1]?.name ?? ""),
            label: (item) => {
              const row = rows[item.dataIndex];
              if (!row || row.enterprises === 0) return t("chartTooltipEmpty");
              return `${formatPercent(row.density)} · ${t("chartTooltipDetail", { members: formatCount(row.unionMembers), headcount: formatCount(row.headcount) })}`;
            },
          },
        },
      },
    },
  });

  const describe = () => {
    const title = t(text.title);
    caption.textContent = title;
    const measured = rows.filter((r) => r.density !== null);
    if (measured.length === 0) {
      canvas.setAttribute("aria-label", t("chartSummaryEmpty", { title }));
    } else {
      const sorted = [...measured].sort((a, b) => (b.density ?? 0) - (a.density ?? 0));
      const top = sorted[0]!;
      const bottom = sorted[sorted.length - 1]!;
      canvas.setAttribute(
        "aria-label",
        t("chartSummary", {
          title,
          top: top.name,
          topValue: formatPercent(top.density),
          bottom: bottom.name,
          bottomValue: formatPercent(bottom.density),
        }),
      );
    }
    const header = el(
      "tr",
      {},
      [text.groupHeader, "colDensity", "colUnionMembers", "colHeadcount", "colEnterprises"].map((k) =>
        el("th", { text: t(k as MessageKey), attrs: { scope: "col" } }),
      ),
    );
    table.replaceChildren(
      el("caption", { text: title }),
      el("thead", {}, [header]),
      el(
        "tbody",
        {},
        rows.map((r) =>
          el("tr", {}, [
            el("th", { text: r.name, attrs: { scope: "row" } }),
            el("td", { text: formatPercent(r.density) }),
            el("td", { text: formatCount(r.unionMembers) }),
            el("td", { text: formatCount(r.headcount) }),
            el("td", { text: formatCount(r.enterprises) }),
          ]),
        ),
      ),
    );
  };

  return {
    render(next) {
      rows = next;
      chart.data.labels = rows.map((r) => r.label);
      const data = chart.data.datasets[0];
      if (data) data.data = rows.map((r) => r.density);
      chart.update();
      describe();
    },
    relabel() {
      describe();
      chart.update("none");
    },
  };
}
