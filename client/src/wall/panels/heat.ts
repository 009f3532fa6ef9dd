// Which organisations are missing, by district: a heat table of district × union, Party, Youth,
// Women, Veterans. Each cell gives the share of enterprises that have the organisation and how
// many do not; its shade deepens with the share missing, and the number is always printed, so
// the shade is never the only carrier of the meaning.
import { ORGANISATIONS, type Organisation } from "../../../../contract/codes.ts";
import type { District } from "../../../../contract/enterprise.ts";
import type { Figures } from "../../../../contract/stats.ts";
import { ORGANISATION_TEXT } from "../../dashboard/table-row.ts";
import { el } from "../../dom.ts";
import { formatCount } from "../../format.ts";
import { t } from "../../i18n/index.ts";
import { createFigure, type Figure } from "../figure.ts";
import { organisationShare } from "../metrics.ts";
import { panelSection, type Panel } from "../panel.ts";
import { FORMATS } from "../tile.ts";
import { VERDICT_MARK, formatTarget, verdictOf, type Targets } from "../thresholds.ts";

/** Shades of the heat scale, by share missing: 0–20 %, 20–40 %, … */
const LEVELS = 5;

interface Cell {
  td: HTMLTableCellElement;
  share: Figure;
  missing: HTMLElement;
}

export function createHeatPanel(targets: Targets): Panel {
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
  const targeted = ORGANISATIONS.filter((o) => targets[o] !== undefined);
  const note =
    t("wallHeatNote") +
    (targeted.length
      ? ` · ${VERDICT_MARK.below} ${targeted.map((o) => `${t(ORGANISATION_TEXT[o].short)} ${formatTarget(o, targets[o]!)}`).join(", ")}`
      : "");
  section.append(table, el("p", { class: "panel-note", text: note }));

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
    cell.td.dataset.heat = share === null ? "none" : String(Math.min(LEVELS - 1, Math.floor((1 - share) * LEVELS)));
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
