// When a save meets someone else's newer save (409): the fields either side changed, "yours" and
// "theirs" side by side, and a choice per field. Where only one side changed a field, that side is
// preselected (no one's work is lost); where both changed it differently, the editor must choose.
import type { Enterprise } from "../../../contract/enterprise.ts";
import { EDITABLE_FIELDS } from "../../../contract/enterprise.ts";
import { el } from "../dom.ts";
import { formatDateTime } from "../format.ts";
import { t } from "../i18n/index.ts";
import { fieldLabel, type FieldName, type FormValues } from "./form.ts";

export interface ConflictChoice {
  /** The record to save on top of (theirs) and the values chosen. */
  resolved: FormValues;
  theirs: Enterprise;
}

const same = (a: unknown, b: unknown) => a === b || (a == null && b == null);

export function showConflict(
  host: HTMLElement,
  base: Enterprise,
  mine: FormValues,
  theirs: Enterprise,
  show: (f: FieldName, v: unknown) => string,
  done: (choice: ConflictChoice | null) => void,
): void {
  const fields = EDITABLE_FIELDS.filter((f) => !same(mine[f], base[f]) || !same(theirs[f], base[f])).filter(
    (f) => !same(mine[f], theirs[f]),
  );
  const picks = new Map<FieldName, "yours" | "theirs">();
  const save = el("button", {
    class: "primary",
    text: t("editor.conflictSave"),
    attrs: { type: "button", "data-action": "resolve" },
  });
  const cancel = el("button", {
    class: "secondary",
    text: t("editor.conflictCancel"),
    attrs: { type: "button", "data-action": "discard" },
  });
  const refresh = () => {
    save.disabled = fields.some((f) => !picks.has(f));
  };

  const rows = fields.map((f) => {
    const mineChanged = !same(mine[f], base[f]);
    const theirsChanged = !same(theirs[f], base[f]);
    if (mineChanged && !theirsChanged) picks.set(f, "yours");
    if (theirsChanged && !mineChanged) picks.set(f, "theirs");
    const cell = (side: "yours" | "theirs", value: unknown) => {
      const radio = el("input", {
        attrs: { type: "radio", name: `choice-${f}`, value: side, id: `choice-${f}-${side}` },
      });
      radio.checked = picks.get(f) === side;
      radio.addEventListener("change", () => {
        picks.set(f, side);
        refresh();
      });
      return el("td", {}, [
        el("label", { attrs: { for: radio.id } }, [radio, document.createTextNode(` ${show(f, value)}`)]),
      ]);
    };
    return el(
      "tr",
      { attrs: { "data-conflict-field": f, ...(mineChanged && theirsChanged ? { "data-both": "" } : {}) } },
      [el("th", { text: fieldLabel(f), attrs: { scope: "row" } }), cell("yours", mine[f]), cell("theirs", theirs[f])],
    );
  });

  const who = theirs.updatedBy;
  const box = el(
    "section",
    { class: "conflict", attrs: { "data-conflict": "", role: "alertdialog", "aria-labelledby": "conflict-heading" } },
    [
      el("h2", { text: t("editor.conflictHeading"), attrs: { id: "conflict-heading" } }),
      el("p", { text: t("editor.conflictIntro", { who, when: formatDateTime(new Date(theirs.updatedAt)) }) }),
      el("table", {}, [
        el("thead", {}, [
          el("tr", {}, [
            el("th", { text: t("editor.conflictField") }),
            el("th", { text: t("editor.conflictYours") }),
            el("th", { text: t("editor.conflictTheirs", { who }) }),
          ]),
        ]),
        el("tbody", {}, rows),
      ]),
      el("div", { class: "nav-links" }, [save, cancel]),
    ],
  );
  save.addEventListener("click", () => {
    const resolved = Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, theirs[f]])) as FormValues;
    for (const f of fields) if (picks.get(f) === "yours") resolved[f] = mine[f];
    box.remove();
    done({ resolved, theirs });
  });
  cancel.addEventListener("click", () => {
    box.remove();
    done(null);
  });
  refresh();
  host.replaceChildren(box);
}
