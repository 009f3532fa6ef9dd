// The analysis page: filters, cross-filtering charts, drill-down, trends, figures as of a past day,
// a sortable server-paged table and exports. Everything on screen comes from the URL (store.view.ts),
// so a bookmarked or shared address opens the same view. Live changes are merged in place
// (rows rewritten, charts updated, never rebuilt) and a pause freezes the view while reading.
import "./zod-no-eval.ts"; // first: before any schema parses (CSP forbids eval)
import "./offline/register.ts"; // the installable app's service worker (not on the wall)
import { OWNERSHIPS, SECTORS, SIZE_BAND_KEYS, type Ownership, type SizeBand } from "../../contract/codes.ts";
import type { District } from "../../contract/enterprise.ts";
import type { TrendPoint } from "../../contract/history.ts";
import type { Stats } from "../../contract/stats.ts";
import { messageOf } from "./api.ts";
import { renderChips, valueLabel } from "./analysis/chips.ts";
import { createEnterpriseDetail } from "./analysis/detail.ts";
import { aggregatesCsv, downloadText, downloadUrl, trendCsv } from "./analysis/downloads.ts";
import { createFiltersPanel, OWNERSHIP_TEXT, SIZE_TEXT } from "./analysis/filters-panel.ts";
import { createAnalysisPage, createRefresher, latestOnly } from "./analysis/page-state.ts";
import { createPickChart, type PickRow } from "./analysis/pick-chart.ts";
import { analysisApi, exportUrl } from "./analysis/requests.ts";
import {
  DIMENSIONS,
  MEASURES,
  filterOf,
  readState,
  urlOf,
  withValidPicks,
  type AnalysisState,
  type Dimension,
} from "./analysis/state.ts";
import { createAnalysisTable } from "./analysis/table.ts";
import { mountAnalysisCompleteness } from "./analysis/completeness.ts";
import { createTrendChart, measureLabel } from "./analysis/trend-chart.ts";
import { createStatusBar } from "./dashboard/status.ts";
import { createTiles } from "./dashboard/tiles.ts";
import { byId, el } from "./dom.ts";
import { unitName } from "./units/unit-text.ts";
import { createDayField } from "./day-field.ts";
import { formatCount, formatDay } from "./format.ts";
import { applyPageText, initLanguage, language, onLanguageChange, setLanguage, t } from "./i18n/index.ts";
import { connectLive, type LiveFilter } from "./live.ts";
import { mountNav } from "./nav.ts";
import { requireSession } from "./session.ts";
import { audienceOf, createSetupNotice } from "./setup-notice.ts";
import { followUnits } from "./units/follow-units.ts";
import { followReference, type UnitsUpdate } from "./units/reference.ts";

initLanguage(location.search);
applyPageText();
document.title = t("analysisPageTitle");
const me = await requireSession();
const nav = mountNav(me);
onLanguageChange(() => nav.render());
// Until the province and its units are set up, the page says so instead of showing empty charts.
const setupParts = [document.querySelector<HTMLElement>(".analysis-filters")!, byId("crumbs"), byId("analysis")];
const setupNotice = createSetupNotice(setupParts[0]!, setupParts, audienceOf(me.role));

const root = document.documentElement;
/** Everything the page knows: the view (what the address says) and what it loaded for it. */
const store = createAnalysisPage(withValidPicks(readState(location.search)));
/** "As of" a past day, typed dd/mm/yyyy whatever the browser's language. */
const asOfField = createDayField({ input: byId<HTMLInputElement>("as-of"), max: "today" });

const districtName = (id: number) =>
  store.districts.find((d) => d.id === id)?.name ??
  (store.allUnits.find((d) => d.id === id) ? unitName(store.allUnits.find((d) => d.id === id)!) : String(id));
const status = createStatusBar();
const problem = (e: unknown) => status.setProblem({ key: "loadFailed", message: messageOf(e) });

// ---- Parts ----------------------------------------------------------------------------------

const tiles = createTiles(byId("tiles"));
const togglePick = (d: Dimension, key: string) => {
  const pick = { ...store.view.pick };
  if (pick[d] === key) delete pick[d];
  else pick[d] = key;
  go({ ...store.view, pick, page: 1 });
};
const charts: Record<Dimension, ReturnType<typeof createPickChart>> = {
  district: createPickChart(byId("chart-district"), "chartByArea", "ty-le-doan-vien-theo-dia-ban", (k) =>
    togglePick("district", k),
  ),
  sector: createPickChart(byId("chart-sector"), "chartBySector", "ty-le-doan-vien-theo-nganh", (k) =>
    togglePick("sector", k),
  ),
  ownership: createPickChart(byId("chart-ownership"), "chartByOwnership", "ty-le-doan-vien-theo-loai-hinh", (k) =>
    togglePick("ownership", k),
  ),
  size: createPickChart(byId("chart-size"), "chartBySize", "ty-le-doan-vien-theo-quy-mo", (k) => togglePick("size", k)),
};
const trend = createTrendChart(byId("trend-box"));
const table = createAnalysisTable({
  onSort: (sort) => go({ ...store.view, sort, page: 1 }),
  onPage: (page) => go({ ...store.view, page }),
  onOpen: (id) => go({ ...store.view, level: "enterprise", enterprise: id }),
  onError: problem,
});
const detail = createEnterpriseDetail();
const panel = createFiltersPanel((choice) => go(withValidPicks({ ...store.view, ...choice, page: 1 })));

// ---- State → screen ---------------------------------------------------------------------------

/** What each part last loaded for, so a change reloads only the parts it touches. */
const loadedFor = { stats: "", table: "", trend: "", detail: "" };

function go(next: AnalysisState, history: "push" | "replace" = "push") {
  store.view = next;
  const url = urlOf(store.view, language());
  if (history === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
  render();
}

function render() {
  const base = JSON.stringify(filterOf(store.view));
  const statsKey = `${JSON.stringify(DIMENSIONS.map((d) => filterOf(store.view, d)))}|${store.view.asOf}|${store.view.asOf ? store.view.units : ""}`;
  const tableKey = `${base}|${store.view.sort}|${store.view.page}`;
  const trendKey = `${store.view.trendProvince ? "{}" : base}|${store.view.from}|${store.view.to}|${store.view.units}`;

  panel.show(store.view);
  renderChips(store.view, districtName, (next) => go(withValidPicks(next)));
  renderCrumbs();
  renderExports();
  renderAsOf();
  renderPause();
  renderTrendScope();
  byId("overview").hidden = store.view.level !== "overview";
  byId("list").hidden = store.view.level === "enterprise";
  byId("enterprise-detail").hidden = store.view.level !== "enterprise";

  if (base !== store.followed) follow();
  if (statsKey !== loadedFor.stats) {
    loadedFor.stats = statsKey;
    void loadStats(false);
  }
  if (tableKey !== loadedFor.table) {
    loadedFor.table = tableKey;
    void table.load(filterOf(store.view), store.view.sort, store.view.page);
  }
  if (trendKey !== loadedFor.trend) {
    loadedFor.trend = trendKey;
    void loadTrend();
  } else trend.render(store.trendPoints, store.view.measure);
  const detailKey = store.view.level === "enterprise" ? String(store.view.enterprise) : "";
  if (detailKey !== loadedFor.detail) {
    loadedFor.detail = detailKey;
    if (store.view.enterprise !== null)
      void detail.show(store.view.enterprise, districtName).then((e) => {
        if (e) renderCrumbs(e.name);
      });
  }
}

const statsRequests = latestOnly();
async function loadStats(highlight: boolean) {
  const token = statsRequests.next();
  const own = DIMENSIONS.filter((d) => store.view.pick[d] !== undefined);
  try {
    const [main, ...others] = await Promise.all([
      analysisApi.stats(filterOf(store.view), store.view.asOf, store.view.units),
      ...own.map((d) => analysisApi.stats(filterOf(store.view, d), store.view.asOf, store.view.units)),
    ]);
    if (!statsRequests.isLatest(token)) return;
    store.stats = main;
    store.chartStats = new Map(own.map((d, i) => [d, others[i]!]));
    status.setProblem(null);
    renderStats(highlight);
  } catch (e) {
    if (statsRequests.isLatest(token)) problem(e);
  }
}

function renderStats(highlight: boolean) {
  if (!store.stats) return;
  tiles.render(store.stats.totals, { highlight });
  for (const d of DIMENSIONS) charts[d].render(rowsOf(d, store.chartStats.get(d) ?? store.stats), store.view.pick[d]);
  root.dataset.enterprises = String(store.stats.totals.enterprises);
}

/** The bars of a chart, in a fixed order, so a live update changes lengths, never places. */
function rowsOf(d: Dimension, s: Stats): PickRow[] {
  const row = (
    key: string,
    label: string,
    name: string,
    f: { density: number | null; unionMembers: number; headcount: number; enterprises: number } | undefined,
  ): PickRow => ({
    key,
    label,
    name,
    density: f?.density ?? null,
    unionMembers: f?.unionMembers ?? 0,
    headcount: f?.headcount ?? 0,
    enterprises: f?.enterprises ?? 0,
  });
  if (d === "district") {
    const shown =
      store.view.area !== null
        ? [store.view.area]
        : store.view.district.length
          ? store.view.district
          : unitsShown().map((x) => x.id);
    const by = new Map(s.byDistrict.map((r) => [r.districtId, r]));
    return shown.map((id) => row(String(id), districtName(id), districtName(id), by.get(id)));
  }
  if (d === "sector") {
    const by = new Map(s.bySector.map((r) => [r.sector, r]));
    const shown = store.view.sector.length
      ? store.view.sector
      : SECTORS.map((x) => x.code).filter((c) => by.has(c) || store.view.pick.sector === c);
    return shown.map((c) =>
      row(
        c,
        `${c} · ${SECTORS.find((x) => x.code === c)?.[language()] ?? c}`,
        valueLabel("sector", c, districtName),
        by.get(c),
      ),
    );
  }
  if (d === "ownership") {
    const by = new Map(s.byOwnership.map((r) => [r.ownership, r]));
    const shown = store.view.ownership.length
      ? store.view.ownership
      : OWNERSHIPS.filter((o) => !store.view.nonState || o !== "STATE");
    return shown.map((o) => row(o, t(OWNERSHIP_TEXT[o as Ownership]), t(OWNERSHIP_TEXT[o as Ownership]), by.get(o)));
  }
  const by = new Map(s.bySize.map((r) => [r.size, r]));
  const shown = store.view.size.length ? store.view.size : [...SIZE_BAND_KEYS];
  return shown.map((z) => row(z, t(SIZE_TEXT[z as SizeBand]), t(SIZE_TEXT[z as SizeBand]), by.get(z)));
}

const trendRequests = latestOnly();
async function loadTrend() {
  const token = trendRequests.next();
  try {
    const points = await analysisApi.trend(
      store.view.trendProvince ? {} : filterOf(store.view),
      store.view.from,
      store.view.to,
      store.view.units,
    );
    if (!trendRequests.isLatest(token)) return;
    store.trendPoints = points;
    trend.render(points, store.view.measure);
    const from = byId<HTMLInputElement>("trend-from");
    const to = byId<HTMLInputElement>("trend-to");
    if (document.activeElement !== from) from.value = store.view.from ?? points[0]?.month ?? "";
    if (document.activeElement !== to) to.value = store.view.to ?? points[points.length - 1]?.month ?? "";
  } catch (e) {
    if (trendRequests.isLatest(token)) problem(e);
  }
}

function renderCrumbs(enterpriseName?: string) {
  const crumb = (text: string, target: AnalysisState | null) => {
    if (!target) return el("li", { attrs: { "aria-current": "page" } }, [el("span", { text })]);
    const a = el("a", { text, attrs: { href: urlOf(target, language()) } });
    a.addEventListener("click", (e) => {
      e.preventDefault();
      go(target);
    });
    return el("li", {}, [a]);
  };
  const overview = { ...store.view, level: "overview" as const, enterprise: null };
  const items = [
    crumb(
      t("crumbProvince"),
      store.view.area === null && store.view.level === "overview" ? null : { ...overview, area: null, page: 1 },
    ),
  ];
  if (store.view.area !== null)
    items.push(crumb(districtName(store.view.area), store.view.level === "overview" ? null : overview));
  if (store.view.level !== "overview")
    items.push(
      crumb(t("crumbList"), store.view.level === "list" ? null : { ...store.view, level: "list", enterprise: null }),
    );
  if (store.view.level === "enterprise") items.push(crumb(enterpriseName ?? `#${store.view.enterprise}`, null));
  byId("crumb-list").replaceChildren(...items);

  const buttons: HTMLButtonElement[] = [];
  const picked = store.view.pick.district;
  if (store.view.level === "overview" && store.view.area === null && picked !== undefined) {
    const b = el("button", {
      text: t("drillArea", { name: districtName(Number(picked)) }),
      attrs: { type: "button", "data-drill": "area" },
    });
    b.addEventListener("click", () => {
      const pick = { ...store.view.pick };
      delete pick.district;
      go({ ...store.view, area: Number(picked), pick, page: 1 });
    });
    buttons.push(b);
  }
  if (store.view.level === "overview") {
    const b = el("button", { text: t("drillList"), attrs: { type: "button", "data-drill": "list" } });
    b.addEventListener("click", () => go({ ...store.view, level: "list" }));
    buttons.push(b);
  }
  byId("drill").replaceChildren(...buttons);
}

function renderExports() {
  const filter = filterOf(store.view);
  byId<HTMLAnchorElement>("export-csv").href = exportUrl("csv", filter, store.view.sort);
  byId<HTMLAnchorElement>("export-xlsx").href = exportUrl("xlsx", filter, store.view.sort);
}

function renderAsOf() {
  asOfField.day = store.view.asOf ?? "";
  byId<HTMLButtonElement>("as-of-clear").hidden = store.view.asOf === null;
  const note = byId("as-of-note");
  note.hidden = store.view.asOf === null;
  if (store.view.asOf) {
    note.textContent = t("asOfNote", { date: formatDay(store.view.asOf) });
  }
}

function renderTrendScope() {
  byId<HTMLInputElement>("trend-province").checked = store.view.trendProvince;
  byId<HTMLSelectElement>("units-view").value = store.view.units;
  root.dataset.unitsView = store.view.units;
}

/** The district chart's bars: today's units, or, as of a past day "as they were then", the units
 *  active that day (retired ones included, named as such). */
function unitsShown(): District[] {
  const day = store.view.asOf;
  if (!day || store.view.units !== "then") return store.districts;
  return store.allUnits.filter(
    (d) => (d.validFrom === null || d.validFrom <= day) && (d.validTo === null || d.validTo > day),
  );
}

function renderPause() {
  const button = byId<HTMLButtonElement>("pause");
  button.setAttribute("aria-pressed", String(store.view.paused));
  button.textContent = t(store.view.paused ? "liveResume" : "livePause");
  const note = byId("paused-note");
  note.hidden = !store.view.paused;
  note.textContent = t("livePaused", { count: formatCount(store.pendingChanges) });
  root.dataset.paused = String(store.view.paused);
}

// ---- Live -------------------------------------------------------------------------------------

const liveFilterOf = (s: AnalysisState): LiveFilter => {
  const { q: _text, ...rest } = filterOf(s); // live figures have no text search; rows are matched by id
  return rest;
};
store.followed = JSON.stringify(filterOf(store.view));
const live = connectLive(liveFilterOf(store.view));
mountAnalysisCompleteness(live, () => filterOf(store.view), me.role);
function follow() {
  store.followed = JSON.stringify(filterOf(store.view));
  live.follow(liveFilterOf(store.view));
}

/** Figures and the trend follow changes at most this often: each refresh is a few queries. */
const refresher = createRefresher({
  everyMs: 2_000,
  trendEveryMs: 30_000,
  paused: () => store.view.paused,
  // The past does not change when the present does.
  figures: () => {
    if (!store.view.asOf) void loadStats(true);
  },
  trend: () => void loadTrend(),
});

live.on("batch", (batch) => {
  status.setChangedAt(batch.at);
  if (store.view.paused) {
    store.pendingChanges += batch.toSeq - batch.fromSeq + 1;
    renderPause();
    return;
  }
  table.applyChanges(batch.enterprises);
  refresher.schedule();
});
live.on("snapshot", ({ at, resync }) => {
  status.setChangedAt(at);
  if (resync && !store.view.paused) {
    void loadStats(false);
    void table.reload();
  }
});
live.on("seq", (seq) => {
  root.dataset.seq = String(seq);
});
live.on("connection", (c) => {
  root.dataset.connection = c;
  status.setConnection(c);
});
live.on("error", (e) => status.setProblem({ key: "liveFailed", message: messageOf(e) }));
status.setConnection(live.connection);

// ---- Controls -----------------------------------------------------------------------------------

byId("pause").addEventListener("click", () => {
  const resuming = store.view.paused;
  go({ ...store.view, paused: !store.view.paused }, "replace");
  if (resuming) {
    // Catch up with everything that happened while paused, in one go.
    store.pendingChanges = 0;
    renderPause();
    if (!store.view.asOf) void loadStats(true);
    void table.reload();
    void loadTrend();
  }
});
asOfField.input.addEventListener("change", () => {
  // The day field has said what is wrong, if anything; an empty box is today.
  if (asOfField.check()) go({ ...store.view, asOf: asOfField.day || null });
});
byId("as-of-clear").addEventListener("click", () => go({ ...store.view, asOf: null }));
byId<HTMLSelectElement>("units-view").addEventListener("change", (e) =>
  go({ ...store.view, units: (e.target as HTMLSelectElement).value === "then" ? "then" : "now" }),
);
const measureSelect = byId<HTMLSelectElement>("trend-measure");
const fillMeasures = () => {
  measureSelect.replaceChildren(...MEASURES.map((m) => el("option", { text: measureLabel(m), attrs: { value: m } })));
  measureSelect.value = store.view.measure;
};
fillMeasures();
measureSelect.addEventListener("change", () =>
  go({ ...store.view, measure: measureSelect.value as AnalysisState["measure"] }, "replace"),
);
for (const id of ["trend-from", "trend-to"] as const) {
  byId<HTMLInputElement>(id).addEventListener("change", () => {
    const from = byId<HTMLInputElement>("trend-from").value || null;
    const to = byId<HTMLInputElement>("trend-to").value || null;
    go({ ...store.view, from, to });
  });
}
const trendProvince = byId<HTMLInputElement>("trend-province");
trendProvince.addEventListener("change", () => go({ ...store.view, trendProvince: trendProvince.checked }));
byId("trend-png").addEventListener("click", () => downloadUrl(trend.image(), "xu-huong.png"));
byId("trend-csv").addEventListener("click", () =>
  downloadText(
    trendCsv(store.trendPoints, store.view.trendProvince ? "Toàn tỉnh" : "Theo bộ lọc"),
    "xu-huong.csv",
    "text/csv;charset=utf-8",
  ),
);
byId("export-aggregates").addEventListener("click", () => {
  if (!store.stats) return;
  const csv = aggregatesCsv(
    store.stats,
    {
      district: districtName,
      sector: (c) => valueLabel("sector", c, districtName),
      ownership: (o) => t(OWNERSHIP_TEXT[o as Ownership]),
      size: (z) => t(SIZE_TEXT[z as SizeBand]),
    },
    store.view.asOf ? `Ngày ${store.view.asOf}` : "Hiện tại",
  );
  downloadText(csv, "so-lieu-tong-hop.csv", "text/csv;charset=utf-8");
});

window.addEventListener("popstate", () => {
  store.view = withValidPicks(readState(location.search));
  render();
});

const langSwitch = byId<HTMLButtonElement>("lang-switch");
langSwitch.addEventListener("click", () => setLanguage(language() === "vi" ? "en" : "vi"));
onLanguageChange(() => {
  go(store.view, "replace");
  applyPageText();
  document.title = t("analysisPageTitle");
  langSwitch.lang = language() === "vi" ? "en" : "vi";
  status.relabel();
  tiles.relabel();
  panel.relabel();
  table.relabel();
  for (const d of DIMENSIONS) charts[d].relabel();
  trend.relabel();
  fillMeasures();
  renderStats(false);
  setupNotice.relabel();
});

// ---- Start --------------------------------------------------------------------------------------

render();
const reference = followReference(live, applyUnits, (message) => status.setProblem({ key: "loadFailed", message }));
void reference.load();

/** The province and its units, first loaded or changed live: relabel everything, and move filters
 *  that named a unit merged or split away to where its enterprises went. */
async function applyUnits(u: UnitsUpdate) {
  store.districts = u.active;
  store.allUnits = u.all;
  byId("province-name").textContent = u.province?.name ?? "";
  setupNotice.show(u.setUp);
  const active = new Set(store.districts.map((d) => d.id));
  const picked = store.view.pick.district === undefined ? null : Number(store.view.pick.district);
  const gone = [...store.view.district, store.view.area, picked].some((id) => id !== null && !active.has(id));
  if (u.before && gone) {
    const follow = (ids: number[]) => followUnits(ids, u.before!, u.all);
    const district = await follow(store.view.district);
    const area = store.view.area === null ? null : ((await follow([store.view.area]))[0] ?? null);
    const pick = { ...store.view.pick };
    const pickedNext = picked === null ? [] : await follow([picked]);
    if (pickedNext.length === 1) pick.district = String(pickedNext[0]);
    else delete pick.district;
    go(withValidPicks({ ...store.view, district, area, pick, page: 1 }), "replace");
  }
  panel.setDistricts(store.districts);
  panel.show(store.view);
  table.setDistricts(store.districts);
  renderChips(store.view, districtName, (next) => go(withValidPicks(next)));
  renderCrumbs();
  renderStats(false);
  root.dataset.unitsVersion = String(Number(root.dataset.unitsVersion ?? "0") + 1);
}
