// Initiatives registered by workers in enterprises: the total against its target, and by district.
import { el } from "../../dom.ts";
import { formatCount, formatSignedCount } from "../../format.ts";
import { t } from "../../i18n/index.ts";
import { createBars } from "../charts/bars.ts";
import { panelSection, type Panel } from "../panel.ts";
import { createTile } from "../tile.ts";
import type { Targets } from "../thresholds.ts";

export function createInitiativesPanel(targets: Targets): Panel {
  const section = panelSection("initiatives", "panel-split panel-chart");
  const tile = createTile(
    {
      key: "initiatives",
      label: "tileInitiatives",
      kind: "count",
      value: (f) => f.initiatives,
      note: (f) => t("wallInitiativesNote", { enterprises: formatCount(f.enterprises) }),
      target: { key: "initiatives" },
    },
    targets,
  );
  const box = el("div", { class: "chart-box" });
  section.append(
    el("div", { class: "split-main tiles-column" }, [tile.node]),
    el("div", { class: "split-side" }, [box]),
  );
  const bars = createBars(box, {
    series: [{ style: "solid" }],
    format: formatCount,
    formatDelta: formatSignedCount,
    axisFormat: formatCount,
  });

  return {
    key: "initiatives",
    title: t("wallPanelInitiatives"),
    section,
    render({ stats, districts, before }, highlight) {
      tile.render(stats.totals, highlight, before);
      const byId = new Map(stats.byDistrict.map((f) => [f.districtId, f]));
      bars.render(
        districts.map((d) => ({ key: String(d.id), label: d.name, values: [byId.get(d.id)?.initiatives ?? null] })),
        highlight,
      );
    },
  };
}
