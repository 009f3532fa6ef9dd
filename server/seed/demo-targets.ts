// The demo province's targets for the current year (issue 12 item 4), derived from its own figures so
// they are within reach: each unit's and the province's, for the five measures. Reproducible.
import type { TargetMeasure } from "../../contract/targets.ts";

interface UnitFigures {
  districtId: number;
  enterprises: number;
  headcount: number;
  unionMembers: number;
  over25NoUnion: number;
}

export interface DemoTarget {
  districtId: number | null;
  measure: TargetMeasure;
  value: number;
}

const roundTo = (n: number, step: number) => Math.max(step, Math.round(n / step) * step);

/** A year's targets: new members ≈ 6 % of today's, a fifth of the large enterprises without a union to
 *  get one, density five points above today's (a whole percent), 1 % recommended, an initiative per 3 enterprises. */
export function demoTargets(units: readonly UnitFigures[]): DemoTarget[] {
  const out: DemoTarget[] = [];
  const forScope = (districtId: number | null, f: Omit<UnitFigures, "districtId">) => {
    const density = f.headcount ? (100 * f.unionMembers) / f.headcount : 0;
    out.push(
      { districtId, measure: "newMembers", value: roundTo(f.unionMembers * 0.06, 10) },
      { districtId, measure: "unionsFounded", value: Math.max(1, Math.round(f.over25NoUnion / 5)) },
      { districtId, measure: "density", value: Math.min(100, Math.round(density) + 5) },
      { districtId, measure: "partyRecommended", value: roundTo(f.unionMembers * 0.01, 5) },
      { districtId, measure: "initiatives", value: roundTo(f.enterprises / 3, 5) },
    );
  };
  const total = { enterprises: 0, headcount: 0, unionMembers: 0, over25NoUnion: 0 };
  for (const u of units) {
    forScope(u.districtId, u);
    total.enterprises += u.enterprises;
    total.headcount += u.headcount;
    total.unionMembers += u.unionMembers;
    total.over25NoUnion += u.over25NoUnion;
  }
  forScope(null, total);
  return out;
}
