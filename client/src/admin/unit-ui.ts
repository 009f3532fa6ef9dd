// Small pieces the admin page's unit forms share: a labelled field, the list of kinds in words,
// a labelled day box, and a problem from the API said in one line (its message, then each field's reason).
import { UNIT_KINDS, type UnitKind } from "../../../contract/units.ts";
import type { ApiError } from "../../../contract/errors.ts";
import { createDayField, type DayField } from "../day-field.ts";
import { el } from "../dom.ts";
import { fieldIssueText, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import { kindLabel, todayInVietnam } from "../units/unit-text.ts";

let fieldCount = 0;

/** A label above its input, tied by id; `labelKey` is re-read on relabel(). */
export function labelled<T extends HTMLInputElement | HTMLSelectElement>(
  labelKey: MessageKey,
  input: T,
): { box: HTMLElement; input: T; relabel(): void } {
  if (!input.id) input.id = `unit-field-${++fieldCount}`;
  const label = el("label", { attrs: { for: input.id } });
  const relabel = () => {
    label.textContent = t(labelKey);
  };
  relabel();
  return { box: el("div", { class: "field" }, [label, input]), input, relabel };
}

export function kindSelect(name: string, value: UnitKind = "COMMUNE"): HTMLSelectElement & { relabel(): void } {
  const select = el("select", { attrs: { name } });
  const relabel = () => {
    const keep = select.value || value;
    select.replaceChildren(...UNIT_KINDS.map((k) => el("option", { text: kindLabel(k), attrs: { value: k } })));
    select.value = keep;
  };
  relabel();
  return Object.assign(select, { relabel });
}

/** A labelled day box (dd/mm/yyyy, never after today), today unless `value` says otherwise. */
export function labelledDay(
  labelKey: MessageKey,
  name: string,
  id: string,
  value: string | null = todayInVietnam(),
): { box: HTMLElement; field: DayField; relabel(): void } {
  const field = createDayField({ id, name, value, max: "today" });
  const label = el("label", { attrs: { for: id } });
  const relabel = () => {
    label.textContent = t(labelKey);
    field.render();
  };
  relabel();
  return { box: el("div", { class: "field" }, [label, field.element]), field, relabel };
}

export const textInput = (name: string, attrs: Record<string, string> = {}) =>
  el("input", { attrs: { name, autocomplete: "off", ...attrs } });

/** The form's words for a field the server names ("into.1.code" → the new unit's code). */
function fieldName(key: string): string {
  const [head, index, leaf] = key.split(".");
  if (head === "sourceIds") return t("units.mergeSources");
  if (head === "into" && leaf) return `${t("units.splitPart", { n: String(Number(index) + 1) })} — ${fieldName(leaf)}`;
  if (head === "into" && index) return fieldName(index);
  const known: Record<string, MessageKey> = {
    effectiveDate: "units.effectiveDate",
    validFrom: "units.validFrom",
    code: "units.code",
    name: "units.name",
    kind: "units.kind",
    into: "units.mergeTarget",
    id: "units.splitSource",
  };
  return known[key] ? t(known[key]) : key;
}

/** One line for the status: each field the server names, in the form's words and the page's language
 *  (a problem with a code); the server's own words only for a problem that has none yet. */
export function problemText(error: ApiError["error"]): string {
  const entries = Object.entries(error.fields ?? {});
  const fields = entries
    .map(([k, v]) => {
      const issue = error.fieldCodes?.[k];
      return `${fieldName(k)}: ${issue && issue.code !== "invalid" ? fieldIssueText(issue) : v}`;
    })
    .join("; ");
  const allCoded =
    entries.length > 0 && entries.every(([k]) => (error.fieldCodes?.[k]?.code ?? "invalid") !== "invalid");
  return t("units.failed", { message: allCoded ? fields : fields ? `${error.message} — ${fields}` : error.message });
}
