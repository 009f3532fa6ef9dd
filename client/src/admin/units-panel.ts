// The admin page's province and units (issue 10). With no province it is the first-run guide:
// 1. the province, 2. its units one by one or from a sheet, 3. the way to the enterprise import.
// Afterwards the same place manages the units: list (kind in words, active or retired), create,
// edit, merge, split, retire an empty unit, and each unit's history.
import type { District, Province } from "../../../contract/units.ts";
import { createDayField } from "../day-field.ts";
import { el } from "../dom.ts";
import { t } from "../i18n/index.ts";
import { isSetUp } from "../setup-notice.ts";
import { kindLabel, stateText, todayInVietnam } from "../units/unit-text.ts";
import { unitsApi } from "../units/units-api.ts";
import { createMergeForm } from "./merge-form.ts";
import { createSplitForm } from "./split-form.ts";
import { showUnitHistory } from "./unit-history.ts";
import { createUnitsSheet } from "./units-sheet.ts";
import { kindSelect, labelled, labelledDay, problemText, textInput } from "./unit-ui.ts";

export interface UnitsPanel {
  /** Reads the province and every unit again and redraws. */
  refresh(): Promise<void>;
  relabel(): void;
}

export function mountUnitsPanel(
  host: HTMLElement,
  onChange: (province: Province | null, units: District[]) => void,
): UnitsPanel {
  const root = document.documentElement;
  let province: Province | null = null;
  let units: District[] = [];
  let editing: number | null = null;
  let retiring: number | null = null;

  const status = el("p", { attrs: { id: "units-status", role: "status" } });
  const say = (text: string, kind: "ok" | "problem" = "ok") => {
    status.textContent = text;
    status.className = text ? (kind === "problem" ? "problem" : "notice") : "";
    root.dataset.unitsStatus = text ? kind : "";
  };

  // ---- Guide ----
  const heading = el("h2", { attrs: { id: "units-heading" } });
  const intro = el("p", { attrs: { id: "setup-intro" } });

  // ---- 1. Province ----
  const provinceHeading = el("h3", { attrs: { id: "province-step" } });
  const provinceNow = el("p", { attrs: { id: "province-current" } });
  const provinceCode = labelled("units.provinceCode", textInput("code", { id: "province-code", required: "" }));
  const provinceName = labelled("units.provinceName", textInput("name", { id: "province-name-input", required: "" }));
  const provinceSave = el("button", { class: "primary", attrs: { type: "submit", id: "province-save" } });
  const provinceForm = el("form", { class: "unit-form unit-row-form", attrs: { id: "province-form" } }, [
    provinceCode.box,
    provinceName.box,
    provinceSave,
  ]);
  provinceForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const r = await unitsApi.setProvince({ code: provinceCode.input.value, name: provinceName.input.value });
    if (!r.ok) return say(problemText(r.error), "problem");
    await refresh();
    say(t("units.provinceSaved", { name: r.value.name }));
  });

  // ---- 2. Units ----
  const unitsHeading = el("h3", { attrs: { id: "units-step" } });
  const showRetired = el("input", { attrs: { type: "checkbox", id: "units-show-retired" } });
  const showRetiredLabel = el("label", { attrs: { for: "units-show-retired" } });
  showRetired.addEventListener("change", () => renderTable());
  const table = el("table", { class: "units-table", attrs: { id: "units-table" } });
  const history = el("div", { class: "unit-history-box", attrs: { id: "unit-history", "aria-live": "polite" } });
  history.hidden = true;

  const addHeading = el("h4");
  const addCode = labelled("units.code", textInput("code", { id: "unit-code" }));
  const addName = labelled("units.name", textInput("name", { id: "unit-name" }));
  const addKind = labelled("units.kind", Object.assign(kindSelect("kind"), { id: "unit-kind" }));
  const addFrom = labelledDay("units.validFrom", "validFrom", "unit-valid-from", null);
  const addButton = el("button", { class: "primary", attrs: { type: "submit", id: "unit-add" } });
  const addForm = el("form", { class: "unit-form unit-row-form", attrs: { id: "unit-add-form" } }, [
    addCode.box,
    addName.box,
    addKind.box,
    addFrom.box,
    addButton,
  ]);
  addForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!addFrom.field.check()) return addFrom.field.input.focus();
    const r = await unitsApi.create({
      code: addCode.input.value,
      name: addName.input.value,
      kind: addKind.input.value as District["kind"],
      ...(addFrom.field.day ? { validFrom: addFrom.field.day } : {}),
    });
    if (!r.ok) return say(problemText(r.error), "problem");
    addCode.input.value = "";
    addName.input.value = "";
    addFrom.field.day = "";
    await refresh();
    say(t("units.added", { name: r.value.name }));
    addCode.input.focus();
  });

  const sheet = createUnitsSheet({ say, applied: () => refresh() });
  const merge = createMergeForm({ say, changed: () => refresh() });
  const split = createSplitForm({ say, changed: () => refresh() });

  // ---- 3. Enterprises ----
  const enterprisesHeading = el("h3");
  const enterprisesText = el("p");
  const enterprisesLink = el("a", { attrs: { href: "/import.html", id: "setup-import-link" } });
  const enterprisesStep = el("div", { attrs: { id: "enterprises-step" } }, [
    enterprisesHeading,
    enterprisesText,
    el("p", {}, [enterprisesLink]),
  ]);

  const button = (text: string, action: string, code: string) =>
    el("button", { class: "secondary", text, attrs: { type: "button", "data-action": action, "data-unit": code } });

  function editRow(d: District): HTMLElement {
    const code = textInput("code", { "aria-label": t("units.code"), value: d.code });
    const name = textInput("name", { "aria-label": t("units.name"), value: d.name });
    const kind = kindSelect("kind", d.kind);
    kind.setAttribute("aria-label", t("units.kind"));
    const save = button(t("units.save"), "save", d.code);
    const cancel = button(t("units.cancel"), "cancel", d.code);
    save.addEventListener("click", async () => {
      const patch = {
        ...(code.value.trim() !== d.code ? { code: code.value } : {}),
        ...(name.value.trim() !== d.name ? { name: name.value } : {}),
        ...(kind.value !== d.kind ? { kind: kind.value as District["kind"] } : {}),
      };
      if (!Object.keys(patch).length) {
        editing = null;
        return renderTable();
      }
      const r = await unitsApi.patch(d.id, patch);
      if (!r.ok) return say(problemText(r.error), "problem");
      editing = null;
      await refresh();
      say(t("units.saved", { name: r.value.name }));
    });
    cancel.addEventListener("click", () => {
      editing = null;
      renderTable();
    });
    return el("tr", { attrs: { "data-unit": d.code, "data-editing": "true" } }, [
      el("td", {}, [code]),
      el("td", {}, [name]),
      el("td", {}, [kind]),
      el("td", { text: stateText(d) }),
      el("td", {}, [save, cancel]),
    ]);
  }

  function actionsOf(d: District): HTMLElement[] {
    const historyButton = button(t("units.history"), "history", d.code);
    historyButton.addEventListener("click", () => {
      void showUnitHistory(history, d, units, () => {
        history.hidden = true;
      });
    });
    if (!d.active) return [historyButton];
    if (retiring === d.id) {
      const date = createDayField({ name: "effectiveDate", value: todayInVietnam(), max: "today" });
      date.input.setAttribute("aria-label", t("units.effectiveDate"));
      const confirm = button(t("units.retire"), "confirm-retire", d.code);
      const cancel = button(t("units.cancel"), "cancel", d.code);
      const question = el("span", { text: t("units.retireConfirm", { name: d.name, date: date.input.value }) });
      date.input.addEventListener("change", () => {
        question.textContent = t("units.retireConfirm", { name: d.name, date: date.input.value });
      });
      confirm.addEventListener("click", async () => {
        if (!date.check()) return date.input.focus();
        const r = await unitsApi.retire(d.id, date.day);
        if (!r.ok) return say(problemText(r.error), "problem");
        retiring = null;
        await refresh();
        say(t("units.retired", { name: d.name }));
      });
      cancel.addEventListener("click", () => {
        retiring = null;
        renderTable();
      });
      return [question, date.element, confirm, cancel];
    }
    const edit = button(t("units.edit"), "edit", d.code);
    edit.addEventListener("click", () => {
      editing = d.id;
      retiring = null;
      renderTable();
    });
    const retire = button(t("units.retire"), "retire", d.code);
    retire.addEventListener("click", () => {
      retiring = d.id;
      editing = null;
      renderTable();
    });
    return [edit, retire, historyButton];
  }

  function renderTable() {
    const shown = units.filter((d) => d.active || showRetired.checked);
    table.replaceChildren(
      el("thead", {}, [
        el(
          "tr",
          {},
          ["units.colCode", "units.colName", "units.colKind", "units.colState", "units.colActions"].map((k) =>
            el("th", { text: t(k as "units.colCode"), attrs: { scope: "col" } }),
          ),
        ),
      ]),
      el(
        "tbody",
        {},
        shown.length
          ? shown.map((d) =>
              editing === d.id && d.active
                ? editRow(d)
                : el("tr", { attrs: { "data-unit": d.code, "data-active": String(d.active) } }, [
                    el("td", { text: d.code }),
                    el("td", { text: d.name }),
                    el("td", { text: kindLabel(d.kind) }),
                    el("td", { text: stateText(d) }),
                    el("td", { class: "unit-actions" }, actionsOf(d)),
                  ]),
            )
          : [el("tr", {}, [el("td", { text: t("units.none"), attrs: { colspan: "5" } })])],
      ),
    );
  }

  function render() {
    const setUp = isSetUp(province, units);
    const active = units.filter((d) => d.active);
    root.dataset.province = province ? "set" : "missing";
    root.dataset.units = String(active.length);
    heading.textContent = setUp ? `${t("units.provinceHeading")} · ${t("units.heading")}` : t("units.setupHeading");
    intro.hidden = setUp;
    intro.textContent = t("units.setupIntro");
    provinceHeading.textContent = setUp ? t("units.provinceHeading") : t("units.stepProvince");
    provinceNow.textContent = province ? `${province.name} (${province.code})` : t("units.provinceNone");
    if (province && document.activeElement?.closest("#province-form") === null) {
      provinceCode.input.value = province.code;
      provinceName.input.value = province.name;
    }
    provinceSave.textContent = t("units.provinceSave");
    unitsHeading.textContent = setUp ? t("units.heading") : t("units.stepUnits");
    unitsBox.hidden = province === null;
    showRetiredLabel.textContent = t("units.showRetired");
    addHeading.textContent = t("units.addHeading");
    addButton.textContent = t("units.add");
    for (const f of [provinceCode, provinceName, addCode, addName, addKind, addFrom]) f.relabel();
    addKind.input.relabel();
    enterprisesHeading.textContent = t("units.stepEnterprises");
    enterprisesText.textContent = t("units.stepEnterprisesText");
    enterprisesLink.textContent = t("units.stepEnterprisesLink");
    enterprisesStep.hidden = !setUp;
    // Merging needs two units; splitting, one with something to split.
    merge.element.hidden = active.length < 2;
    split.element.hidden = active.length < 1;
    merge.setUnits(active);
    split.setUnits(active);
    renderTable();
  }

  const unitsBox = el("div", { attrs: { id: "units-step-box" } }, [
    unitsHeading,
    table,
    el("div", { class: "field-check" }, [showRetired, showRetiredLabel]),
    history,
    addHeading,
    addForm,
    sheet.element,
  ]);
  host.replaceChildren(
    heading,
    intro,
    status,
    el("div", { attrs: { id: "province-step-box" } }, [provinceHeading, provinceNow, provinceForm]),
    unitsBox,
    enterprisesStep,
    merge.element,
    split.element,
  );

  async function refresh() {
    const [p, list] = await Promise.all([unitsApi.province(), unitsApi.all()]);
    if (!p.ok) return say(problemText(p.error), "problem");
    if (!list.ok) return say(problemText(list.error), "problem");
    province = p.value;
    units = list.value;
    render();
    onChange(province, units);
  }

  return {
    refresh,
    relabel() {
      render();
      sheet.relabel();
      merge.relabel();
      split.relabel();
      if (!history.hidden) {
        const shown = units.find((d) => d.code === history.dataset.unit);
        if (shown) void showUnitHistory(history, shown, units, () => (history.hidden = true));
      }
    },
  };
}
