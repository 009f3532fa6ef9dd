// The year's targets as a table to edit: a row for the whole province and one per active unit, a
// column per measure, each cell an input holding the target as people write it (1.200; 62,5). What
// changed since the last load is what save() sends: a number sets, an emptied cell removes.
import type { District } from "../../../contract/units.ts";
import type { Target, TargetInput, TargetMeasure } from "../../../contract/targets.ts";
import { el } from "../dom.ts";
import { locale, t } from "../i18n/index.ts";

export const MEASURES: readonly TargetMeasure[] = [
  "newMembers",
  "unionsFounded",
  "density",
  "partyRecommended",
  "initiatives",
];

interface Cell {
  districtId: number | null;
  measure: TargetMeasure;
  input: HTMLInputElement;
  /** The value loaded (null: no target). */
  loaded: number | null;
}

/** "1.200" → 1200, "62,5" → 62.5 (Vietnamese) or "1,200" / "62.5" (English); "" → null; else NaN. */
export function parseTarget(text: string, measure: TargetMeasure, lang: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f]/g, "");
  if (s === "") return null;
  const [group, decimal] = lang.startsWith("vi") ? [".", ","] : [",", "."];
  // A count has no decimals: a separator in it can only group thousands.
  const plain = measure === "density" ? s.split(group).join("").replace(decimal, ".") : s.split(group).join("");
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : NaN;
}

export function createTargetsTable(table: HTMLTableElement) {
  let cells: Cell[] = [];
  let units: District[] = [];
  let year = 0;
  const format = (v: number | null, measure: TargetMeasure) =>
    v === null
      ? ""
      : new Intl.NumberFormat(locale(), {
          maximumFractionDigits: measure === "density" ? 2 : 0,
          useGrouping: measure !== "density",
        }).format(v);
  const unitName = (id: number | null) =>
    id === null ? t("targets.province") : (units.find((u) => u.id === id)?.name ?? String(id));

  const render = (targets: readonly Target[]) => {
    const valueOf = (districtId: number | null, m: TargetMeasure) =>
      targets.find((x) => x.districtId === districtId && x.measure === m)?.value ?? null;
    cells = [];
    const row = (districtId: number | null) =>
      el("tr", { attrs: { "data-district": districtId === null ? "province" : String(districtId) } }, [
        el("th", { text: unitName(districtId), attrs: { scope: "row" } }),
        ...MEASURES.map((measure) => {
          const loaded = valueOf(districtId, measure);
          const input = el("input", {
            class: "target-input",
            attrs: {
              inputmode: measure === "density" ? "decimal" : "numeric",
              autocomplete: "off",
              "data-measure": measure,
              "aria-label": t("targets.cellLabel", {
                unit: unitName(districtId),
                measure: t(`targets.measure.${measure}`),
              }),
            },
          });
          input.value = format(loaded, measure);
          cells.push({ districtId, measure, input, loaded });
          return el("td", {}, [input]);
        }),
      ]);
    table.replaceChildren(
      el("thead", {}, [
        el("tr", {}, [
          el("th", { text: t("targets.colUnit"), attrs: { scope: "col" } }),
          ...MEASURES.map((m) => el("th", { text: t(`targets.measure.${m}`), attrs: { scope: "col" } })),
        ]),
      ]),
      el("tbody", {}, [row(null), ...units.map((u) => row(u.id))]),
    );
  };

  return {
    show(nextYear: number, activeUnits: District[], targets: readonly Target[]) {
      year = nextYear;
      units = activeUnits;
      render(targets);
    },
    /** The changes typed since the last show(), or the cells that are not numbers. */
    changes():
      { inputs: TargetInput[]; cells: HTMLInputElement[] } | { bad: { input: HTMLInputElement; label: string } } {
      const inputs: TargetInput[] = [];
      const changed: HTMLInputElement[] = [];
      for (const c of cells) {
        c.input.removeAttribute("aria-invalid");
        const value = parseTarget(c.input.value, c.measure, locale());
        if (value !== null && Number.isNaN(value)) {
          c.input.setAttribute("aria-invalid", "true");
          return { bad: { input: c.input, label: c.input.getAttribute("aria-label") ?? "" } };
        }
        if (value === c.loaded) continue;
        inputs.push({ year, districtId: c.districtId, measure: c.measure, value });
        changed.push(c.input);
      }
      return { inputs, cells: changed };
    },
    /** Marks the cells the server named ("3.value" is the fourth change sent). */
    markInvalid(sent: HTMLInputElement[], fields: Record<string, string>) {
      for (const key of Object.keys(fields)) {
        const i = Number(key.split(".")[0]);
        sent[i]?.setAttribute("aria-invalid", "true");
      }
    },
  };
}
