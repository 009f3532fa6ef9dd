// The dry run, row by row: what each row of the file would do, the changes old → new, and what is
// wrong (column and reason), rows to look at highlighted. Unchanged rows are hidden unless asked.
import type { DryRun, ImportRow } from "../../../contract/import.ts";
import { el } from "../dom.ts";
import { fieldLabel, issueText, ix, type ImportKey } from "../i18n/import-text.ts";

export interface ValueText {
  (field: string, v: string | number | boolean | null): string;
}

/** Above this many rows shown, the table stops (a 20,000-row file is read in the summary). */
const MAX_SHOWN = 2_000;

function changesCell(r: ImportRow, show: ValueText): HTMLElement {
  const items = Object.entries(r.changes).map(([field, [old, now]]) =>
    el("li", {}, [
      document.createTextNode(`${fieldLabel(field)}: `),
      ...(r.action === "create"
        ? []
        : [el("span", { class: "old", text: show(field, old) }), document.createTextNode(" → ")]),
      el("strong", { text: show(field, now) }),
    ]),
  );
  return el("td", {}, items.length ? [el("ul", {}, items)] : []);
}

function problemsCell(r: ImportRow): HTMLElement {
  const items = r.errors.map((e) => el("li", { text: `${e.column}: ${issueText(e)}` }));
  return el("td", {}, items.length ? [el("ul", {}, items)] : []);
}

export function renderDryRun(table: HTMLTableElement, dry: DryRun, showUnchanged: boolean, show: ValueText): void {
  const head = el("thead", {}, [
    el(
      "tr",
      {},
      (["colRow", "colAction", "colEnterprise", "colChanges", "colProblems"] as ImportKey[]).map((k) =>
        el("th", { text: ix(k), attrs: { scope: "col" } }),
      ),
    ),
  ]);
  const shown = dry.rows.filter((r) => showUnchanged || r.action !== "unchanged").slice(0, MAX_SHOWN);
  const body = el(
    "tbody",
    {},
    shown.map((r) =>
      el("tr", { attrs: { "data-action": r.action, "data-row": String(r.row) } }, [
        el("td", { text: String(r.row) }),
        el("td", { text: ix(`action${r.action}` as ImportKey) }),
        el("td", { text: [r.name, r.taxCode].filter(Boolean).join(" · ") }),
        changesCell(r, show),
        problemsCell(r),
      ]),
    ),
  );
  table.replaceChildren(head, body);
}
