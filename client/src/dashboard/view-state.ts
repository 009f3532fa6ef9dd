// What the dashboard shows, kept in the URL so a view can be bookmarked or put on a screen:
// ?ownership=FDI&district=3&sector=C&page=2&lang=en. Absent means the default (non-state,
// all districts, all sectors, page 1, the remembered language); anything unknown is ignored.
import { OWNERSHIPS, SECTOR_CODES, type Ownership, type Sector } from "../../../contract/codes.ts";
import type { Language } from "../i18n/index.ts";
import type { LiveFilter } from "../live.ts";

export const OWNERSHIP_CHOICES = ["nonState", ...OWNERSHIPS, "all"] as const;
export type OwnershipChoice = "nonState" | "all" | Ownership;

export interface ViewState {
  ownership: OwnershipChoice;
  district: number | null;
  sector: Sector | null;
  page: number;
}

export function readViewState(search: string): ViewState {
  const q = new URLSearchParams(search);
  const ownership = q.get("ownership");
  const district = Number(q.get("district"));
  const sector = q.get("sector")?.toUpperCase();
  const page = Number(q.get("page"));
  return {
    ownership: OWNERSHIP_CHOICES.includes(ownership as OwnershipChoice) ? (ownership as OwnershipChoice) : "nonState",
    district: Number.isInteger(district) && district > 0 ? district : null,
    sector: SECTOR_CODES.includes(sector as Sector) ? (sector as Sector) : null,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The URL for a view, keeping any parameters this page does not own. */
export function urlOf(state: ViewState, lang: Language, current: string = location.href): string {
  const url = new URL(current);
  const q = url.searchParams;
  const set = (k: string, v: string | null) => (v === null ? q.delete(k) : q.set(k, v));
  set("ownership", state.ownership === "nonState" ? null : state.ownership);
  set("district", state.district === null ? null : String(state.district));
  set("sector", state.sector);
  set("page", state.page > 1 ? String(state.page) : null);
  // Vietnamese is the default, so it needs no parameter unless the URL already names a language.
  set("lang", lang === "vi" && !q.has("lang") ? null : lang);
  return url.pathname + url.search + url.hash;
}

/** The API's query-string filter for a view. */
export function filterOf(state: ViewState): LiveFilter {
  const filter: LiveFilter = {};
  if (state.ownership === "nonState") filter.nonState = "true";
  else if (state.ownership !== "all") filter.ownership = state.ownership;
  if (state.district !== null) filter.district = String(state.district);
  if (state.sector !== null) filter.sector = state.sector;
  return filter;
}
