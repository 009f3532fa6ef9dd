// The three filters above the dashboard: ownership (non-state by default), district and sector.
// The selects are in index.html with their labels; their options are filled here.
import { SECTORS, type Sector } from "../../../contract/codes.ts";
import type { District } from "../../../contract/enterprise.ts";
import { byId, el } from "../dom.ts";
import { language, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import { OWNERSHIP_CHOICES, type OwnershipChoice, type ViewState } from "./view-state.ts";

export type FilterChoice = Pick<ViewState, "ownership" | "district" | "sector">;

const OWNERSHIP_LABEL: Record<OwnershipChoice, MessageKey> = {
  nonState: "ownershipNonState",
  STATE: "ownershipSTATE",
  DOMESTIC: "ownershipDOMESTIC",
  FDI: "ownershipFDI",
  COOPERATIVE: "ownershipCOOPERATIVE",
  all: "ownershipAll",
};
/** The value of the "all" option of the district and sector selects. */
const ANY = "";

export interface Filters {
  show(state: FilterChoice): void;
  setDistricts(districts: District[]): void;
  relabel(): void;
}

export function createFilters(onChange: (choice: FilterChoice) => void): Filters {
  const ownership = byId<HTMLSelectElement>("filter-ownership");
  const district = byId<HTMLSelectElement>("filter-district");
  const sector = byId<HTMLSelectElement>("filter-sector");
  let districts: District[] = [];
  let shown: FilterChoice = { ownership: "nonState", district: null, sector: null };

  const fill = () => {
    ownership.replaceChildren(
      ...OWNERSHIP_CHOICES.map((o) => el("option", { text: t(OWNERSHIP_LABEL[o]), attrs: { value: o } })),
    );
    district.replaceChildren(
      el("option", { text: t("allAreas"), attrs: { value: ANY } }),
      ...districts.map((d) => el("option", { text: d.name, attrs: { value: String(d.id) } })),
    );
    const lang = language();
    sector.replaceChildren(
      el("option", { text: t("allSectors"), attrs: { value: ANY } }),
      ...SECTORS.map((s) => el("option", { text: `${s.code} — ${s[lang]}`, attrs: { value: s.code } })),
    );
    show(shown);
  };

  const show = (state: FilterChoice) => {
    shown = state;
    ownership.value = state.ownership;
    district.value = state.district === null ? ANY : String(state.district);
    sector.value = state.sector ?? ANY;
  };

  const read = (): FilterChoice => ({
    ownership: ownership.value as OwnershipChoice,
    district: district.value === ANY ? null : Number(district.value),
    sector: sector.value === ANY ? null : (sector.value as Sector),
  });

  for (const select of [ownership, district, sector]) {
    select.addEventListener("change", () => {
      shown = read();
      onChange(shown);
    });
  }

  fill();
  return {
    show,
    setDistricts(list) {
      districts = list;
      fill();
    },
    relabel: fill,
  };
}
