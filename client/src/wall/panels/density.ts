// Union density by district and by VSIC section, as bars that move to their new length when the
// figures change; the density target (?targets=density:60) is drawn as a line.
import { SECTORS } from "../../../../contract/codes.ts";
import { el } from "../../dom.ts";
import { formatPercent, formatPercentAxis, formatSignedPercent } from "../../format.ts";
import { language, t } from "../../i18n/index.ts";
import { createBars, type BarRow, type Bars } from "../charts/bars.ts";
import type { PanelKey } from "../config.ts";
import { panelSection, type Panel, type WallData } from "../panel.ts";
import { VERDICT_MARK, formatTarget, type Targets } from "../thresholds.ts";

function densityBars(box: HTMLElement, targets: Targets): Bars {
  const target = targets.density;
  return createBars(box, {
    series: [{ style: "solid" }],
    format: formatPercent,
    formatDelta: formatSignedPercent,
    axisFormat: formatPercentAxis,
    max: 1,
    ...(target !== undefined ? { target: { value: target, text: formatTarget("density", target) } } : {}),
  });
}

/** The line under a chart that says what the marks mean: nothing is left to a hover. */
export function chartNote(targets: Targets, key: "density"): HTMLElement {
  const target = targets[key];
  return el("p", {
    class: "panel-note",
    text:
      target === undefined
        ? t("wallDensityNote")
        : `${t("wallDensityNote")} · ${VERDICT_MARK.below} ${t("wallBelowTargetOf", { target: formatTarget(key, target) })}`,
  });
}

function densityPanel(key: PanelKey, title: string, targets: Targets, rowsOf: (data: WallData) => BarRow[]): Panel {
  const section = panelSection(key, "panel-chart");
  const box = el("div", { class: "chart-box" });
  section.append(box, chartNote(targets, "density"));
  const bars = densityBars(box, targets);
  return { key, title, section, render: (data, highlight) => bars.render(rowsOf(data), highlight) };
}

export function createDistrictDensityPanel(targets: Targets): Panel {
  return densityPanel("district", t("chartByArea"), targets, ({ stats, districts }) => {
    const byId = new Map(stats.byDistrict.map((f) => [f.districtId, f]));
    return districts.map((d) => ({ key: String(d.id), label: d.name, values: [byId.get(d.id)?.density ?? null] }));
  });
}

export function createSectorDensityPanel(targets: Targets): Panel {
  return densityPanel("sector", t("chartBySector"), targets, ({ stats }) => {
    // Only the sections with enterprises under the filter: most provinces have none in O, T or U.
    const bySector = new Map(stats.bySector.map((f) => [f.sector, f]));
    const lang = language();
    return SECTORS.filter((s) => bySector.has(s.code)).map((s) => ({
      key: s.code,
      label: `${s.code} · ${s[lang]}`,
      values: [bySector.get(s.code)?.density ?? null],
    }));
  });
}
