// The filter panel: sector, ownership (non-state in one click, or each type), district, size band,
// union present or not, organisations missing, and text search. Filters combine (AND across
// kinds, OR within one kind). Controls are built here; the page owns the state.
import { ORGANISATIONS, OWNERSHIPS, SECTORS, SIZE_BAND_KEYS, type SizeBand } from "../../../contract/codes.ts";
import type { District } from "../../../contract/enterprise.ts";
import { byId, el } from "../dom.ts";
import { language, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import { ORGANISATION_TEXT } from "../dashboard/table-row.ts";
import type { AnalysisState } from "./state.ts";

export type PanelChoice = Pick<
  AnalysisState,
  "district" | "sector" | "ownership" | "nonState" | "size" | "union" | "missing" | "q"
>;

export const SIZE_TEXT: Record<SizeBand, MessageKey> = {
  lt25: "sizeLt25",
  "25-99": "size25to99",
  "100-499": "size100to499",
  "500-999": "size500to999",
  gte1000: "sizeGte1000",
};
export const OWNERSHIP_TEXT = {
  STATE: "ownershipSTATE",
  DOMESTIC: "ownershipDOMESTIC",
  FDI: "ownershipFDI",
  COOPERATIVE: "ownershipCOOPERATIVE",
} as const satisfies Record<(typeof OWNERSHIPS)[number], MessageKey>;

/** "C — Công nghiệp chế biến, chế tạo · Manufacturing": the code and both names, active language first. */
export function sectorLabel(code: string): string {
  const s = SECTORS.find((x) => x.code === code);
  if (!s) return code;
  return language() === "vi" ? `${s.code} — ${s.vi} · ${s.en}` : `${s.code} — ${s.en} · ${s.vi}`;
}

export interface FiltersPanel {
  show(choice: PanelChoice): void;
  setDistricts(districts: readonly District[]): void;
  relabel(): void;
}

function checkGroup(name: string, legend: string, options: { value: string; label: string }[]): HTMLFieldSetElement {
  return el("fieldset", { class: "check-group", attrs: { "data-filter": name } }, [
    el("legend", { text: legend }),
    ...options.map((o) =>
      el("label", { class: "check" }, [
        el("input", { attrs: { type: "checkbox", name, value: o.value } }),
        document.createTextNode(o.label),
      ]),
    ),
  ]);
}

export function createFiltersPanel(onChange: (choice: PanelChoice) => void): FiltersPanel {
  const form = byId<HTMLFormElement>("analysis-filters");
  let districts: readonly District[] = [];
  let shown: PanelChoice = {
    district: [],
    sector: [],
    ownership: [],
    nonState: false,
    size: [],
    union: null,
    missing: [],
    q: "",
  };

  const fill = () => {
    const sector = el(
      "select",
      { attrs: { id: "filter-sector", name: "sector", multiple: "", size: "6" } },
      SECTORS.map((s) => el("option", { text: sectorLabel(s.code), attrs: { value: s.code } })),
    );
    const district = el(
      "select",
      { attrs: { id: "filter-district", name: "district", multiple: "", size: "6" } },
      districts.map((d) => el("option", { text: d.name, attrs: { value: String(d.id) } })),
    );
    const union = el("select", { attrs: { id: "filter-union", name: "union" } }, [
      el("option", { text: t("unionAny"), attrs: { value: "" } }),
      el("option", { text: t("unionYes"), attrs: { value: "true" } }),
      el("option", { text: t("unionNo"), attrs: { value: "false" } }),
    ]);
    const q = el("input", {
      attrs: { id: "filter-q", name: "q", type: "search", maxlength: "100", autocomplete: "off" },
    });
    form.replaceChildren(
      el("div", { class: "field field-wide" }, [
        el("label", { text: t("filterSector"), attrs: { for: "filter-sector" } }),
        sector,
      ]),
      checkGroup("ownership", t("filterOwnership"), [
        { value: "nonState", label: t("ownershipNonState") },
        ...OWNERSHIPS.map((o) => ({ value: o, label: t(OWNERSHIP_TEXT[o]) })),
      ]),
      el("div", { class: "field" }, [
        el("label", { text: t("filterArea"), attrs: { for: "filter-district" } }),
        district,
      ]),
      checkGroup(
        "size",
        t("filterSize"),
        SIZE_BAND_KEYS.map((k) => ({ value: k, label: t(SIZE_TEXT[k]) })),
      ),
      el("div", { class: "field" }, [el("label", { text: t("filterUnion"), attrs: { for: "filter-union" } }), union]),
      checkGroup(
        "missing",
        t("filterMissing"),
        ORGANISATIONS.map((o) => ({ value: o, label: t(ORGANISATION_TEXT[o].full) })),
      ),
      el("div", { class: "field" }, [el("label", { text: t("filterSearch"), attrs: { for: "filter-q" } }), q]),
    );
    show(shown);
  };

  const checks = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[type=checkbox][name=${name}]`)];
  const select = (name: string) => form.querySelector<HTMLSelectElement>(`select[name=${name}]`)!;

  const show = (c: PanelChoice) => {
    shown = c;
    for (const o of select("sector").options) o.selected = c.sector.includes(o.value);
    for (const o of select("district").options) o.selected = c.district.includes(Number(o.value));
    for (const box of checks("ownership"))
      box.checked = box.value === "nonState" ? c.nonState : c.ownership.includes(box.value);
    for (const box of checks("size")) box.checked = c.size.includes(box.value);
    for (const box of checks("missing")) box.checked = c.missing.includes(box.value);
    select("union").value = c.union === null ? "" : String(c.union);
    const q = form.querySelector<HTMLInputElement>("input[name=q]")!;
    if (document.activeElement !== q) q.value = c.q;
  };

  const read = (): PanelChoice => {
    const checked = (name: string) =>
      checks(name)
        .filter((b) => b.checked)
        .map((b) => b.value);
    const union = select("union").value;
    return {
      sector: [...select("sector").selectedOptions].map((o) => o.value),
      district: [...select("district").selectedOptions].map((o) => Number(o.value)),
      ownership: checked("ownership").filter((v) => v !== "nonState"),
      nonState: checked("ownership").includes("nonState"),
      size: checked("size"),
      union: union === "" ? null : union === "true",
      missing: checked("missing"),
      q: form.querySelector<HTMLInputElement>("input[name=q]")!.value.trim(),
    };
  };

  // Text search waits for Enter or leaving the box; everything else applies at once.
  form.addEventListener("change", () => {
    shown = read();
    onChange(shown);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    shown = read();
    onChange(shown);
  });

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
