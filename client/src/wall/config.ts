// A wall display is configured by its address alone (like Grafana's kiosk mode), so a TV is set up
// by typing one URL: /wall?panels=headline,heat&rotate=20&pin=heat&theme=light&lang=en&district=3
// &ownership=FDI&targets=over25Union:100,density:60&compare=month&token=… Anything unknown or
// malformed falls back to the default, so a typo still gives a working screen. See docs/wall.md.
import { OWNERSHIP_CHOICES, filterOf, type OwnershipChoice } from "../dashboard/view-state.ts";
import { LANGUAGES, type Language } from "../i18n/index.ts";
import type { LiveFilter } from "../live.ts";
import { parseTargets, type Targets } from "./thresholds.ts";

export const PANELS = ["headline", "district", "sector", "no-union", "heat", "party", "initiatives", "ticker"] as const;
export type PanelKey = (typeof PANELS)[number];
export const THEMES = ["dark", "light"] as const;
export type Theme = (typeof THEMES)[number];

/** What every figure is set beside: 30 days earlier, the end of last month or of last year, or nothing. */
export const COMPARES = ["30d", "month", "year", "none"] as const;
export type Compare = (typeof COMPARES)[number];

export const ROTATE_DEFAULT_S = 15;
/** Shorter than this and nobody can read a panel before it goes. */
export const ROTATE_MIN_S = 3;
export const ROTATE_MAX_S = 3600;

export interface WallConfig {
  /** In rotation order; never empty. */
  panels: PanelKey[];
  /** Shown alone, without rotating. */
  pin: PanelKey | null;
  rotateSeconds: number;
  theme: Theme;
  lang: Language;
  district: number | null;
  ownership: OwnershipChoice;
  targets: Targets;
  /** ?targets= was given: the address's targets win over the data's (GET /api/targets/progress). */
  targetsFromAddress: boolean;
  compare: Compare;
  /** The read-only display token (accounts), passed on to the API and the live feed. */
  token: string | null;
}

const isPanel = (s: string): s is PanelKey => (PANELS as readonly string[]).includes(s);
const oneOf = <T extends string>(values: readonly T[], s: string | null, fallback: T): T =>
  values.includes(s as T) ? (s as T) : fallback;

export function readWallConfig(search: string): WallConfig {
  const q = new URLSearchParams(search);
  const district = Number(q.get("district"));
  const focused = Number.isInteger(district) && district > 0 ? district : null;
  const listed = [
    ...new Set(
      (q.get("panels") ?? "")
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(isPanel),
    ),
  ];
  // Under a district focus, density by district would be a single bar: leave it out unless asked for.
  const panels = listed.length ? listed : PANELS.filter((p) => focused === null || p !== "district");
  const pinned = q.get("pin")?.trim().toLowerCase() ?? "";
  const rotate = Number(q.get("rotate"));
  const token = q.get("token")?.trim();
  return {
    panels,
    pin: isPanel(pinned) ? pinned : null,
    rotateSeconds:
      Number.isFinite(rotate) && rotate > 0 ? Math.min(ROTATE_MAX_S, Math.max(ROTATE_MIN_S, rotate)) : ROTATE_DEFAULT_S,
    theme: oneOf(THEMES, q.get("theme"), "dark"),
    // The address decides, not what this browser last chose on the dashboard.
    lang: oneOf(LANGUAGES, q.get("lang"), "vi"),
    district: focused,
    ownership: oneOf(OWNERSHIP_CHOICES, q.get("ownership"), "nonState"),
    targets: parseTargets(q.get("targets")),
    targetsFromAddress: q.has("targets"),
    compare: oneOf(COMPARES, q.get("compare")?.trim().toLowerCase() ?? null, "30d"),
    token: token ? token : null,
  };
}

/** The live filter of a display: the same query-string form as the dashboard's. */
export const wallFilter = (c: WallConfig): LiveFilter =>
  filterOf({ ownership: c.ownership, district: c.district, sector: null, page: 1 });

/** The panels that take turns on screen. */
export const rotationOf = (c: WallConfig): PanelKey[] => (c.pin ? [c.pin] : c.panels);
