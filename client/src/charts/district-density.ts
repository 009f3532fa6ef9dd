// Union density by district. Every district is listed, also those with no enterprise under the
// filter (the stats leave them out): an empty row says "nothing here", a missing row hides it.
import type { District } from "../../../contract/enterprise.ts";
import type { Stats } from "../../../contract/stats.ts";
import { createDensityBars, type DensityRow } from "./density-bars.ts";

export interface DistrictDensityChart {
  render(stats: Stats, districts: readonly District[]): void;
  relabel(): void;
}

export function createDistrictDensityChart(figure: HTMLElement): DistrictDensityChart {
  const bars = createDensityBars(figure, { title: "chartByArea", groupHeader: "colArea" });
  return {
    render(stats, districts) {
      const byId = new Map(stats.byDistrict.map((f) => [f.districtId, f]));
      const rows: DensityRow[] = districts.map((d) => {
        const f = byId.get(d.id);
        return {
          label: d.name,
          name: d.name,
          density: f?.density ?? null,
          unionMembers: f?.unionMembers ?? 0,
          headcount: f?.headcount ?? 0,
          enterprises: f?.enterprises ?? 0,
        };
      });
      bars.render(rows);
    },
    relabel: bars.relabel,
  };
}
