// Party work in enterprises: people recommended to the Party and people admitted, by district,
// as pairs of bars (recommended outlined, admitted solid: they differ by shape, not only colour),
// with the totals and the admission rate against its target.
import { el } from "../../dom.ts";
import { formatCount, formatSignedCount } from "../../format.ts";
import { t } from "../../i18n/index.ts";
import { createBars } from "../charts/bars.ts";
import { panelSection, type Panel } from "../panel.ts";
import { createTile } from "../tile.ts";
import type { Targets } from "../thresholds.ts";

export function createPartyPanel(targets: Targets): Panel {
  const section = panelSection("party", "panel-split panel-chart");
  const tiles = [
    createTile(
      { key: "partyRecommended", label: "wallPartyRecommended", kind: "count", value: (f) => f.partyRecommended },
      targets,
    ),
    createTile(
      { key: "partyAdmitted", label: "wallPartyAdmitted", kind: "count", value: (f) => f.partyAdmitted },
      targets,
    ),
    createTile(
      {
        key: "partyAdmissionRate",
        label: "tilePartyRate",
        kind: "share",
        value: (f) => f.partyAdmissionRate,
        target: { key: "partyAdmission" },
      },
      targets,
    ),
  ];
  const box = el("div", { class: "chart-box" });
  const legend = el("ul", { class: "legend" }, [
    el("li", {}, [
      el("span", { class: "swatch swatch-outline", attrs: { "aria-hidden": "true" } }),
      el("span", { text: t("wallPartyRecommended") }),
    ]),
    el("li", {}, [
      el("span", { class: "swatch swatch-solid", attrs: { "aria-hidden": "true" } }),
      el("span", { text: t("wallPartyAdmitted") }),
    ]),
  ]);
  section.append(
    el(
      "div",
      { class: "split-main tiles-column" },
      tiles.map((x) => x.node),
    ),
    el("div", { class: "split-side" }, [legend, box]),
  );
  const bars = createBars(box, {
    series: [{ style: "outline" }, { style: "solid" }],
    format: formatCount,
    formatDelta: formatSignedCount,
    axisFormat: formatCount,
  });

  return {
    key: "party",
    title: t("wallPanelParty"),
    section,
    render({ stats, districts, before }, highlight) {
      for (const tile of tiles) tile.render(stats.totals, highlight, before);
      const byId = new Map(stats.byDistrict.map((f) => [f.districtId, f]));
      bars.render(
        districts.map((d) => {
          const f = byId.get(d.id);
          return { key: String(d.id), label: d.name, values: [f?.partyRecommended ?? null, f?.partyAdmitted ?? null] };
        }),
        highlight,
      );
    },
  };
}
