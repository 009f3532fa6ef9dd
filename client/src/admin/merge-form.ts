// Merging units: choose the sources, a target (an active unit, or a new one with code, name and
// kind) and the effective date. The server moves every enterprise and editor of the sources to the
// target and retires the sources; open dashboards follow through the `units` event.
import type { District, UnitMerge } from "../../../contract/units.ts";
import { el } from "../dom.ts";
import { t } from "../i18n/index.ts";
import { kindLabel } from "../units/unit-text.ts";
import { unitsApi } from "../units/units-api.ts";
import { kindSelect, labelled, labelledDay, problemText, textInput } from "./unit-ui.ts";

export interface UnitForm {
  element: HTMLElement;
  /** New units to choose from (after any change). */
  setUnits(active: District[]): void;
  relabel(): void;
}

export function createMergeForm(opts: {
  say(text: string, kind?: "ok" | "problem"): void;
  changed(): Promise<void>;
}): UnitForm {
  let units: District[] = [];
  const heading = el("h3");
  const intro = el("p");
  const legend = el("legend");
  const sources = el("div", { class: "unit-checks", attrs: { id: "merge-sources" } });
  const intoExisting = el("input", {
    attrs: { type: "radio", name: "merge-into", value: "existing", id: "merge-into-existing" },
  });
  const intoNew = el("input", { attrs: { type: "radio", name: "merge-into", value: "new", id: "merge-into-new" } });
  intoExisting.checked = true;
  const intoExistingLabel = el("label", { attrs: { for: "merge-into-existing" } });
  const intoNewLabel = el("label", { attrs: { for: "merge-into-new" } });
  const target = labelled("units.mergeTarget", el("select", { attrs: { id: "merge-target", name: "target" } }));
  const newCode = labelled("units.code", textInput("code", { id: "merge-new-code" }));
  const newName = labelled("units.name", textInput("name", { id: "merge-new-name" }));
  const newKind = labelled("units.kind", Object.assign(kindSelect("kind"), { id: "merge-new-kind" }));
  const date = labelledDay("units.effectiveDate", "effectiveDate", "merge-date");
  const button = el("button", { class: "primary", attrs: { type: "submit", id: "merge-button" } });
  const newBox = el("div", { class: "unit-new" }, [newCode.box, newName.box, newKind.box]);
  const form = el("form", { class: "unit-form", attrs: { id: "merge-form" } }, [
    el("fieldset", {}, [legend, sources]),
    el("div", { class: "field-check" }, [intoExisting, intoExistingLabel]),
    target.box,
    el("div", { class: "field-check" }, [intoNew, intoNewLabel]),
    newBox,
    date.box,
    button,
  ]);
  const syncInto = () => {
    target.box.hidden = !intoExisting.checked;
    newBox.hidden = !intoNew.checked;
  };
  intoExisting.addEventListener("change", syncInto);
  intoNew.addEventListener("change", syncInto);
  syncInto();

  const unitText = (d: District) => `${d.name} (${d.code}) · ${kindLabel(d.kind)}`;
  const renderUnits = () => {
    const checked = new Set([...sources.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value));
    sources.replaceChildren(
      ...units.map((d) => {
        const id = `merge-source-${d.id}`;
        const box = el("input", { attrs: { type: "checkbox", id, value: String(d.id), "data-code": d.code } });
        box.checked = checked.has(String(d.id));
        return el("div", { class: "field-check" }, [box, el("label", { text: unitText(d), attrs: { for: id } })]);
      }),
    );
    const keep = target.input.value;
    target.input.replaceChildren(
      el("option", { text: "—", attrs: { value: "" } }),
      ...units.map((d) => el("option", { text: unitText(d), attrs: { value: String(d.id), "data-code": d.code } })),
    );
    target.input.value = units.some((d) => String(d.id) === keep) ? keep : "";
  };

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!date.field.check()) return date.field.input.focus();
    const sourceIds = [...sources.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => Number(i.value));
    const into: UnitMerge["into"] = intoExisting.checked
      ? Number(target.input.value)
      : { code: newCode.input.value, name: newName.input.value, kind: newKind.input.value as District["kind"] };
    button.disabled = true;
    opts.say(t("units.working"));
    const r = await unitsApi.merge({ sourceIds, into, effectiveDate: date.field.day });
    button.disabled = false;
    if (!r.ok) {
      opts.say(problemText(r.error), "problem");
      return;
    }
    newCode.input.value = "";
    newName.input.value = "";
    for (const c of sources.querySelectorAll<HTMLInputElement>("input:checked")) c.checked = false;
    await opts.changed();
    opts.say(
      t("units.merged", {
        name: r.value.target.name,
        enterprises: String(r.value.movedEnterprises),
        editors: String(r.value.movedEditors),
      }),
    );
  });

  const relabel = () => {
    heading.textContent = t("units.mergeHeading");
    intro.textContent = t("units.mergeIntro");
    legend.textContent = t("units.mergeSources");
    intoExistingLabel.textContent = t("units.mergeIntoExisting");
    intoNewLabel.textContent = t("units.mergeIntoNew");
    button.textContent = t("units.mergeButton");
    for (const f of [target, newCode, newName, newKind, date]) f.relabel();
    newKind.input.relabel();
    renderUnits();
  };
  relabel();
  return {
    element: el("section", { class: "unit-op", attrs: { id: "merge" } }, [heading, intro, form]),
    setUnits(active) {
      units = active;
      renderUnits();
    },
    relabel,
  };
}
