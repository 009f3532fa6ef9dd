// Chart.js with only what our charts draw (bars on a category and a linear scale, tooltips), so
// the bundle carries nothing else; and defaults that match styles.css.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

Chart.defaults.font.family = 'system-ui, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif';
Chart.defaults.font.size = 13;
Chart.defaults.color = "#2b3038";

/** People who asked the system for less motion get charts that jump straight to new values. */
export const reducedMotion = (): boolean => window.matchMedia("(prefers-reduced-motion: reduce)").matches;

export const COLORS = {
  bar: "#1f5fa6",
  barLabel: "#1b1f24",
  grid: "#d9dee5",
} as const;

export { Chart };
