// The "Tình hình cập nhật số liệu" panel (issue 11 item 4), on the dashboard and the analysis page:
// per unit, active enterprises updated in the last 30 and 90 days and the last update, quiet units
// marked in words and colour. Reloads when the page's filter changes (the live snapshot that follows
// a new filter), when units change, and at most every REFRESH_MS while changes arrive.
import "./completeness.css";
import type { Completeness, CompletenessFigures, UnitCompleteness } from "../../../contract/completeness.ts";
import type { FilterQuery } from "../../../contract/filter.ts";
import { ROLE_RIGHTS } from "../../../contract/roles.ts";
import { getJson, messageOf, queryString } from "../api.ts";
import { el } from "../dom.ts";
import { formatCount, formatDateTime, formatPercent, formatPercentAxis } from "../format.ts";
import { onLanguageChange, t, type MessageKey } from "../i18n/index.ts";
import type { Live } from "../live.ts";

/** Each reload is one grouped query over the change log: while changes stream in, one a while is enough. */
const REFRESH_MS = 5_000;

type Scope = Pick<FilterQuery, "district" | "ownership" | "nonState" | "sector">;
const scopeOf = (f: FilterQuery): Scope => ({
  district: f.district,
  ownership: f.ownership,
  nonState: f.nonState,
  sector: f.sector,
});

export interface CompletenessOptions {
  /** The page's filter now; the panel reads the unit, ownership and sector parts of it. */
  filter: () => FilterQuery;
  /** The role of who is looking: the CSV link is offered to those who may export. */
  role: string;
}

/** Builds the panel at the end of `host` and keeps it current. */
export function mountCompleteness(host: HTMLElement, live: Live, options: CompletenessOptions) {
  const title = el("h2", { attrs: { id: "completeness-title" } });
  const rule = el("p", { class: "worklist-intro completeness-rule" });
  const summary = el("p", { class: "completeness-summary", attrs: { "aria-live": "polite" } });
  const canExport = (ROLE_RIGHTS as Record<string, { export: boolean } | undefined>)[options.role]?.export ?? false;
  const csv = canExport ? el("a", { class: "export-link", attrs: { id: "completeness-csv", download: "" } }) : null;
  const table = el("table", {
    class: "enterprise-table completeness-table",
    attrs: { id: "completeness-table", "aria-labelledby": "completeness-title" },
  });
  const problem = el("p", { class: "problem", attrs: { role: "alert", hidden: "" } });
  const section = el(
    "section",
    { class: "worklist completeness", attrs: { id: "completeness", "aria-labelledby": "completeness-title" } },
    [
      el("div", { class: "worklist-head" }, [title, csv]),
      rule,
      summary,
      el("div", { class: "table-scroll" }, [table]),
      problem,
    ],
  );
  host.append(section);

  let data: Completeness | null = null;
  /** The query being read, while a read is under way; only the latest read's answer is shown. */
  let reading: string | null = null;
  let reads = 0;
  let timer: number | undefined;

  async function load() {
    window.clearTimeout(timer);
    timer = undefined;
    const query = queryString({ ...scopeOf(options.filter()) });
    if (csv) csv.href = `/api/completeness.csv${query}`;
    // The snapshot that follows the page's first subscription asks for what is being read already.
    // Requests are never aborted: a cancelled fetch reads as a failed request in the browser.
    if (reading === query) return;
    const mine = ++reads;
    reading = query;
    table.setAttribute("aria-busy", "true");
    try {
      const fresh = await getJson<Completeness>(`/api/completeness${query}`);
      if (mine !== reads) return;
      data = fresh;
      problem.hidden = true;
      render();
    } catch (e) {
      if (mine !== reads) return;
      problem.hidden = false;
      problem.textContent = t("completeness.loadFailed", { message: messageOf(e) });
    } finally {
      if (mine === reads) {
        reading = null;
        table.removeAttribute("aria-busy");
        section.dataset.loaded = String(mine);
      }
    }
  }

  /** Changes arrived: reload once REFRESH_MS has passed, however many more come meanwhile. */
  function changed() {
    if (timer === undefined) timer = window.setTimeout(() => void load(), REFRESH_MS);
  }

  function render() {
    title.textContent = t("completeness.title");
    if (csv) csv.textContent = t("completeness.csv");
    if (!data) return;
    rule.textContent = t("completeness.rule", {
      recent: formatCount(data.recentDays),
      share: formatPercentAxis(data.quietBelowShare),
    });
    const quiet = data.units.filter((u) => u.quiet).length;
    summary.textContent = t("completeness.summary", {
      quiet: formatCount(quiet),
      units: formatCount(data.units.length),
    });
    section.dataset.quiet = String(quiet);
    const head = (key: MessageKey, params: Record<string, string> = {}, numeric = false) =>
      el("th", { text: t(key, params), attrs: { scope: "col" }, ...(numeric ? { class: "num" } : {}) });
    table.replaceChildren(
      el("thead", {}, [
        el("tr", {}, [
          head("completeness.colUnit"),
          head("completeness.colStatus"),
          head("completeness.colUpdated", { days: formatCount(data.recentDays) }, true),
          head("completeness.colUpdated", { days: formatCount(data.windowDays) }, true),
          head("completeness.colEnterprises", {}, true),
          head("completeness.colLast"),
        ]),
      ]),
      el("tbody", {}, data.units.length ? data.units.map(unitRow) : [emptyRow()]),
      el("tfoot", {}, [row(t("completeness.total"), data.total, "completeness-total")]),
    );
  }

  const emptyRow = () =>
    el("tr", {}, [el("td", { class: "table-empty", text: t("completeness.noUnits"), attrs: { colspan: "6" } })]);

  function unitRow(u: UnitCompleteness) {
    const tr = row(u.name, u, "");
    tr.dataset.districtId = String(u.districtId);
    return tr;
  }

  function row(name: string, f: CompletenessFigures, cls: string) {
    const counted = (n: number, share: number | null, kind: string) =>
      el("td", { class: `num ${kind}`, text: `${formatCount(n)} (${formatPercent(share)})` });
    const state = f.enterprises === 0 ? "empty" : f.quiet ? "quiet" : "reporting";
    const tr = el("tr", { class: `${cls} is-${state}`.trim() }, [
      el("th", { text: name, attrs: { scope: "row" } }),
      // The state second, beside the name: on a phone it is in view before the table scrolls.
      el("td", { class: "completeness-state" }, [
        el("span", { class: `completeness-flag flag-${state}`, text: t(`completeness.state.${state}`) }),
      ]),
      counted(f.updated30, f.share30, "completeness-recent"),
      counted(f.updated90, f.share90, "completeness-window"),
      el("td", { class: "num completeness-enterprises", text: formatCount(f.enterprises) }),
      el("td", {
        class: "completeness-last",
        text: f.lastUpdate ? formatDateTime(new Date(f.lastUpdate)) : t("completeness.never"),
      }),
    ]);
    tr.dataset.quiet = String(f.quiet);
    return tr;
  }

  live.on("snapshot", () => void load()); // a new filter, or back after a gap
  live.on("batch", changed);
  live.on("units", () => void load()); // merged, split, renamed: rows and names change at once
  onLanguageChange(render);
  render();
  void load();
  return { reload: load };
}
