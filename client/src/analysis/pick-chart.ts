// A bar chart of union density per group (district, sector, ownership, size) that is also a
// filter: clicking a bar picks its group for every other chart and the table, clicking it again
// clears it. Created once; render() swaps the data in place, so a live update never rebuilds
// the canvas under the analyst's cursor. Each chart can be downloaded as a PNG.
import { el } from "../dom.ts";
import { formatCount, formatPercent, formatPercentAxis } from "../format.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import { COLORS, Chart, reducedMotion } from "../charts/setup.ts";
import { whiteBackground } from "../charts/white-background.ts";

export interface PickRow {
  key: string;
  label: string;
  name: string;
  density: number | null;
  unionMembers: number;
  headcount: number;
  enterprises: number;
}

export interface PickChart {
  render(rows: PickRow[], picked: string | undefined): void;
  relabel(): void;
  /** The chart as a PNG data URL, for download. */
  image(): string;
}

const PICKED = "#b3261e";
const DIMMED = "#9db6d6";
const MAX_LABEL = 26;
const shorten = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1).trimEnd()}…` : s);

export function createPickChart(
  figure: HTMLElement,
  title: MessageKey,
  fileName: string,
  onPick: (key: string) => void,
): PickChart {
  const caption = el("figcaption", { class: "chart-title" });
  const download = el("button", { class: "chart-download", attrs: { type: "button" } });
  const canvas = el("canvas", { attrs: { role: "img" } });
  figure.append(el("div", { class: "chart-head" }, [caption, download]), el("div", { class: "chart-box" }, [canvas]));

  let rows: PickRow[] = [];
  let picked: string | undefined;
  const chart = new Chart<"bar", (number | null)[], string>(canvas, {
    type: "bar",
    data: { labels: [], datasets: [{ data: [], backgroundColor: [], borderRadius: 3, maxBarThickness: 20 }] },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion() ? false : { duration: 300 },
      layout: { padding: { right: 12 } },
      // Bars move when the canvas is resized: their recorded places must follow.
      onResize: () => requestAnimationFrame(() => markBars()),
      // A whole row picks its bar: a district at 0 % has a bar too thin to hit.
      interaction: { mode: "index", axis: "y", intersect: false },
      onClick: (_event, elements) => {
        const row = rows[elements[0]?.index ?? -1];
        if (row) onPick(row.key);
      },
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.length ? "pointer" : "default";
      },
      scales: {
        x: {
          min: 0,
          max: 1,
          ticks: { stepSize: 0.2, callback: (v) => formatPercentAxis(Number(v)) },
          grid: { color: COLORS.grid },
        },
        y: { ticks: { autoSkip: false, callback: (_v, i) => shorten(rows[i]?.label ?? "") }, grid: { display: false } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => rows[items[0]?.dataIndex ?? -1]?.name ?? "",
            label: (item) => {
              const row = rows[item.dataIndex];
              if (!row || row.enterprises === 0) return t("chartTooltipEmpty");
              return `${formatPercent(row.density)} · ${t("chartTooltipDetail", { members: formatCount(row.unionMembers), headcount: formatCount(row.headcount) })}`;
            },
          },
        },
      },
    },
    plugins: [whiteBackground],
  });

  /** Where each bar is, for people reading the DOM and for browser tests that click one. */
  const markBars = () => {
    const meta = chart.getDatasetMeta(0);
    const bars = meta.data.map((bar, i) => {
      const { x, y, base } = bar.getProps(["x", "y", "base"], true) as { x: number; y: number; base: number };
      return { key: rows[i]?.key, x: Math.round((base + x) / 2), y: Math.round(y) };
    });
    canvas.dataset.bars = JSON.stringify(bars);
    canvas.dataset.picked = picked ?? "";
  };

  const describe = () => {
    caption.textContent = t(title);
    download.textContent = t("downloadPng");
    const measured = rows.filter((r) => r.density !== null);
    canvas.setAttribute(
      "aria-label",
      measured.length
        ? `${t(title)}: ${measured.map((r) => `${r.name} ${formatPercent(r.density)}`).join("; ")}`
        : t("chartSummaryEmpty", { title: t(title) }),
    );
  };

  download.addEventListener("click", () => {
    const a = el("a", { attrs: { href: chart.toBase64Image("image/png", 1), download: `${fileName}.png` } });
    document.body.append(a);
    a.click();
    a.remove();
  });

  return {
    render(next, nextPicked) {
      rows = next;
      picked = nextPicked;
      chart.data.labels = rows.map((r) => r.label);
      const data = chart.data.datasets[0]!;
      data.data = rows.map((r) => r.density);
      data.backgroundColor = rows.map((r) => (picked === undefined ? COLORS.bar : r.key === picked ? PICKED : DIMMED));
      chart.update();
      markBars();
      describe();
    },
    relabel() {
      describe();
      chart.update("none");
    },
    image: () => chart.toBase64Image("image/png", 1),
  };
}
