// An enterprise's lifecycle in the editor (issue 10): active, or ceased (giải thể, ngừng hoạt động)
// from a day, which takes it out of the current figures while keeping its history; and, for an
// administrator only, erasing a record created by mistake, after a confirmation.
import type { Enterprise } from "../../../contract/enterprise.ts";
import type { FieldIssue } from "../../../contract/errors.ts";
import { createDayField } from "../day-field.ts";
import { el } from "../dom.ts";
import { fieldIssueText, t } from "../i18n/index.ts";
import { todayInVietnam } from "../units/unit-text.ts";

export interface LifecycleFields {
  element: HTMLElement;
  /** Shows the record's status (or hides the fields for a new enterprise, which is active). */
  fill(e: Enterprise | null): void;
  /** {status, statusDate} when changed from the record, else nothing. */
  changes(e: Enterprise): { status?: "ACTIVE" | "CEASED"; statusDate?: string };
  /** The server's reasons for status and statusDate, in the active language. */
  showErrors(fields: Record<string, FieldIssue>): void;
  /** False (and the reason shown at the date) when the date typed is not an allowed day. */
  check(): boolean;
  render(): void;
}

export function createLifecycleFields(): LifecycleFields {
  const statusLabel = el("label", { attrs: { for: "field-status" } });
  const status = el("select", { attrs: { id: "field-status", name: "status" } });
  const dateLabel = el("label", { attrs: { for: "field-statusDate" } });
  const date = createDayField({ id: "field-statusDate", name: "statusDate", max: "today" });
  const message = el("p", { class: "field-message", attrs: { id: "field-status-message", "aria-live": "polite" } });
  message.hidden = true;
  status.setAttribute("aria-describedby", message.id);
  const element = el("fieldset", { class: "lifecycle", attrs: { "data-field": "status" } }, [
    el("div", { class: "field" }, [statusLabel, status]),
    el("div", { class: "field" }, [dateLabel, date.element]),
    message,
  ]);
  let loaded: Enterprise | null = null;
  // A status just changed takes today's date unless the editor picks another (never a future one).
  status.addEventListener("change", () => {
    date.day = status.value === loaded?.status ? (loaded.statusDate ?? "") : todayInVietnam();
  });

  const api: LifecycleFields = {
    element,
    fill(e) {
      loaded = e;
      element.hidden = e === null;
      status.value = e?.status ?? "ACTIVE";
      date.day = e?.statusDate ?? "";
      api.showErrors({});
    },
    changes(e) {
      const next = status.value as "ACTIVE" | "CEASED";
      const day = date.day;
      if (next !== e.status) return { status: next, ...(day ? { statusDate: day } : {}) };
      if (day && day !== (e.statusDate ?? "")) return { status: next, statusDate: day };
      return {};
    },
    showErrors(fields) {
      message.hidden = !fields.status;
      message.textContent = fields.status ? fieldIssueText(fields.status) : "";
      status.setAttribute("aria-invalid", fields.status ? "true" : "false");
      date.showProblem(fields.statusDate ? fieldIssueText(fields.statusDate) : "");
    },
    check: () => element.hidden === true || date.check(),
    render() {
      statusLabel.textContent = t("editor.fieldStatus");
      dateLabel.textContent = t("editor.fieldStatusDate");
      date.render();
      const keep = status.value || "ACTIVE";
      status.replaceChildren(
        ...(["ACTIVE", "CEASED"] as const).map((s) =>
          el("option", { text: t(`units.status${s}`), attrs: { value: s } }),
        ),
      );
      status.value = keep;
    },
  };
  api.render();
  return api;
}

/** The erase button, for administrators: asks first, then DELETE; `done` gets the outcome. */
export function createEraseButton(onErase: () => void): { element: HTMLButtonElement; render(): void } {
  const button = el("button", { class: "secondary danger", attrs: { type: "button", id: "erase-enterprise" } });
  button.addEventListener("click", onErase);
  return {
    element: button,
    render() {
      button.textContent = t("units.erase");
    },
  };
}

export async function eraseEnterprise(e: Enterprise): Promise<{ ok: true } | { ok: false; message: string }> {
  if (!window.confirm(t("units.eraseConfirm", { name: e.name, taxCode: e.taxCode }))) return { ok: false, message: "" };
  const res = await fetch(`/api/enterprises/${e.id}`, {
    method: "DELETE",
    headers: { accept: "application/json", "x-change-source": "form" },
  }).catch(() => null);
  if (res?.ok) return { ok: true };
  const body = (await res?.json().catch(() => null)) as { error?: { message?: string } } | null;
  return { ok: false, message: body?.error?.message ?? (res ? `HTTP ${res.status}` : "The server cannot be reached") };
}
