// The active filters as chips, each removable on its own: the panel's filters and the bars
// picked on charts (marked as such). "Clear all" goes back to the whole province.
import { SECTORS } from "../../../contract/codes.ts";
import { byId, el } from "../dom.ts";
import { language, t } from "../i18n/index.ts";
import { ORGANISATION_TEXT } from "../dashboard/table-row.ts";
import type { Organisation, Ownership, SizeBand } from "../../../contract/codes.ts";
import { OWNERSHIP_TEXT, SIZE_TEXT } from "./filters-panel.ts";
import { DIMENSIONS, type AnalysisState, type Dimension } from "./state.ts";

interface Chip {
  key: string;
  label: string;
  remove: (s: AnalysisState) => AnalysisState;
}

export function valueLabel(dim: Dimension, value: string, districtName: (id: number) => string): string {
  if (dim === "district") return districtName(Number(value));
  if (dim === "sector") return `${value} — ${SECTORS.find((s) => s.code === value)?.[language()] ?? value}`;
  if (dim === "ownership") return t(OWNERSHIP_TEXT[value as Ownership] ?? "ownershipAll");
  return `${t("filterSize")}: ${t(SIZE_TEXT[value as SizeBand])}`;
}

function chipsOf(s: AnalysisState, districtName: (id: number) => string): Chip[] {
  const chips: Chip[] = [];
  const without = <T>(list: T[], v: T) => list.filter((x) => x !== v);
  for (const d of s.district)
    chips.push({
      key: `district:${d}`,
      label: districtName(d),
      remove: (x) => ({ ...x, district: without(x.district, d) }),
    });
  for (const c of s.sector)
    chips.push({
      key: `sector:${c}`,
      label: valueLabel("sector", c, districtName),
      remove: (x) => ({ ...x, sector: without(x.sector, c) }),
    });
  if (s.nonState)
    chips.push({ key: "nonState", label: t("ownershipNonState"), remove: (x) => ({ ...x, nonState: false }) });
  for (const o of s.ownership)
    chips.push({
      key: `ownership:${o}`,
      label: valueLabel("ownership", o, districtName),
      remove: (x) => ({ ...x, ownership: without(x.ownership, o) }),
    });
  for (const z of s.size)
    chips.push({
      key: `size:${z}`,
      label: valueLabel("size", z, districtName),
      remove: (x) => ({ ...x, size: without(x.size, z) }),
    });
  if (s.union !== null)
    chips.push({ key: "union", label: t(s.union ? "unionYes" : "unionNo"), remove: (x) => ({ ...x, union: null }) });
  for (const m of s.missing)
    chips.push({
      key: `missing:${m}`,
      label: t("missingChip", { org: t(ORGANISATION_TEXT[m as Organisation].full) }),
      remove: (x) => ({ ...x, missing: without(x.missing, m) }),
    });
  if (s.q) chips.push({ key: "q", label: `“${s.q}”`, remove: (x) => ({ ...x, q: "" }) });
  for (const d of DIMENSIONS) {
    const v = s.pick[d];
    if (v === undefined) continue;
    chips.push({
      key: `pick:${d}:${v}`,
      label: t("chipPicked", { label: valueLabel(d, v, districtName) }),
      remove: (x) => {
        const pick = { ...x.pick };
        delete pick[d];
        return { ...x, pick };
      },
    });
  }
  return chips;
}

export function renderChips(
  s: AnalysisState,
  districtName: (id: number) => string,
  onChange: (next: AnalysisState) => void,
): void {
  const list = byId("chips");
  const chips = chipsOf(s, districtName);
  if (chips.length === 0) {
    list.replaceChildren(el("li", { class: "chip-none", text: t("chipsNone") }));
    return;
  }
  const clear = el("button", { class: "chips-clear", text: t("chipsClear"), attrs: { type: "button" } });
  clear.addEventListener("click", () =>
    onChange({
      ...s,
      district: [],
      sector: [],
      ownership: [],
      nonState: false,
      size: [],
      union: null,
      missing: [],
      q: "",
      pick: {},
      page: 1,
    }),
  );
  list.replaceChildren(
    ...chips.map((c) => {
      const remove = el("button", {
        class: "chip-remove",
        text: "×",
        attrs: {
          type: "button",
          "aria-label": t("chipRemove", { label: c.label }),
          title: t("chipRemove", { label: c.label }),
        },
      });
      remove.addEventListener("click", () => onChange({ ...c.remove(s), page: 1 }));
      return el(
        "li",
        { class: c.key.startsWith("pick:") ? "chip chip-picked" : "chip", attrs: { "data-chip": c.key } },
        [el("span", { text: c.label }), remove],
      );
    }),
    el("li", {}, [clear]),
  );
}
