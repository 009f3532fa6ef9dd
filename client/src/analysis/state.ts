// Everything the analysis page shows, kept in the URL so a view can be bookmarked or sent to a
// colleague: the filters (same names as the API's), the bars picked on charts, the drill level,
// the table's sort and page, the trend's range and measure, the as-of day and the pause.
// Unknown or malformed values are dropped, never fatal: a hand-edited URL still opens.
import { ORGANISATIONS, OWNERSHIPS, SECTOR_CODES, SIZE_BAND_KEYS } from "../../../contract/codes.ts";
import { SORT_FIELDS, type FilterQuery } from "../../../contract/filter.ts";
import type { Language } from "../i18n/index.ts";
import type { UnitsView } from "../../../contract/units.ts";

/** The chart dimensions a click can pick a value on. */
export const DIMENSIONS = ["district", "sector", "ownership", "size"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const MEASURES = [
  "density",
  "unionMembers",
  "headcount",
  "enterprises",
  ...ORGANISATIONS.map((o) => `missing.${o}` as const),
] as const;
export type Measure = (typeof MEASURES)[number];

export type Level = "overview" | "list" | "enterprise";

export interface AnalysisState {
  district: number[];
  sector: string[];
  ownership: string[];
  nonState: boolean;
  size: string[];
  /** null: with or without a union. */
  union: boolean | null;
  missing: string[];
  q: string;
  /** Bars picked on the charts (cross-filter), one value per dimension. */
  pick: Partial<Record<Dimension, string>>;
  /** Drill-down: the district opened (null: the province), then the list, then one enterprise. */
  area: number | null;
  level: Level;
  enterprise: number | null;
  sort: string;
  page: number;
  from: string | null;
  to: string | null;
  measure: Measure;
  /** The trend of the whole province rather than of the selection. */
  trendProvince: boolean;
  asOf: string | null;
  /** Trends and as-of figures mapped onto today's units ("now", the default) or as they were ("then"). */
  units: UnitsView;
  paused: boolean;
}

export const DEFAULT_SORT = "priority";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const SORT = new RegExp(`^-?(${SORT_FIELDS.join("|")})$`);

const listOf = (q: URLSearchParams, key: string) =>
  (q.get(key) ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const known = <T extends string>(values: readonly T[], list: string[]) => [
  ...new Set(list.filter((v): v is T => values.includes(v as T))),
];
const positive = (s: string | null) => {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 && n <= 2_147_483_647 ? n : null;
};

export function readState(search: string): AnalysisState {
  const q = new URLSearchParams(search);
  const pick: AnalysisState["pick"] = {};
  for (const part of listOf(q, "pick")) {
    const [dim, value] = part.split(":");
    if (DIMENSIONS.includes(dim as Dimension) && value) pick[dim as Dimension] = value;
  }
  const level = q.get("level");
  const enterprise = positive(q.get("enterprise"));
  const union = q.get("union");
  const measure = q.get("measure");
  return {
    district: [
      ...new Set(
        listOf(q, "district")
          .map(positive)
          .filter((n): n is number => n !== null),
      ),
    ],
    sector: known(
      SECTOR_CODES,
      listOf(q, "sector").map((s) => s.toUpperCase()),
    ),
    ownership: known(OWNERSHIPS, listOf(q, "ownership")),
    nonState: q.get("nonState") === "true",
    size: known(SIZE_BAND_KEYS, listOf(q, "size")),
    union: union === "true" ? true : union === "false" ? false : null,
    missing: known(ORGANISATIONS, listOf(q, "missing")),
    q: (q.get("q") ?? "").trim().slice(0, 100),
    pick,
    area: positive(q.get("area")),
    level: enterprise !== null && level === "enterprise" ? "enterprise" : level === "list" ? "list" : "overview",
    enterprise: level === "enterprise" ? enterprise : null,
    sort: SORT.test(q.get("sort") ?? "") ? q.get("sort")! : DEFAULT_SORT,
    page: positive(q.get("page")) ?? 1,
    from: MONTH.test(q.get("from") ?? "") ? q.get("from") : null,
    to: MONTH.test(q.get("to") ?? "") ? q.get("to") : null,
    measure: MEASURES.includes(measure as Measure) ? (measure as Measure) : "density",
    trendProvince: q.get("trend") === "province",
    asOf: DAY.test(q.get("asOf") ?? "") ? q.get("asOf") : null,
    units: q.get("units") === "then" ? "then" : "now",
    paused: q.get("paused") === "true",
  };
}

/** The page's URL for a state; the language is kept when it is not the default. */
export function urlOf(s: AnalysisState, lang: Language, current: string = location.href): string {
  const url = new URL(current);
  const q = new URLSearchParams();
  const set = (k: string, v: string | null | undefined) => {
    if (v) q.set(k, v);
  };
  set("district", s.district.join(","));
  set("sector", s.sector.join(","));
  set("ownership", s.ownership.join(","));
  set("nonState", s.nonState ? "true" : null);
  set("size", s.size.join(","));
  set("union", s.union === null ? null : String(s.union));
  set("missing", s.missing.join(","));
  set("q", s.q);
  set(
    "pick",
    DIMENSIONS.filter((d) => s.pick[d] !== undefined)
      .map((d) => `${d}:${s.pick[d]}`)
      .join(","),
  );
  set("area", s.area === null ? null : String(s.area));
  set("level", s.level === "overview" ? null : s.level);
  set("enterprise", s.level === "enterprise" && s.enterprise !== null ? String(s.enterprise) : null);
  set("sort", s.sort === DEFAULT_SORT ? null : s.sort);
  set("page", s.page > 1 ? String(s.page) : null);
  set("from", s.from);
  set("to", s.to);
  set("measure", s.measure === "density" ? null : s.measure);
  set("trend", s.trendProvince ? "province" : null);
  set("asOf", s.asOf);
  set("units", s.units === "then" ? "then" : null);
  set("paused", s.paused ? "true" : null);
  set("lang", lang === "vi" && !url.searchParams.has("lang") ? null : lang);
  url.search = q.toString();
  return url.pathname + url.search + url.hash;
}

/**
 * The API filter for the state: the panel's filters, narrowed by the drilled district and the
 * picked bars. `except` leaves one dimension's pick out, so the chart of that dimension keeps
 * showing every bar (with the picked one marked) while every other chart narrows to it.
 */
export function filterOf(s: AnalysisState, except?: Dimension): FilterQuery {
  const pick = (d: Dimension) => (d === except ? undefined : s.pick[d]);
  const f: FilterQuery = {};
  const join = (list: readonly (string | number)[]) => (list.length ? list.join(",") : undefined);
  const district = pick("district") ?? (s.area !== null ? String(s.area) : join(s.district));
  if (district) f.district = district;
  const sector = pick("sector") ?? join(s.sector);
  if (sector) f.sector = sector;
  const ownership = pick("ownership") ?? join(s.ownership);
  if (ownership) f.ownership = ownership;
  if (s.nonState) f.nonState = "true";
  const size = pick("size") ?? join(s.size);
  if (size) f.size = size;
  if (s.union !== null) f.union = String(s.union) as "true" | "false";
  const missing = join(s.missing);
  if (missing) f.missing = missing;
  if (s.q) f.q = s.q;
  return f;
}

/** Picks that the panel's filters no longer allow are dropped (a bar that is not on screen). */
export function withValidPicks(s: AnalysisState): AnalysisState {
  const pick = { ...s.pick };
  const allowed: Record<Dimension, readonly string[]> = {
    district: s.area !== null ? [String(s.area)] : s.district.map(String),
    sector: s.sector,
    ownership: s.ownership,
    size: s.size,
  };
  for (const d of DIMENSIONS)
    if (pick[d] !== undefined && allowed[d].length && !allowed[d].includes(pick[d]!)) delete pick[d];
  return { ...s, pick };
}
