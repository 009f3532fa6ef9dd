// The enterprise form, built from the contract's EnterpriseFields schema: a checkbox per flag, a
// list per code, a text box per number or text. It validates with the same schema (and the same
// cross-field rules) as the server, and shows its reasons, or the server's, next to each field in
// the active language (fieldIssueText: the code and parameters, never the English words).
import { z } from "zod";
import type { District } from "../../../contract/enterprise.ts";
import { EDITABLE_FIELDS, EnterpriseFields } from "../../../contract/enterprise.ts";
import { fieldProblems, type FieldIssue } from "../../../contract/errors.ts";
import { ruleViolations } from "../../../contract/rules.ts";
import { el } from "../dom.ts";
import { fieldIssueText, t, type MessageKey } from "../i18n/index.ts";

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
  fill(values: Partial<FormValues>): void;
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
  form.append(
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
    fill(values) {
      for (const [f, v] of Object.entries(values) as [FieldName, unknown][]) {
        const input = inputs.get(f);
        if (!input) continue;
        if (input instanceof HTMLInputElement && input.type === "checkbox") input.checked = v === true;
        else input.value = v === undefined || v === null ? "" : String(v);
      }
      api.showErrors({});
    },
    validate() {
      const parsed = EnterpriseFields.safeParse(api.values());
      if (!parsed.success) return fieldProblems(parsed.error.issues);
      return ruleViolations(parsed.data);
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
      form.querySelector("#save")!.textContent = t("editor.save");
      api.showErrors(lastErrors);
    },
  };
  api.render();
  return api;
}

export const fieldLabel = (f: FieldName) => t(labelKey(f));
