// The enterprise form, built from the contract's EnterpriseFields schema: a checkbox per flag, a
// list per code, a text box per number or text. It validates with the same schema (and the same
// cross-field rules) as the server, and shows its reasons, or the server's, next to each field in
// the active language (fieldIssueText: the code and parameters, never the English words).
import { z } from "zod";
import type { District } from "../../../contract/enterprise.ts";
import { EDITABLE_FIELDS, EnterpriseFields } from "../../../contract/enterprise.ts";
import { fieldProblems, type FieldIssue } from "../../../contract/errors.ts";
import { ruleViolations } from "../../../contract/rules.ts";
import { createDayField } from "../day-field.ts";
import { el } from "../dom.ts";
import { fieldIssueText, t, type MessageKey } from "../i18n/index.ts";
import { todayInVietnam } from "../units/unit-text.ts";

export type FieldName = (typeof EDITABLE_FIELDS)[number];
export type FormValues = Record<FieldName, unknown>;

const labelKey = (f: FieldName) => `editor.field${f[0]!.toUpperCase()}${f.slice(1)}` as MessageKey;
const kindOf = (f: FieldName): "flag" | "choice" | "number" | "text" => {
  if (f === "districtId") return "choice";
  const type = (EnterpriseFields.shape[f] as z.ZodType).def.type;
  return type === "boolean" ? "flag" : type === "enum" ? "choice" : type === "number" ? "number" : "text";
};
const optionsOf = (
  f: FieldName,
  districts: District[],
  sectors: { code: string; vi: string; en: string }[],
  lang: "vi" | "en",
  ownershipLabel: (o: string) => string,
): [string, string][] => {
  if (f === "districtId") return districts.map((d) => [String(d.id), d.name]);
  if (f === "sector") return sectors.map((s) => [s.code, `${s.code} — ${s[lang]}`]);
  return ((EnterpriseFields.shape[f] as z.ZodEnum).options as string[]).map((o) => [o, ownershipLabel(o)]);
};

export interface EnterpriseForm {
  element: HTMLFormElement;
  /** What the boxes hold now, typed where the text is a number. */
  values(): FormValues;
  /** Fills the boxes; the day of the change goes back to today unless keepFactDate (the values chosen in
   *  a conflict view are saved with the day the editor gave). */
  fill(values: Partial<FormValues>, opts?: { keepFactDate?: boolean }): void;
  /** The day the change happened (ngày phát sinh) when the editor set one other than today, to send
   *  with the save; nothing when it is today (the server's default, and a status change's own date). */
  factDate(): { factDate?: string };
  /** Reasons by field (the schema's, then the rules'); empty when valid. */
  validate(): Record<string, FieldIssue>;
  showErrors(fields: Record<string, FieldIssue>): void;
  render(): void;
}

export function createEnterpriseForm(opts: {
  districts: District[];
  sectors: { code: string; vi: string; en: string }[];
  lang: () => "vi" | "en";
  ownershipLabel: (o: string) => string;
  onSubmit: () => void;
  /** A partner's account: the one field it may change; every other box is shown but not editable. */
  onlyField?: FieldName | null;
}): EnterpriseForm {
  const form = el("form", { class: "form-grid", attrs: { novalidate: "", id: "enterprise-form" } });
  const inputs = new Map<FieldName, HTMLInputElement | HTMLSelectElement>();
  const labels = new Map<FieldName, HTMLElement>();
  const messages = new Map<FieldName, HTMLElement>();
  let lastErrors: Record<string, FieldIssue> = {};

  for (const f of EDITABLE_FIELDS) {
    const kind = kindOf(f);
    const id = `field-${f}`;
    const label = el("label", { attrs: { for: id } });
    const message = el("p", { class: "field-message", attrs: { "data-message-for": f, "aria-live": "polite" } });
    message.hidden = true;
    let input: HTMLInputElement | HTMLSelectElement;
    if (kind === "choice") {
      input = el("select", { attrs: { id, name: f } });
    } else {
      input = el("input", {
        attrs: {
          id,
          name: f,
          ...(kind === "flag"
            ? { type: "checkbox" }
            : kind === "number"
              ? { inputmode: "numeric", autocomplete: "off" }
              : { autocomplete: "off" }),
        },
      });
    }
    input.setAttribute("aria-describedby", `${id}-message`);
    if (opts.onlyField && f !== opts.onlyField) input.disabled = true;
    message.id = `${id}-message`;
    inputs.set(f, input);
    labels.set(f, label);
    messages.set(f, message);
    form.append(
      kind === "flag"
        ? el("div", { class: "field field-check", attrs: { "data-field": f } }, [input, label, message])
        : el("div", { class: "field", attrs: { "data-field": f } }, [label, input, message]),
    );
  }
  // The day the change happened (issue 12): a figure entered late lands in its period. Never ahead of today.
  const factDay = createDayField({ id: "field-factDate", name: "factDate", max: "today", value: todayInVietnam() });
  const factLabel = el("label", { attrs: { for: factDay.input.id } });
  form.append(
    el("div", { class: "field", attrs: { "data-field": "factDate" } }, [factLabel, factDay.element]),
    el("div", { class: "field" }, [el("button", { class: "primary", attrs: { type: "submit", id: "save" } })]),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    opts.onSubmit();
  });

  const read = (f: FieldName): unknown => {
    const input = inputs.get(f)!;
    const kind = kindOf(f);
    if (kind === "flag") return (input as HTMLInputElement).checked;
    if (f === "districtId") return input.value ? Number(input.value) : undefined;
    if (kind === "number") {
      const s = input.value.trim();
      // Not a number: handed on as text, so the schema says "must be a number" as the server would.
      return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s === "" ? undefined : s;
    }
    return input.value;
  };

  const api: EnterpriseForm = {
    element: form,
    values: () => Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, read(f)])) as FormValues,
    fill(values, opts = {}) {
      for (const [f, v] of Object.entries(values) as [FieldName, unknown][]) {
        const input = inputs.get(f);
        if (!input) continue;
        if (input instanceof HTMLInputElement && input.type === "checkbox") input.checked = v === true;
        else input.value = v === undefined || v === null ? "" : String(v);
      }
      if (!opts.keepFactDate) factDay.day = todayInVietnam();
      api.showErrors({});
    },
    factDate() {
      const day = factDay.day;
      return day && day !== todayInVietnam() ? { factDate: day } : {};
    },
    validate() {
      // The day box says its own reason (not a day, after today); the code only stops the save.
      const day: Record<string, FieldIssue> = factDay.check() ? {} : { factDate: { code: "not_day" } };
      const parsed = EnterpriseFields.safeParse(api.values());
      if (!parsed.success) return { ...fieldProblems(parsed.error.issues), ...day };
      return { ...ruleViolations(parsed.data), ...day };
    },
    showErrors(fields) {
      lastErrors = fields;
      for (const f of EDITABLE_FIELDS) {
        const reason = fields[f];
        const message = messages.get(f)!;
        message.hidden = !reason;
        message.textContent = reason ? fieldIssueText(reason) : "";
        const box = message.parentElement!;
        if (reason) box.setAttribute("data-invalid", "");
        else box.removeAttribute("data-invalid");
        inputs.get(f)!.setAttribute("aria-invalid", reason ? "true" : "false");
      }
      // A day that is not one keeps the box's own words; the server's reason (a day before the
      // enterprise's figures began, after its today) is said at the box otherwise.
      const fact = fields.factDate;
      if (!fact) factDay.showProblem("");
      else if (factDay.check()) factDay.showProblem(fieldIssueText(fact));
    },
    render() {
      const lang = opts.lang();
      for (const f of EDITABLE_FIELDS) {
        labels.get(f)!.textContent = t(labelKey(f));
        const input = inputs.get(f)!;
        if (input instanceof HTMLSelectElement) {
          const keep = input.value;
          input.replaceChildren(
            el("option", { text: "—", attrs: { value: "" } }),
            ...optionsOf(f, opts.districts, opts.sectors, lang, opts.ownershipLabel).map(([v, text]) =>
              el("option", { text, attrs: { value: v } }),
            ),
          );
          input.value = keep;
        }
      }
      factLabel.textContent = t("editor.fieldFactDate");
      form.querySelector("#save")!.textContent = t("editor.save");
      api.showErrors(lastErrors);
    },
  };
  api.render();
  return api;
}

export const fieldLabel = (f: FieldName) => t(labelKey(f));
