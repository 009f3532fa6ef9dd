// The monthly trend of one measure (density, members, workers, enterprises, or those without an
// organisation) for the current selection, as a line. Created once, updated in place.
import { LineController, LineElement, PointElement } from "chart.js";
import type { Figures } from "../../../contract/stats.ts";
import type { TrendPoint } from "../../../contract/history.ts";
import { el } from "../dom.ts";
import { formatCount, formatPercent, formatPercentAxis } from "../format.ts";
import { locale, t } from "../i18n/index.ts";
import { COLORS, Chart, reducedMotion } from "../charts/setup.ts";
import { ORGANISATION_TEXT } from "../dashboard/table-row.ts";
import type { Organisation } from "../../../contract/codes.ts";
import type { Measure } from "./state.ts";
import { whiteBackground } from "../charts/white-background.ts";

Chart.register(LineController, LineElement, PointElement);

export function measureValue(f: Figures, m: Measure): number | null {
  if (m.startsWith("missing.")) return f.missing[m.slice("missing.".length) as Organisation];
  return f[m as "density" | "unionMembers" | "headcount" | "enterprises"];
}

export function measureLabel(m: Measure): string {
  if (m.startsWith("missing."))
    return t("measureMissing", { org: t(ORGANISATION_TEXT[m.slice("missing.".length) as Organisation].full) });
  const keys = {
    density: "measureDensity",
    unionMembers: "measureMembers",
    headcount: "measureHeadcount",
    enterprises: "measureEnterprises",
  } as const;
  return t(keys[m as keyof typeof keys]);
}

const formatValue = (m: Measure, v: number | null) =>
  m === "density" ? formatPercent(v) : v === null ? "—" : formatCount(v);

/** "2025-09" → "09/2025" (vi) or "Sep 2025" (en). */
export function formatMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale(), {
    month: locale() === "vi-VN" ? "2-digit" : "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, 15)));
}

export interface TrendChart {
  render(points: TrendPoint[], measure: Measure): void;
  relabel(): void;
  image(): string;
}

export function createTrendChart(box: HTMLElement): TrendChart {
  const canvas = el("canvas", { attrs: { role: "img" } });
  box.append(canvas);
  let points: TrendPoint[] = [];
  let measure: Measure = "density";

  const chart = new Chart<"line", (number | null)[], string>(canvas, {
    type: "line",
    data: {
      labels: [],
      datasets: [{ data: [], borderColor: COLORS.bar, backgroundColor: COLORS.bar, pointRadius: 3, tension: 0.2 }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion() ? false : { duration: 300 },
      scales: {
        y: {
          beginAtZero: true,
          ticks: { callback: (v) => (measure === "density" ? formatPercentAxis(Number(v)) : formatCount(Number(v))) },
          grid: { color: COLORS.grid },
        },
        x: { grid: { display: false } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) =>
              `${measureLabel(measure)}: ${formatValue(measure, points[item.dataIndex] ? measureValue(points[item.dataIndex]!.totals, measure) : null)}`,
          },
        },
      },
    },
    plugins: [whiteBackground],
  });

  const describe = () => {
    canvas.setAttribute(
      "aria-label",
      `${measureLabel(measure)}: ${points.map((p) => `${formatMonth(p.month)} ${formatValue(measure, measureValue(p.totals, measure))}`).join("; ")}`,
    );
    canvas.dataset.values = JSON.stringify(points.map((p) => [p.month, measureValue(p.totals, measure)]));
  };

  return {
    render(next, nextMeasure) {
      points = next;
      measure = nextMeasure;
      chart.data.labels = points.map((p) => formatMonth(p.month));
      chart.data.datasets[0]!.data = points.map((p) => measureValue(p.totals, measure));
      chart.options.scales!.y!.max = measure === "density" ? 1 : undefined;
      chart.update();
      describe();
    },
    relabel() {
      chart.data.labels = points.map((p) => formatMonth(p.month));
      chart.update("none");
      describe();
    },
    image: () => chart.toBase64Image("image/png", 1),
  };
}
