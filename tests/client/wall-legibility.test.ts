// What the wall shows that needs no browser to check: the heat scale tells 2 %, 8 % and 15 % apart
// at a glance and keeps its text readable on every colour; what "the previous period" is for each
// ?compare= choice, in Viet Nam's calendar; and which way a comparison counts as good news.
import { describe, expect, it } from "vitest";
import { baselineDay } from "../../client/src/wall/compare.ts";
import { toneOf } from "../../client/src/wall/comparison.ts";
import { readWallConfig } from "../../client/src/wall/config.ts";
import { contrast, deltaE76, heatColor, inkOn, rgbToLab } from "../../client/src/wall/heat-scale.ts";

/** ΔE76 of 10 or more is a difference seen at a glance, not only side by side (2.3 is just noticeable). */
const APART = 10;
const WHITE = [255, 255, 255] as const;
const NEAR_BLACK = [22, 26, 31] as const;

describe("the heat scale of missing organisations", () => {
  for (const theme of ["dark", "light"] as const) {
    it(`tells 2 %, 8 % and 15 % apart in the ${theme} theme (ΔE76 ≥ ${APART} between neighbours)`, () => {
      const [two, eight, fifteen] = [0.02, 0.08, 0.15].map((s) => rgbToLab(heatColor(s, theme)));
      expect(deltaE76(two!, eight!)).toBeGreaterThanOrEqual(APART);
      expect(deltaE76(eight!, fifteen!)).toBeGreaterThanOrEqual(APART);
      expect(deltaE76(two!, fifteen!)).toBeGreaterThanOrEqual(2 * APART);
    });

    it(`keeps every step of the legend apart and the cell text readable on every colour (${theme})`, () => {
      const legend = [0, 0.02, 0.05, 0.1, 0.2, 0.5, 1].map((s) => rgbToLab(heatColor(s, theme)));
      for (let i = 1; i < legend.length; i++)
        expect(deltaE76(legend[i - 1]!, legend[i]!)).toBeGreaterThanOrEqual(APART);
      for (let s = 0; s <= 1.0001; s += 0.01) {
        const bg = heatColor(s, theme);
        const ink = inkOn(bg) === "light" ? WHITE : NEAR_BLACK;
        // The share and "thiếu N" are printed on these colours, bold and at least 32 px on a 1080p TV:
        // WCAG AA for large text asks 3:1; a ramp from dark to light always passes where white and
        // black read alike (about 4.2:1), so 4:1 is what any such scale can promise.
        expect(contrast(bg, ink), `share ${s.toFixed(2)}`).toBeGreaterThanOrEqual(4);
      }
    });
  }

  it("is stronger the fewer enterprises have the organisation, and stays within the scale outside 0–100 %", () => {
    const lightness = (s: number) => rgbToLab(heatColor(s, "light"))[0];
    expect(lightness(0)).toBeLessThan(lightness(0.15));
    expect(lightness(0.15)).toBeLessThan(lightness(1));
    expect(heatColor(-0.5, "dark")).toEqual(heatColor(0, "dark"));
    expect(heatColor(1.5, "dark")).toEqual(heatColor(1, "dark"));
  });
});

describe("each figure beside the previous period (?compare=)", () => {
  it("reads compare from the address: 30d by default, month, year or none; anything else is the default", () => {
    expect(readWallConfig("").compare).toBe("30d");
    expect(readWallConfig("?compare=month").compare).toBe("month");
    expect(readWallConfig("?compare=YEAR").compare).toBe("year");
    expect(readWallConfig("?compare=none").compare).toBe("none");
    expect(readWallConfig("?compare=week").compare).toBe("30d");
  });

  it("compares with the end of the day 30 days ago, of last month or of last year, in Viet Nam's calendar", () => {
    // 18:00 UTC on 1 December is already 2 December in Viet Nam (UTC+7).
    const late = new Date("2026-12-01T18:00:00Z");
    expect(baselineDay("30d", late)).toBe("2026-11-02");
    expect(baselineDay("month", late)).toBe("2026-11-30");
    expect(baselineDay("year", late)).toBe("2025-12-31");
    expect(baselineDay("none", late)).toBeNull();
    const newYear = new Date("2026-12-31T17:30:00Z"); // 00:30 on 1 January 2027 in Viet Nam
    expect(baselineDay("month", newYear)).toBe("2026-12-31");
    expect(baselineDay("year", newYear)).toBe("2026-12-31");
    expect(baselineDay("30d", new Date("2026-03-01T03:00:00Z"))).toBe("2026-01-30");
  });

  it("colours a move by whether it is good news: more members is, more enterprises without a union is not", () => {
    expect(toneOf(120, "count", "up")).toBe("good");
    expect(toneOf(-3, "count", "up")).toBe("bad");
    expect(toneOf(2, "count", "down")).toBe("bad");
    expect(toneOf(-2, "count", "down")).toBe("good");
    expect(toneOf(0, "count", "up")).toBe("same");
    // A share that moved less than 0,05 point shows "0,0": not news either way.
    expect(toneOf(0.0004, "share", "up")).toBe("same");
    expect(toneOf(-0.006, "share", "up")).toBe("bad");
  });
});
