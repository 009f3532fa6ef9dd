// A table with one row per district whose cells are live figures (they flash and say "+3" when
// they move). Rows are rebuilt only when the list of districts changes, never for new figures.
import type { District } from "../../../contract/enterprise.ts";
import type { Figures } from "../../../contract/stats.ts";
import { el } from "../dom.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import { createFigure, type Figure } from "./figure.ts";
import { FORMATS } from "./tile.ts";
import { verdictOf, type Verdict } from "./thresholds.ts";

export interface Column {
  header: MessageKey;
  kind: "count" | "share";
  value: (f: Figures) => number | null;
  /** The target this column's value is held to, if any. */
  target?: number;
}

export interface DistrictTable {
  readonly node: HTMLTableElement;
  render(figures: ReadonlyMap<number, Figures>, districts: readonly District[], highlight: boolean): void;
}

export function createDistrictTable(columns: Column[], className = "wall-table"): DistrictTable {
  const tbody = el("tbody");
  const node = el("table", { class: className }, [
    el("thead", {}, [
      el("tr", {}, [
        el("th", { text: t("colArea"), attrs: { scope: "col" } }),
        ...columns.map((c) => el("th", { class: "num", text: t(c.header), attrs: { scope: "col" } })),
      ]),
    ]),
    tbody,
  ]);
  let shownIds = "";
  let rows: { id: number; cells: Figure[] }[] = [];

  const build = (districts: readonly District[]) => {
    rows = districts.map((d) => ({ id: d.id, cells: columns.map((c) => createFigure(FORMATS[c.kind])) }));
    tbody.replaceChildren(
      ...districts.map((d, i) =>
        el("tr", { attrs: { "data-district": String(d.id) } }, [
          el("th", { text: d.name, attrs: { scope: "row" } }),
          ...rows[i]!.cells.map((c) => el("td", { class: "num" }, [c.node])),
        ]),
      ),
    );
  };

  return {
    node,
    render(figures, districts, highlight) {
      const ids = districts.map((d) => d.id).join(",");
      // New rows have nothing to compare with: no announcement on the render that builds them.
      const rebuilt = ids !== shownIds;
      if (rebuilt) {
        build(districts);
        shownIds = ids;
      }
      for (const row of rows) {
        const f = figures.get(row.id);
        columns.forEach((c, i) => {
          const value = f ? c.value(f) : null;
          const verdict: Verdict = c.target === undefined ? "none" : verdictOf(value, c.target);
          row.cells[i]!.set(value, highlight && !rebuilt, verdict);
        });
      }
    },
  };
}
