// The targets sheet on the targets page: download the template of the year, upload a file for a dry
// run shown row by row (each error with its row, the sheet's own column and the reason), then apply,
// all or nothing. The units sheet's pattern (admin/units-sheet.ts).
import type { TargetsDryRun } from "../../../contract/targets.ts";
import { el } from "../dom.ts";
import { locale, t } from "../i18n/index.ts";
import { problemText } from "../admin/unit-ui.ts";
import { targetsApi } from "./targets-api.ts";

export function createTargetsSheet(
  host: HTMLElement,
  opts: { year(): number; say(text: string, kind?: "ok" | "problem"): void; applied(): Promise<void> },
) {
  const root = document.documentElement;
  const heading = el("h2");
  const intro = el("p");
  const template = el("a", { attrs: { id: "targets-template", download: "" } });
  const file = el("input", { attrs: { type: "file", id: "targets-file", accept: ".xlsx,.csv,text/csv" } });
  const fileLabel = el("label", { attrs: { for: "targets-file" } });
  const upload = el("button", { class: "secondary", attrs: { type: "submit", id: "targets-upload" } });
  const form = el("form", { class: "field targets-upload" }, [fileLabel, file, upload]);
  const summary = el("p", { attrs: { id: "targets-dry-summary", "aria-live": "polite" } });
  const table = el("table", { class: "dry-run-table", attrs: { id: "targets-dry-table" } });
  const apply = el("button", { class: "primary", attrs: { type: "button", id: "targets-apply" } });
  const result = el("div", { attrs: { id: "targets-dry-run" } }, [
    summary,
    el("div", { class: "table-scroll" }, [table]),
    apply,
  ]);
  result.hidden = true;
  host.replaceChildren(heading, intro, template, form, result);
  let dry: TargetsDryRun | null = null;
  const num = (n: number) => new Intl.NumberFormat(locale()).format(n);

  const render = () => {
    result.hidden = !dry;
    if (!dry) return;
    const s = dry.summary;
    summary.textContent = t("targets.sheetSummary", {
      set: num(s.set),
      unchanged: num(s.unchanged),
      error: num(s.error),
    });
    table.replaceChildren(
      el("thead", {}, [
        el(
          "tr",
          {},
          [
            t("targets.sheetColRow"),
            t("targets.sheetColAction"),
            t("targets.sheetColCode"),
            t("targets.sheetColProblems"),
          ].map((h) => el("th", { text: h, attrs: { scope: "col" } })),
        ),
      ]),
      el(
        "tbody",
        {},
        dry.rows.map((r) =>
          el("tr", { attrs: { "data-action": r.action, "data-row": String(r.row) } }, [
            el("td", { text: String(r.row) }),
            el("td", { text: t(`targets.sheetrow${r.action}`) }),
            el("td", { text: r.values.code || t("targets.province") }),
            el(
              "td",
              {},
              r.errors.length
                ? [
                    el(
                      "ul",
                      {},
                      r.errors.map((e) =>
                        el("li", { text: t("targets.sheetIssue", { column: e.column, message: e.message }) }),
                      ),
                    ),
                  ]
                : [],
            ),
          ]),
        ),
      ),
    );
    apply.textContent = t("targets.sheetApply");
    apply.disabled = s.error > 0 || s.set === 0;
  };

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return opts.say(t("targets.chooseFile"), "problem");
    dry = null;
    render();
    opts.say(t("targets.reading"));
    const r = await targetsApi.dryRun(chosen);
    if (!r.ok) return opts.say(problemText(r.error), "problem");
    dry = r.value;
    render();
    opts.say(dry.summary.error ? t("targets.sheetBlocked") : "", dry.summary.error ? "problem" : "ok");
  });

  apply.addEventListener("click", async () => {
    if (!dry) return;
    apply.disabled = true;
    const r = await targetsApi.apply(dry.importId);
    if (!r.ok) {
      apply.disabled = false;
      return opts.say(problemText(r.error), "problem");
    }
    dry = null;
    render();
    file.value = "";
    await opts.applied();
    opts.say(t("targets.sheetApplied", { n: num(r.value.changed) }), "ok");
    root.dataset.targetsApplied = String(Number(root.dataset.targetsApplied ?? "0") + 1);
  });

  const relabel = () => {
    heading.textContent = t("targets.sheetHeading");
    intro.textContent = t("targets.sheetIntro");
    template.textContent = t("targets.sheetTemplate");
    template.href = targetsApi.templateUrl(opts.year());
    fileLabel.textContent = t("targets.sheetFile");
    upload.textContent = t("targets.sheetUpload");
    render();
  };
  relabel();
  return { relabel };
}
