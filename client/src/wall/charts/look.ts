// What the wall's charts take from wall.css: colours of the theme in use and the size of the type,
// which follows the screen (1rem is 27 px at 1080p, 54 px at 2160p), so canvases match the text.

let rem: number | null = null;
// The size depends on the window only; reading it on every chart update would force style work.
window.addEventListener("resize", () => {
  rem = null;
});

/** The root font size in CSS pixels, read again after a resize, so a resized window re-scales. */
export function remPx(): number {
  if (rem === null) {
    const size = parseFloat(getComputedStyle(document.documentElement).fontSize);
    rem = Number.isFinite(size) && size > 0 ? size : 16;
  }
  return rem;
}

export interface ChartColors {
  text: string;
  textSoft: string;
  grid: string;
  bar: string;
  barBelow: string;
  barFlash: string;
  target: string;
  up: string;
  down: string;
  below: string;
  met: string;
}

const VARIABLES: Record<keyof ChartColors, string> = {
  text: "--ink",
  textSoft: "--ink-soft",
  grid: "--line",
  bar: "--bar",
  barBelow: "--bar-below",
  barFlash: "--flash",
  target: "--target",
  up: "--up",
  down: "--down",
  below: "--below",
  met: "--met",
};

/** The theme is fixed by the address, so the colours are read once per chart. */
export function chartColors(): ChartColors {
  const css = getComputedStyle(document.documentElement);
  const out = {} as ChartColors;
  for (const [key, variable] of Object.entries(VARIABLES) as [keyof ChartColors, string][])
    out[key] = css.getPropertyValue(variable).trim() || "#888888";
  return out;
}

export { FONT_FAMILY } from "../font.ts";
