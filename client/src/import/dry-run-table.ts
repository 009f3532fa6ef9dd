// The dry run, row by row: what each row of the file would do, the changes old → new, and what is
// wrong (column and reason), rows to look at highlighted. Unchanged rows are hidden unless asked.
import type { DryRun, ImportRow } from "../../../contract/import.ts";
import { el } from "../dom.ts";
import { hasMessage, language, t, type MessageKey } from "../i18n/index.ts";
import { issueColumn } from "./column-map.ts";

/** A row issue in the active language: the server's Vietnamese reason (it names the cell's value
 *  and the row it repeats), or the catalogue's words for its code. */
export function issueText(issue: { code: string; reason: string }): string {
  const key = `import.issue.${issue.code}`;
  return language() === "vi" || !hasMessage(key) ? issue.reason : t(key);
}

/** A field's short label for the changes column. */
function fieldLabel(field: string): string {
  const key = `import.field${field}`;
  return hasMessage(key) ? t(key) : field;
}

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

/** "Cột 'Có Hội PN', dòng 7: …": the column as the file heads it, never a field's internal name. */
function problemsCell(r: ImportRow, dry: DryRun): HTMLElement {
  const items = r.errors.map((e) =>
    el("li", { text: t("import.issueAt", { column: issueColumn(e, dry), row: String(r.row), reason: issueText(e) }) }),
  );
  return el("td", {}, items.length ? [el("ul", {}, items)] : []);
}

export function renderDryRun(table: HTMLTableElement, dry: DryRun, showUnchanged: boolean, show: ValueText): void {
  const head = el("thead", {}, [
    el(
      "tr",
      {},
      (
        [
          "import.colRow",
          "import.colAction",
          "import.colEnterprise",
          "import.colChanges",
          "import.colProblems",
        ] as const
      ).map((k) => el("th", { text: t(k), attrs: { scope: "col" } })),
    ),
  ]);
  const shown = dry.rows.filter((r) => showUnchanged || r.action !== "unchanged").slice(0, MAX_SHOWN);
  const body = el(
    "tbody",
    {},
    shown.map((r) =>
      el("tr", { attrs: { "data-action": r.action, "data-row": String(r.row) } }, [
        el("td", { text: String(r.row) }),
        el("td", { text: t(`import.action${r.action}` as MessageKey) }),
        el("td", { text: [r.name, r.taxCode].filter(Boolean).join(" · ") }),
        changesCell(r, show),
        problemsCell(r, dry),
      ]),
    ),
  );
  table.replaceChildren(head, body);
}
