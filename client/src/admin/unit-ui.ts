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

/** One line for the status: the server's message, then "field: reason" for each field it names. */
export function problemText(error: ApiError["error"]): string {
  // A coded problem in the page's language; "invalid" (a rule without a code yet) as the server words it.
  const fields = Object.entries(error.fields ?? {})
    .map(([k, v]) => {
      const issue = error.fieldCodes?.[k];
      return `${k}: ${issue && issue.code !== "invalid" ? fieldIssueText(issue) : v}`;
    })
    .join("; ");
  return t("units.failed", { message: fields ? `${error.message} — ${fields}` : error.message });
}
