// The columns of the uploaded file as the dry run read them: each header with the field it gives,
// a choice (a field, or ignore) for every column not recognised by its header, the x-mark columns,
// what is left out and what a new enterprise still needs. The choices go back with "Preview again".
import { IGNORE_COLUMN, IMPORT_FIELD_NAMES, type ColumnTarget } from "../../../contract/import-fields.ts";
import type { DryRun, ImportColumnInfo } from "../../../contract/import.ts";
import { el } from "../dom.ts";
import { hasMessage, t, type MessageKey } from "../i18n/index.ts";

/** A field's column as the template heads it, in the active language. */
export function headerLabel(field: string): string {
  const key = `import.header.${field}`;
  return hasMessage(key) ? t(key as MessageKey) : field;
}

/** The column an issue names: the file's own header when the file has it, else (a column the file
 *  lacks) the template's header in the active language. */
export function issueColumn(issue: { column: string; field?: string | undefined }, dry: DryRun): string {
  if (dry.columns.some((c) => c.header === issue.column) || !issue.field) return issue.column;
  return headerLabel(issue.field);
}

/** A, B, … Z, AA: how Excel names the n-th column (1-based). */
function letterOf(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

const choosable = (c: ImportColumnInfo) => c.how !== "recognised";

/** What the person chose for each choosable column (his choice, else what the dry run did). */
export function mappingOf(dry: DryRun, chosen: ReadonlyMap<string, ColumnTarget>): Record<string, ColumnTarget> {
  const out: Record<string, ColumnTarget> = {};
  for (const c of dry.columns.filter(choosable))
    out[c.header] = chosen.get(c.header) ?? (c.field as ColumnTarget | null) ?? IGNORE_COLUMN;
  return out;
}

function choice(c: ImportColumnInfo, chosen: Map<string, ColumnTarget>): HTMLSelectElement {
  const select = el("select", {
    attrs: { "data-header": c.header, "aria-label": t("import.readAsFor", { header: c.header }) },
  });
  select.append(el("option", { text: t("import.readIgnore"), attrs: { value: IGNORE_COLUMN } }));
  for (const f of IMPORT_FIELD_NAMES) select.append(el("option", { text: headerLabel(f), attrs: { value: f } }));
  select.value = chosen.get(c.header) ?? c.field ?? IGNORE_COLUMN;
  select.addEventListener("change", () => chosen.set(c.header, select.value as ColumnTarget));
  return select;
}

function readAs(c: ImportColumnInfo, chosen: Map<string, ColumnTarget>): HTMLElement {
  const how = el("span", { class: "hint", text: ` ${t(`import.how${c.how}` as MessageKey)}` });
  const marks = c.xMarks ? el("span", { class: "hint", text: ` · ${t("import.xMarks")}` }) : null;
  if (choosable(c)) return el("td", {}, [choice(c, chosen), how]);
  return el("td", {}, [el("strong", { text: c.field ? headerLabel(c.field) : "—" }), how, marks]);
}

/** Fills `box` with the columns table and its notes; `chosen` keeps the person's choices. */
export function renderColumns(box: HTMLElement, dry: DryRun, chosen: Map<string, ColumnTarget>): void {
  const unknown = dry.columns.filter((c) => c.how === "unrecognised").length;
  const notes: HTMLElement[] = [];
  if (unknown) notes.push(el("p", { class: "problem", text: t("import.unrecognised", { n: String(unknown) }) }));
  for (const d of dry.doubledColumns)
    notes.push(
      el("p", {
        class: "problem",
        attrs: { "data-doubled": d.header },
        text: t("import.doubled", { header: d.header, other: d.other, field: headerLabel(d.field) }),
      }),
    );
  if (dry.ignoredColumns.length)
    notes.push(
      el("p", {
        attrs: { "data-ignored": "" },
        text: t("import.ignoredList", { list: dry.ignoredColumns.join(", ") }),
      }),
    );
  if (dry.missingColumns.length)
    notes.push(
      el("p", {
        class: "problem",
        attrs: { "data-missing": "" },
        text: t("import.missingList", { list: dry.missingColumns.map(headerLabel).join(", ") }),
      }),
    );
  const head = el("thead", {}, [
    el(
      "tr",
      {},
      (["import.colLetter", "import.colHeader", "import.colReadAs"] as const).map((k) =>
        el("th", { text: t(k), attrs: { scope: "col" } }),
      ),
    ),
  ]);
  const body = el(
    "tbody",
    {},
    dry.columns.map((c) =>
      el("tr", { attrs: { "data-how": c.how } }, [
        el("td", { text: letterOf(c.column) }),
        el("td", { text: c.header }),
        readAs(c, chosen),
      ]),
    ),
  );
  const table = el("table", { class: "dry-run-table columns-table" }, [head, body]);
  box.replaceChildren(
    el("h3", { text: t("import.columnsHeading") }),
    ...notes,
    el("div", { class: "dry-run-scroll" }, [table]),
  );
}
