// A horizontal bar chart for a wall: large type, every value printed at the end of its bar (nothing
// hides behind a hover), a dashed target line, bars below target in another colour AND marked ▼,
// and "+12" beside a bar for a while after it moved. Created once; render() writes the new values
// into the same chart, which animates each bar from its old length to the new one.
import type { Chart as ChartType, Plugin, ScriptableContext } from "chart.js";
import { Chart } from "../../charts/setup.ts";
import { t } from "../../i18n/index.ts";
import { DELTA_MS } from "../figure.ts";
import { FLASH_MS, MAX_AT_ONCE } from "../flash-queue.ts";
import { VERDICT_MARK, verdictOf } from "../thresholds.ts";
import { FONT_FAMILY, chartColors, remPx } from "./look.ts";

export interface BarRow {
  /** Stable identity (district id, sector code): deltas follow the row, not its position. */
  key: string;
  label: string;
  /** One value per series. */
  values: (number | null)[];
}

export interface BarSeries {
  /** Solid bars, or outlined ones so two series differ by shape as well as colour. */
  style: "solid" | "outline";
}

export interface BarsOptions {
  series: BarSeries[];
  format: (v: number) => string;
  formatDelta: (d: number) => string;
  axisFormat: (v: number) => string;
  /** 1 for shares; unset lets the axis fit the data. */
  max?: number;
  /** A target for the first series, and its label ("60%"). */
  target?: { value: number; text: string };
}

export interface Bars {
  render(rows: BarRow[], highlight: boolean): void;
}

interface Delta {
  text: string;
  up: boolean;
  until: number;
  flashUntil: number;
}

const MAX_LABEL = 30;
const shorten = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1).trimEnd()}…` : s);

export function createBars(box: HTMLElement, opts: BarsOptions): Bars {
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  box.append(canvas);
  const colors = chartColors();
  let rows: BarRow[] = [];
  /** Keyed by row and series: bounded by what the chart shows. */
  const deltas = new Map<string, Delta>();
  let redrawTimer: number | undefined;
  const target = opts.target;

  const isBelow = (value: unknown, series: number) =>
    series === 0 && typeof value === "number" && verdictOf(value, target?.value) === "below";
  const deltaOf = (index: number, series: number) => {
    const row = rows[index];
    return row ? deltas.get(`${row.key}:${series}`) : undefined;
  };

  const labels: Plugin<"bar"> = {
    id: "wallValueLabels",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const size = remPx() * 0.72;
      const now = Date.now();
      ctx.save();
      ctx.textBaseline = "middle";
      chart.data.datasets.forEach((dataset, series) => {
        chart.getDatasetMeta(series).data.forEach((bar, i) => {
          const value = dataset.data[i];
          if (typeof value !== "number") return;
          const { x, y } = bar.getProps(["x", "y"]) as { x: number; y: number };
          let at = x + size * 0.4;
          const write = (text: string, color: string, weight: number) => {
            ctx.font = `${weight} ${size}px ${FONT_FAMILY}`;
            ctx.fillStyle = color;
            ctx.fillText(text, at, y);
            at += ctx.measureText(text).width + size * 0.35;
          };
          const below = isBelow(value, series);
          write(opts.format(value), below ? colors.below : colors.text, 700);
          if (below) write(VERDICT_MARK.below, colors.below, 700);
          const delta = deltaOf(i, series);
          if (delta && delta.until > now) write(delta.text, delta.up ? colors.up : colors.down, 800);
        });
      });
      ctx.restore();
    },
  };

  const targetLine: Plugin<"bar"> = {
    id: "wallTargetLine",
    afterDatasetsDraw(chart) {
      if (!target) return;
      const x = chart.scales.x!.getPixelForValue(target.value);
      const { top, bottom } = chart.chartArea;
      const { ctx } = chart;
      const size = remPx() * 0.62;
      ctx.save();
      ctx.strokeStyle = colors.target;
      ctx.lineWidth = Math.max(2, size * 0.14);
      ctx.setLineDash([size * 0.5, size * 0.35]);
      ctx.beginPath();
      ctx.moveTo(x, top - size * 0.2);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = colors.target;
      ctx.font = `700 ${size}px ${FONT_FAMILY}`;
      ctx.textAlign = x > chart.width * 0.75 ? "right" : "left";
      ctx.textBaseline = "bottom";
      ctx.fillText(
        t("wallTargetLine", { value: target.text }),
        x + (ctx.textAlign === "right" ? -size * 0.3 : size * 0.3),
        top - size * 0.15,
      );
      ctx.restore();
    },
  };

  const barColor = (ctx: ScriptableContext<"bar">) => {
    const delta = deltaOf(ctx.dataIndex, ctx.datasetIndex);
    if (delta && delta.flashUntil > Date.now()) return colors.barFlash;
    return isBelow(ctx.raw, ctx.datasetIndex) ? colors.barBelow : colors.bar;
  };

  const chart: ChartType<"bar", (number | null)[], string> = new Chart(canvas, {
    type: "bar",
    data: {
      labels: [],
      datasets: opts.series.map((s) => ({
        data: [],
        backgroundColor: s.style === "solid" ? barColor : "transparent",
        borderColor: s.style === "solid" ? barColor : colors.bar,
        borderWidth: s.style === "solid" ? 0 : () => Math.max(2, remPx() * 0.12),
        borderRadius: 4,
        categoryPercentage: 0.78,
        barPercentage: opts.series.length > 1 ? 0.92 : 0.85,
      })),
    },
    plugins: [targetLine, labels],
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      // Nothing to hover or click on a wall: no listeners at all.
      events: [],
      // Long enough to see a bar move, short enough that a busy afternoon does not keep the canvas redrawing.
      animation: { duration: 700, easing: "easeOutCubic" },
      layout: {
        padding: () => ({
          right: remPx() * (opts.series.length > 1 ? 5.5 : 7.5),
          top: target ? remPx() * 1.1 : remPx() * 0.3,
        }),
      },
      scales: {
        x: {
          min: 0,
          ...(opts.max !== undefined ? { max: opts.max } : {}),
          ticks: {
            color: colors.textSoft,
            font: () => ({ size: remPx() * 0.6, family: FONT_FAMILY }),
            maxTicksLimit: 6,
            callback: (v) => opts.axisFormat(Number(v)),
          },
          grid: { color: colors.grid },
          border: { display: false },
        },
        y: {
          ticks: {
            color: colors.text,
            font: () => ({ size: remPx() * 0.72, family: FONT_FAMILY, weight: 600 }),
            autoSkip: false,
            callback: (_v, i) => shorten(rows[i]?.label ?? ""),
          },
          grid: { display: false },
          border: { display: false },
        },
      },
      plugins: { tooltip: { enabled: false }, legend: { display: false } },
    },
  });

  /** Redraws once the earliest highlight or delta runs out; one timer, replaced each time. */
  const scheduleRedraw = () => {
    window.clearTimeout(redrawTimer);
    const now = Date.now();
    let next = Infinity;
    for (const [key, d] of deltas) {
      if (d.until <= now) deltas.delete(key);
      else next = Math.min(next, d.flashUntil > now ? d.flashUntil : d.until);
    }
    if (next < Infinity)
      redrawTimer = window.setTimeout(
        () => {
          chart.update("none");
          scheduleRedraw();
        },
        next - now + 20,
      );
  };

  return {
    render(next, highlight) {
      const previous = new Map(rows.map((r) => [r.key, r.values]));
      const now = Date.now();
      if (highlight) {
        const moved: { key: string; v: number; was: number }[] = [];
        for (const row of next) {
          const old = previous.get(row.key);
          row.values.forEach((v, series) => {
            const was = old?.[series];
            if (v === null || was === null || was === undefined || opts.format(v) === opts.format(was)) return;
            moved.push({ key: `${row.key}:${series}`, v, was });
          });
        }
        // Like the figures (flash-queue.ts), at most MAX_AT_ONCE bars flash together: the largest moves.
        let slots = MAX_AT_ONCE - [...deltas.values()].filter((d) => d.flashUntil > now).length;
        moved.sort((a, b) => Math.abs(b.v - b.was) / Math.max(1, b.was) - Math.abs(a.v - a.was) / Math.max(1, a.was));
        for (const { key, v, was } of moved)
          deltas.set(key, {
            text: opts.formatDelta(v - was),
            up: v > was,
            until: now + DELTA_MS,
            flashUntil: slots-- > 0 ? now + FLASH_MS : 0,
          });
      }
      rows = next;
      const sameRows =
        chart.data.labels?.length === rows.length && rows.every((r, i) => chart.data.labels?.[i] === r.label);
      if (!sameRows) chart.data.labels = rows.map((r) => r.label);
      chart.data.datasets.forEach((dataset, series) => {
        // Same rows: write into the same array, so Chart.js animates each bar from where it was.
        if (sameRows)
          rows.forEach((r, i) => {
            dataset.data[i] = r.values[series] ?? null;
          });
        else dataset.data = rows.map((r) => r.values[series] ?? null);
      });
      canvas.setAttribute(
        "aria-label",
        rows
          .map((r) => `${r.label}: ${r.values.map((v) => (v === null ? "—" : opts.format(v))).join(" / ")}`)
          .join("; "),
      );
      chart.update();
      scheduleRedraw();
    },
  };
}
