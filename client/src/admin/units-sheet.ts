// The units sheet (xlsx or CSV: Mã đơn vị, Tên đơn vị, Loại): download the template, upload a file
// for a dry run shown row by row (what each row does; each error with its row, the sheet's own
// column name and the reason), then apply, all or nothing. Like the enterprise import page.
import { UNIT_KINDS, type UnitKind, type UnitsDryRun } from "../../../contract/units.ts";
import { el } from "../dom.ts";
import { locale, t } from "../i18n/index.ts";
import { kindLabel } from "../units/unit-text.ts";
import { unitsApi } from "../units/units-api.ts";
import { problemText } from "./unit-ui.ts";

/** The server reads a kind as its code; shown in words when it is one, else as the sheet wrote it. */
const kindText = (kind: string) =>
  (UNIT_KINDS as readonly string[]).includes(kind) ? kindLabel(kind as UnitKind) : kind;

export interface UnitsSheet {
  element: HTMLElement;
  relabel(): void;
}

export function createUnitsSheet(opts: {
  say(text: string, kind?: "ok" | "problem"): void;
  applied(): Promise<void>;
}): UnitsSheet {
  const root = document.documentElement;
  const heading = el("h4");
  const intro = el("p");
  const template = el("a", { attrs: { href: unitsApi.templateUrl, id: "units-template", download: "" } });
  const file = el("input", { attrs: { type: "file", id: "units-file", accept: ".xlsx,.csv,text/csv" } });
  const fileLabel = el("label", { attrs: { for: "units-file" } });
  const upload = el("button", { class: "secondary", attrs: { type: "submit", id: "units-upload" } });
  const form = el("form", { class: "field" }, [fileLabel, file, upload]);
  const summary = el("p", { attrs: { id: "units-dry-summary", "aria-live": "polite" } });
  const table = el("table", { class: "dry-run-table", attrs: { id: "units-dry-table" } });
  const apply = el("button", { class: "primary", attrs: { type: "button", id: "units-apply" } });
  const result = el("div", { attrs: { id: "units-dry-run" } }, [
    summary,
    el("div", { class: "table-scroll" }, [table]),
    apply,
  ]);
  result.hidden = true;
  let dry: UnitsDryRun | null = null;
  const num = (n: number) => new Intl.NumberFormat(locale()).format(n);

  const render = () => {
    result.hidden = !dry;
    if (!dry) {
      delete root.dataset.unitsDryRun;
      return;
    }
    const s = dry.summary;
    summary.textContent = t("units.sheetSummary", {
      create: num(s.create),
      update: num(s.update),
      unchanged: num(s.unchanged),
      error: num(s.error),
    });
    table.replaceChildren(
      el("thead", {}, [
        el(
          "tr",
          {},
          [
            t("units.sheetColRow"),
            t("units.sheetColAction"),
            t("units.colCode"),
            t("units.colName"),
            t("units.colKind"),
            t("units.sheetColProblems"),
          ].map((h) => el("th", { text: h, attrs: { scope: "col" } })),
        ),
      ]),
      el(
        "tbody",
        {},
        dry.rows.map((r) =>
          el("tr", { attrs: { "data-action": r.action, "data-row": String(r.row) } }, [
            el("td", { text: String(r.row) }),
            el("td", { text: t(`units.sheetrow${r.action}`) }),
            el("td", { text: r.values.code }),
            el("td", { text: r.values.name }),
            el("td", { text: kindText(r.values.kind) }),
            el(
              "td",
              {},
              r.errors.length
                ? [
                    el(
                      "ul",
                      {},
                      r.errors.map((e) =>
                        el("li", { text: t("units.sheetIssue", { column: e.column, message: e.message }) }),
                      ),
                    ),
                  ]
                : [],
            ),
          ]),
        ),
      ),
    );
    const n = s.create + s.update;
    apply.textContent = t("units.sheetApply", { n: num(n) });
    apply.disabled = s.error > 0 || n === 0;
    root.dataset.unitsDryRun = s.error > 0 ? "blocked" : n === 0 ? "empty" : "applicable";
  };

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      opts.say(t("units.chooseFile"), "problem");
      return;
    }
    dry = null;
    render();
    opts.say(t("units.reading"));
    const r = await unitsApi.dryRun(chosen);
    if (!r.ok) {
      opts.say(problemText(r.error), "problem");
      return;
    }
    dry = r.value;
    render();
    if (dry.summary.error) opts.say(t("units.sheetBlocked"), "problem");
    else if (!(dry.summary.create + dry.summary.update)) opts.say(t("units.sheetNothing"));
    else opts.say("");
  });

  apply.addEventListener("click", async () => {
    if (!dry) return;
    apply.disabled = true;
    opts.say(t("units.working"));
    const r = await unitsApi.apply(dry.importId);
    if (!r.ok) {
      apply.disabled = false;
      opts.say(problemText(r.error), "problem");
      return;
    }
    dry = null;
    render();
    file.value = "";
    await opts.applied();
    opts.say(t("units.sheetApplied", { created: num(r.value.created), updated: num(r.value.updated) }));
    root.dataset.unitsApplied = String(Number(root.dataset.unitsApplied ?? "0") + 1);
  });

  const relabel = () => {
    heading.textContent = t("units.sheetHeading");
    intro.textContent = t("units.sheetIntro");
    template.textContent = t("units.sheetTemplate");
    fileLabel.textContent = t("units.sheetFile");
    upload.textContent = t("units.sheetUpload");
    render();
  };
  relabel();
  return {
    element: el("div", { class: "units-sheet", attrs: { id: "units-sheet" } }, [
      heading,
      intro,
      el("p", {}, [template]),
      form,
      result,
    ]),
    relabel,
  };
}
