// Which organisations are missing, by district: a heat table of district × union, Party, Youth,
// Women, Veterans. Each cell gives the share of enterprises that have the organisation and how
// many do not; its colour follows the share missing on a scale that tells 2 %, 8 % and 15 % apart
// (heat-scale.ts), with a legend, and the number is always printed, so the colour is never the only
// carrier of the meaning.
import { ORGANISATIONS, type Organisation } from "../../../../contract/codes.ts";
import type { District } from "../../../../contract/enterprise.ts";
import type { Figures } from "../../../../contract/stats.ts";
import { ORGANISATION_TEXT } from "../../dashboard/table-row.ts";
import { el } from "../../dom.ts";
import { formatCount, formatPercentAxis } from "../../format.ts";
import { t } from "../../i18n/index.ts";
import { createFigure, type Figure } from "../figure.ts";
import { cssColor, heatColor, inkOn, type HeatTheme } from "../heat-scale.ts";
import { organisationShare } from "../metrics.ts";
import { panelSection, type Panel } from "../panel.ts";
import { FORMATS } from "../tile.ts";
import { VERDICT_MARK, formatTarget, verdictOf, type Targets } from "../thresholds.ts";

/** Shares shown in the legend, each with its colour. */
const LEGEND = [0, 0.02, 0.05, 0.1, 0.2, 0.5, 1];

interface Cell {
  td: HTMLTableCellElement;
  share: Figure;
  missing: HTMLElement;
}

function legend(theme: HeatTheme): HTMLElement {
  return el("p", { class: "heat-legend" }, [
    el("span", { class: "heat-legend-label", text: t("wallHeatScale") }),
    ...LEGEND.map((share) => {
      const swatch = el("span", { class: "heat-swatch", text: formatPercentAxis(share) });
      const bg = heatColor(share, theme);
      swatch.style.backgroundColor = cssColor(bg);
      swatch.dataset.ink = inkOn(bg);
      return swatch;
    }),
  ]);
}

export function createHeatPanel(targets: Targets, theme: HeatTheme): Panel {
  const section = panelSection("heat");
  const tbody = el("tbody");
  const table = el("table", { class: "wall-table heat-table" }, [
    el("thead", {}, [
      el("tr", {}, [
        el("th", { text: t("colArea"), attrs: { scope: "col" } }),
        ...ORGANISATIONS.map((o) =>
          el("th", { class: "num", text: t(ORGANISATION_TEXT[o].full), attrs: { scope: "col" } }),
        ),
      ]),
    ]),
    tbody,
  ]);
  // The legend says how to read a cell; targets, when the address sets some, follow it.
  const targeted = ORGANISATIONS.filter((o) => targets[o] !== undefined);
  const foot = el("div", { class: "heat-foot" }, [legend(theme)]);
  if (targeted.length)
    foot.append(
      el("p", {
        class: "panel-note",
        text: `${VERDICT_MARK.below} ${t("wallBelowTargetOf", {
          target: targeted.map((o) => `${t(ORGANISATION_TEXT[o].short)} ${formatTarget(o, targets[o]!)}`).join(", "),
        })}`,
      }),
    );
  section.append(table, foot);

  let shownIds = "";
  let rows: { id: number | "total"; cells: Cell[] }[] = [];

  const cellsFor = () =>
    ORGANISATIONS.map((): Cell => {
      const share = createFigure(FORMATS.share);
      const missing = el("span", { class: "heat-missing" });
      return { td: el("td", { class: "heat-cell" }, [share.node, missing]), share, missing };
    });

  const build = (districts: readonly District[]) => {
    const total = { id: "total" as const, cells: cellsFor() };
    rows = [...districts.map((d) => ({ id: d.id, cells: cellsFor() })), total];
    tbody.replaceChildren(
      ...rows.map((row) =>
        el("tr", { class: row.id === "total" ? "total-row" : "", attrs: { "data-district": String(row.id) } }, [
          el("th", {
            text: row.id === "total" ? t("wallTotal") : (districts.find((d) => d.id === row.id)?.name ?? ""),
            attrs: { scope: "row" },
          }),
          ...row.cells.map((c) => c.td),
        ]),
      ),
    );
  };

  const fill = (cell: Cell, o: Organisation, f: Figures | undefined, highlight: boolean) => {
    const share = f ? organisationShare(f, o) : null;
    cell.share.set(share, highlight, verdictOf(share, targets[o]));
    cell.missing.textContent = f ? t("wallMissingCount", { count: formatCount(f.missing[o]) }) : "";
    // Set through the CSSOM, which the Content-Security-Policy allows (no inline style attribute).
    const bg = share === null ? null : heatColor(share, theme);
    cell.td.style.backgroundColor = bg ? cssColor(bg) : "";
    if (bg) cell.td.dataset.ink = inkOn(bg);
    else delete cell.td.dataset.ink;
  };

  return {
    key: "heat",
    title: t("wallPanelHeat"),
    section,
    render({ stats, districts }, highlight) {
      const ids = districts.map((d) => d.id).join(",");
      const rebuilt = ids !== shownIds;
      if (rebuilt) {
        build(districts);
        shownIds = ids;
      }
      const byId = new Map(stats.byDistrict.map((f) => [f.districtId, f]));
      for (const row of rows) {
        const f = row.id === "total" ? stats.totals : byId.get(row.id);
        row.cells.forEach((cell, i) => fill(cell, ORGANISATIONS[i]!, f, highlight && !rebuilt));
      }
    },
  };
}
