// The colour of a heat-map cell from the share of enterprises that have an organisation (the number
// printed in the cell). In non-state enterprises those shares are small (a Party organisation in 2 %
// of them here, 8 % or 15 % there) and the differences are what a survey team argues about, so the
// share is stretched logarithmically before it picks a colour on a ramp interpolated in CIELAB, where
// equal steps look equal: the fewer have it, the stronger the colour. Pure, so the distances between
// colours are tested without a browser.

export type Rgb = readonly [r: number, g: number, b: number];
export type Lab = readonly [l: number, a: number, b: number];
export type HeatTheme = "dark" | "light";

/** How hard small shares are stretched: log(1 + K·share) / log(1 + K). */
const STRETCH = 60;

/** From "none has it" (strongest) to "all have it" (calm, close to the card). */
const RAMPS: Record<HeatTheme, readonly string[]> = {
  dark: ["#8e0f4f", "#c2281f", "#a8560c", "#6b6a12", "#2d4a3e", "#1c2633"],
  light: ["#7a0f3c", "#d7301f", "#f59a3c", "#f7e08a", "#d9efd4", "#f1f4f6"],
};

const hexRgb = (hex: string): Rgb => {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

const toLinear = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const fromLinear = (c: number) => {
  const s = c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.round(Math.min(1, Math.max(0, s)) * 255);
};

/** D65 white point. */
const WHITE = [0.95047, 1, 1.08883] as const;
const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (t * 24389) / 27 / 116 + 16 / 116);
const fInv = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : ((116 * t - 16) * 27) / 24389);

export function rgbToLab([r, g, b]: Rgb): Lab {
  const [lr, lg, lb] = [toLinear(r), toLinear(g), toLinear(b)];
  const x = (0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / WHITE[0];
  const y = (0.2126 * lr + 0.7152 * lg + 0.0722 * lb) / WHITE[1];
  const z = (0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / WHITE[2];
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

export function labToRgb([l, a, b]: Lab): Rgb {
  const fy = (l + 16) / 116;
  const x = fInv(fy + a / 500) * WHITE[0];
  const y = fInv(fy) * WHITE[1];
  const z = fInv(fy - b / 200) * WHITE[2];
  return [
    fromLinear(3.2406 * x - 1.5372 * y - 0.4986 * z),
    fromLinear(-0.9689 * x + 1.8758 * y + 0.0415 * z),
    fromLinear(0.0557 * x - 0.204 * y + 1.057 * z),
  ];
}

/** CIE76 colour difference: about 2.3 is just noticeable; 10 and more is told apart at a glance. */
export const deltaE76 = (p: Lab, q: Lab): number => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);

const LAB_RAMPS: Record<HeatTheme, Lab[]> = {
  dark: RAMPS.dark.map((h) => rgbToLab(hexRgb(h))),
  light: RAMPS.light.map((h) => rgbToLab(hexRgb(h))),
};

/** Where a share (0–1) falls on the ramp (0–1): 2 % at about a fifth, 15 % past half way. */
export const heatPosition = (share: number): number => {
  const s = Math.min(1, Math.max(0, share));
  return Math.log1p(STRETCH * s) / Math.log1p(STRETCH);
};

/** share: of the enterprises, those that have the organisation. */
export function heatColor(share: number, theme: HeatTheme): Rgb {
  const ramp = LAB_RAMPS[theme];
  const at = heatPosition(share) * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(at));
  const t = at - i;
  const [p, q] = [ramp[i]!, ramp[i + 1]!];
  return labToRgb([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t, p[2] + (q[2] - p[2]) * t]);
}

const luminance = ([r, g, b]: Rgb) => 0.2126 * toLinear(r) + 0.7152 * toLinear(g) + 0.0722 * toLinear(b);
/** WCAG contrast ratio of two colours. */
export const contrast = (p: Rgb, q: Rgb): number => {
  const [a, b] = [luminance(p), luminance(q)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
};

const INK = { light: [255, 255, 255] as Rgb, dark: [22, 26, 31] as Rgb };
/** The text colour that reads better on this background: white or near-black. */
export const inkOn = (bg: Rgb): "light" | "dark" =>
  contrast(bg, INK.light) >= contrast(bg, INK.dark) ? "light" : "dark";

export const cssColor = ([r, g, b]: Rgb): string => `rgb(${r} ${g} ${b})`;
