// The rule that marks a unit as gone quiet, and the province total, as a leader would read them.
import { describe, expect, it } from "vitest";
import { completenessOf, isQuiet, totalOf } from "../../server/domain/completeness.ts";

const now = new Date("2026-11-30T05:00:00.000Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe("a unit gone quiet", () => {
  it("is one where nothing was entered in the last 30 days, or never", () => {
    expect(isQuiet({ enterprises: 40, updated30: 0, updated90: 12, lastUpdate: daysAgo(31) }, now)).toBe(true);
    expect(isQuiet({ enterprises: 40, updated30: 0, updated90: 0, lastUpdate: null }, now)).toBe(true);
  });

  it("is one where fewer than one enterprise in ten was updated in 30 days", () => {
    expect(isQuiet({ enterprises: 40, updated30: 3, updated90: 3, lastUpdate: daysAgo(1) }, now)).toBe(true);
    expect(isQuiet({ enterprises: 40, updated30: 4, updated90: 4, lastUpdate: daysAgo(1) }, now)).toBe(false);
    expect(isQuiet({ enterprises: 5, updated30: 1, updated90: 1, lastUpdate: daysAgo(29) }, now)).toBe(false);
  });

  it("is never a unit without enterprises: it has nothing to report", () => {
    expect(isQuiet({ enterprises: 0, updated30: 0, updated90: 0, lastUpdate: null }, now)).toBe(false);
  });
});

describe("the figures of a unit and the province", () => {
  it("gives shares of the unit's enterprises, none without enterprises", () => {
    expect(completenessOf({ enterprises: 8, updated30: 2, updated90: 6, lastUpdate: daysAgo(3) }, now)).toEqual({
      enterprises: 8,
      updated30: 2,
      updated90: 6,
      share30: 0.25,
      share90: 0.75,
      lastUpdate: daysAgo(3).toISOString(),
      quiet: false,
    });
    expect(completenessOf({ enterprises: 0, updated30: 0, updated90: 0, lastUpdate: null }, now)).toMatchObject({
      share30: null,
      share90: null,
      quiet: false,
    });
  });

  it("adds the units up, the latest update of any", () => {
    expect(
      totalOf([
        { enterprises: 10, updated30: 1, updated90: 2, lastUpdate: daysAgo(40) },
        { enterprises: 5, updated30: 5, updated90: 5, lastUpdate: daysAgo(2) },
        { enterprises: 0, updated30: 0, updated90: 0, lastUpdate: null },
      ]),
    ).toEqual({ enterprises: 15, updated30: 6, updated90: 7, lastUpdate: daysAgo(2) });
  });
});
