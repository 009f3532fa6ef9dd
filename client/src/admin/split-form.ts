// Splitting a unit: choose it, name the new units (code, name, kind), put each of its enterprises
// in one of them, and the effective date. The server retires the old unit and lists its editors,
// whom the administrator re-assigns (shown here): nothing is given to anyone silently.
import type { EnterpriseList } from "../../../contract/enterprise.ts";
import type { District, SplitResult, UnitKind } from "../../../contract/units.ts";
import { getJson, messageOf, queryString } from "../api.ts";
import { el } from "../dom.ts";
import { t } from "../i18n/index.ts";
import { kindLabel } from "../units/unit-text.ts";
import { unitsApi } from "../units/units-api.ts";
import { kindSelect, labelled, labelledDay, problemText, textInput } from "./unit-ui.ts";
import type { UnitForm } from "./merge-form.ts";

interface Part {
  box: HTMLElement;
  code: HTMLInputElement;
  name: HTMLInputElement;
  kind: HTMLSelectElement & { relabel(): void };
  relabel(): void;
}

/** Every enterprise of a unit, page by page (the API gives at most 500 at a time). */
async function enterprisesOf(unitId: number): Promise<{ id: number; name: string; taxCode: string }[]> {
  const all: { id: number; name: string; taxCode: string }[] = [];
  for (let page = 1; ; page++) {
    const list = await getJson<EnterpriseList>(
      `/api/enterprises${queryString({ district: unitId, page, pageSize: 500, sort: "name" })}`,
    );
    all.push(...list.items.map((e) => ({ id: e.id, name: e.name, taxCode: e.taxCode })));
    if (page * list.pageSize >= list.total || list.items.length === 0) return all;
  }
}

export function createSplitForm(opts: {
  say(text: string, kind?: "ok" | "problem"): void;
  changed(): Promise<void>;
}): UnitForm {
  let units: District[] = [];
  let enterprises: { id: number; name: string; taxCode: string }[] = [];
  let chosen: District | null = null;
  const parts: Part[] = [];
  const heading = el("h3");
  const intro = el("p");
  const source = labelled("units.splitSource", el("select", { attrs: { id: "split-source" } }));
  const load = el("button", { class: "secondary", attrs: { type: "button", id: "split-load" } });
  const partsBox = el("div", { class: "split-parts", attrs: { id: "split-parts" } });
  const addPart = el("button", { class: "secondary", attrs: { type: "button", id: "split-add-part" } });
  const table = el("table", { class: "split-table", attrs: { id: "split-table" } });
  const date = labelledDay("units.effectiveDate", "effectiveDate", "split-date");
  const button = el("button", { class: "primary", attrs: { type: "submit", id: "split-button" } });
  const editors = el("div", { attrs: { id: "split-editors", role: "status" } });
  const work = el("div", {}, [partsBox, addPart, el("div", { class: "table-scroll" }, [table]), date.box, button]);
  work.hidden = true;
  const form = el("form", { class: "unit-form", attrs: { id: "split-form" } }, [
    el("div", { class: "unit-pick" }, [source.box, load]),
    work,
  ]);

  const newPart = (): Part => {
    const n = parts.length + 1;
    const code = labelled("units.code", textInput("code", { "data-part": String(n), class: "split-code" }));
    const name = labelled("units.name", textInput("name", { "data-part": String(n), class: "split-name" }));
    const kind = labelled(
      "units.kind",
      kindSelect("kind", chosen?.kind === "DISTRICT" ? "COMMUNE" : (chosen?.kind ?? "COMMUNE")),
    );
    const title = el("h4");
    const part: Part = {
      box: el("fieldset", { class: "split-part", attrs: { "data-part": String(n) } }, [
        title,
        code.box,
        name.box,
        kind.box,
      ]),
      code: code.input,
      name: name.input,
      kind: kind.input,
      relabel() {
        title.textContent = t("units.splitPart", { n: String(n) });
        for (const f of [code, name, kind]) f.relabel();
        kind.input.relabel();
      },
    };
    part.relabel();
    for (const input of [code.input, name.input]) input.addEventListener("input", renderChoices);
    return part;
  };

  const partLabel = (i: number) => {
    const p = parts[i]!;
    const named = [p.name.value.trim(), p.code.value.trim() && `(${p.code.value.trim()})`].filter(Boolean).join(" ");
    return `${t("units.splitPart", { n: String(i + 1) })}${named ? `: ${named}` : ""}`;
  };
  /** The "goes to" lists follow the parts' names as they are typed; each keeps its choice. */
  function renderChoices() {
    for (const select of table.querySelectorAll<HTMLSelectElement>("select")) {
      const keep = select.value;
      select.replaceChildren(...parts.map((_, i) => el("option", { text: partLabel(i), attrs: { value: String(i) } })));
      select.value = keep && Number(keep) < parts.length ? keep : "0";
    }
  }

  const renderTable = () => {
    const kept = new Map(
      [...table.querySelectorAll<HTMLSelectElement>("select[data-enterprise]")].map((s) => [
        s.dataset.enterprise,
        s.value,
      ]),
    );
    table.replaceChildren(
      el("thead", {}, [
        el(
          "tr",
          {},
          [t("units.splitEnterprise"), t("units.splitGoesTo")].map((h) =>
            el("th", { text: h, attrs: { scope: "col" } }),
          ),
        ),
      ]),
      el(
        "tbody",
        {},
        enterprises.length
          ? enterprises.map((e) =>
              el("tr", { attrs: { "data-enterprise": String(e.id) } }, [
                el("td", { text: `${e.name} · ${e.taxCode}` }),
                el("td", {}, [
                  el("select", {
                    attrs: { "aria-label": `${t("units.splitGoesTo")}: ${e.name}`, "data-enterprise": String(e.id) },
                  }),
                ]),
              ]),
            )
          : [el("tr", {}, [el("td", { text: t("units.splitNoEnterprises"), attrs: { colspan: "2" } })])],
      ),
    );
    renderChoices();
    for (const select of table.querySelectorAll<HTMLSelectElement>("select[data-enterprise]")) {
      const k = kept.get(select.dataset.enterprise);
      if (k !== undefined) select.value = k;
    }
  };

  load.addEventListener("click", async () => {
    chosen = units.find((d) => String(d.id) === source.input.value) ?? null;
    if (!chosen) return;
    if (!date.field.check()) return date.field.input.focus();
    try {
      enterprises = await enterprisesOf(chosen.id);
    } catch (e) {
      opts.say(t("units.failed", { message: messageOf(e) }), "problem");
      return;
    }
    parts.length = 0;
    // One at a time: each new part is numbered by how many there are already.
    parts.push(newPart());
    parts.push(newPart());
    partsBox.replaceChildren(...parts.map((p) => p.box));
    editors.replaceChildren();
    work.hidden = false;
    renderTable();
  });
  addPart.addEventListener("click", () => {
    const p = newPart();
    parts.push(p);
    partsBox.append(p.box);
    renderChoices();
  });

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!chosen) return;
    if (!date.field.check()) return date.field.input.focus();
    const into = parts.map((p) => ({
      code: p.code.value,
      name: p.name.value,
      kind: p.kind.value as UnitKind,
      enterpriseIds: [] as number[],
    }));
    for (const select of table.querySelectorAll<HTMLSelectElement>("select[data-enterprise]"))
      into[Number(select.value)]?.enterpriseIds.push(Number(select.dataset.enterprise));
    button.disabled = true;
    opts.say(t("units.working"));
    const r = await unitsApi.split(chosen.id, { into, effectiveDate: date.field.day });
    button.disabled = false;
    if (!r.ok) {
      opts.say(problemText(r.error), "problem");
      return;
    }
    work.hidden = true;
    showEditors(r.value);
    await opts.changed();
    opts.say(t("units.splitDone", { name: r.value.retired.name, n: String(r.value.created.length) }));
  });

  function showEditors(result: SplitResult) {
    const list = result.editorsToReassign;
    editors.replaceChildren(
      el("p", { text: t(list.length ? "units.editorsToReassign" : "units.noEditorsToReassign") }),
      ...(list.length
        ? [
            el(
              "ul",
              {},
              list.map((e) =>
                el("li", { text: `${e.displayName} (${e.username})`, attrs: { "data-user": e.username } }),
              ),
            ),
          ]
        : []),
    );
  }

  const renderUnits = () => {
    const keep = source.input.value;
    source.input.replaceChildren(
      el("option", { text: "—", attrs: { value: "" } }),
      ...units.map((d) =>
        el("option", {
          text: `${d.name} (${d.code}) · ${kindLabel(d.kind)}`,
          attrs: { value: String(d.id), "data-code": d.code },
        }),
      ),
    );
    source.input.value = units.some((d) => String(d.id) === keep) ? keep : "";
  };

  const relabel = () => {
    heading.textContent = t("units.splitHeading");
    intro.textContent = t("units.splitIntro");
    load.textContent = t("units.splitLoad");
    addPart.textContent = t("units.splitAddPart");
    button.textContent = t("units.splitButton");
    source.relabel();
    date.relabel();
    for (const p of parts) p.relabel();
    renderUnits();
    if (!work.hidden) renderTable();
  };
  relabel();
  return {
    element: el("section", { class: "unit-op", attrs: { id: "split" } }, [heading, intro, form, editors]),
    setUnits(active) {
      units = active;
      renderUnits();
    },
    relabel,
  };
}
