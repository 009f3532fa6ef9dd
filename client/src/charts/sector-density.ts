// Union density by VSIC section. Of the 21 sections only those with enterprises under the
// filter are drawn (most provinces have none in O, T or U), plus the one the filter picks.
import { SECTORS } from "../../../contract/codes.ts";
import type { Stats } from "../../../contract/stats.ts";
import { language } from "../i18n/index.ts";
import { createDensityBars, type DensityRow } from "./density-bars.ts";

export interface SectorDensityChart {
  render(stats: Stats, selected: string | null): void;
  relabel(): void;
}

export function createSectorDensityChart(figure: HTMLElement): SectorDensityChart {
  const bars = createDensityBars(figure, { title: "chartBySector", groupHeader: "colSector" });
  let last: { stats: Stats; selected: string | null } | null = null;

  const render = (stats: Stats, selected: string | null) => {
    last = { stats, selected };
    const bySector = new Map(stats.bySector.map((f) => [f.sector, f]));
    const lang = language();
    const rows: DensityRow[] = SECTORS.filter((s) => bySector.has(s.code) || s.code === selected).map((s) => {
      const f = bySector.get(s.code);
      const name = `${s.code} — ${s[lang]}`;
      return {
        label: name,
        name,
        density: f?.density ?? null,
        unionMembers: f?.unionMembers ?? 0,
        headcount: f?.headcount ?? 0,
        enterprises: f?.enterprises ?? 0,
      };
    });
    bars.render(rows);
  };

  return {
    render,
    // Sector names are in the language of the page, so the rows themselves change.
    relabel: () => (last ? render(last.stats, last.selected) : bars.relabel()),
  };
}
