// A wall's targets from the data: the year's union density target of its scope replaces the default
// (in percent from the API, a ratio on the wall); without one the defaults stay as they were.
import { describe, expect, it } from "vitest";
import type { TargetsProgress } from "../../contract/targets.ts";
import { targetsOfData } from "../../client/src/wall/data-targets.ts";
import { DEFAULT_TARGETS } from "../../client/src/wall/thresholds.ts";

const progress = (density: number | null): TargetsProgress => ({
  year: 2026,
  from: "2026-01-01",
  to: "2026-11-30",
  districtId: null,
  items: [
    { measure: "density", target: density, achieved: 55, progress: density === null ? null : 55 / density },
    { measure: "initiatives", target: 300, achieved: 120, progress: 0.4 },
  ],
});

describe("a wall's targets from the data", () => {
  it("takes the density target as a ratio and keeps the federation's default", () => {
    expect(targetsOfData(DEFAULT_TARGETS, progress(65))).toEqual({ over25Union: 1, density: 0.65 });
  });
  it("keeps the defaults when the year has no density target or the data could not be read", () => {
    expect(targetsOfData(DEFAULT_TARGETS, progress(null))).toEqual(DEFAULT_TARGETS);
    expect(targetsOfData(DEFAULT_TARGETS, null)).toEqual(DEFAULT_TARGETS);
  });
});
