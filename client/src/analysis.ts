// The analysis page: filters, cross-filtering charts, drill-down, trends, figures as of a past day,
// a sortable server-paged table and exports. Everything on screen comes from the URL (state.ts),
// so a bookmarked or shared address opens the same view. Live changes are merged in place
// (rows rewritten, charts updated, never rebuilt) and a pause freezes the view while reading.
import "./zod-no-eval.ts"; // first: before any schema parses (CSP forbids eval)
import { OWNERSHIPS, SECTORS, SIZE_BAND_KEYS, type Ownership, type SizeBand } from "../../contract/codes.ts";
import type { District } from "../../contract/enterprise.ts";
import type { TrendPoint } from "../../contract/history.ts";
import type { Stats } from "../../contract/stats.ts";
import { messageOf } from "./api.ts";
import { renderChips, valueLabel } from "./analysis/chips.ts";
import { createEnterpriseDetail } from "./analysis/detail.ts";
import { aggregatesCsv, downloadText, downloadUrl, trendCsv } from "./analysis/downloads.ts";
import { createFiltersPanel, OWNERSHIP_TEXT, SIZE_TEXT } from "./analysis/filters-panel.ts";
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
let state: AnalysisState = withValidPicks(readState(location.search));
/** "As of" a past day, typed dd/mm/yyyy whatever the browser's language. */
const asOfField = createDayField({ input: byId<HTMLInputElement>("as-of"), max: "today" });
let districts: District[] = [];
/** Every unit, retired ones too: "as the units were then" shows and names them. */
let allUnits: District[] = [];
let stats: Stats | null = null;
let chartStats = new Map<Dimension, Stats>();
let trendPoints: TrendPoint[] = [];
let pendingChanges = 0;

const districtName = (id: number) =>
  districts.find((d) => d.id === id)?.name ??
  (allUnits.find((d) => d.id === id) ? unitName(allUnits.find((d) => d.id === id)!) : String(id));
const status = createStatusBar();
const problem = (e: unknown) => status.setProblem({ key: "loadFailed", message: messageOf(e) });

// ---- Parts ----------------------------------------------------------------------------------

const tiles = createTiles(byId("tiles"));
const togglePick = (d: Dimension, key: string) => {
  const pick = { ...state.pick };
  if (pick[d] === key) delete pick[d];
  else pick[d] = key;
  go({ ...state, pick, page: 1 });
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
  onSort: (sort) => go({ ...state, sort, page: 1 }),
  onPage: (page) => go({ ...state, page }),
  onOpen: (id) => go({ ...state, level: "enterprise", enterprise: id }),
  onError: problem,
});
const detail = createEnterpriseDetail();
const panel = createFiltersPanel((choice) => go(withValidPicks({ ...state, ...choice, page: 1 })));

// ---- State → screen ---------------------------------------------------------------------------

/** What each part last loaded for, so a change reloads only the parts it touches. */
const loadedFor = { stats: "", table: "", trend: "", detail: "" };

function go(next: AnalysisState, history: "push" | "replace" = "push") {
  state = next;
  const url = urlOf(state, language());
  if (history === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
  render();
}

function render() {
  const base = JSON.stringify(filterOf(state));
  const statsKey = `${JSON.stringify(DIMENSIONS.map((d) => filterOf(state, d)))}|${state.asOf}|${state.asOf ? state.units : ""}`;
  const tableKey = `${base}|${state.sort}|${state.page}`;
  const trendKey = `${state.trendProvince ? "{}" : base}|${state.from}|${state.to}|${state.units}`;

  panel.show(state);
  renderChips(state, districtName, (next) => go(withValidPicks(next)));
  renderCrumbs();
  renderExports();
  renderAsOf();
  renderPause();
  renderTrendScope();
  byId("overview").hidden = state.level !== "overview";
  byId("list").hidden = state.level === "enterprise";
  byId("enterprise-detail").hidden = state.level !== "enterprise";

  if (base !== lastFollowed) follow();
  if (statsKey !== loadedFor.stats) {
    loadedFor.stats = statsKey;
    void loadStats(false);
  }
  if (tableKey !== loadedFor.table) {
    loadedFor.table = tableKey;
    void table.load(filterOf(state), state.sort, state.page);
  }
  if (trendKey !== loadedFor.trend) {
    loadedFor.trend = trendKey;
    void loadTrend();
  } else trend.render(trendPoints, state.measure);
  const detailKey = state.level === "enterprise" ? String(state.enterprise) : "";
  if (detailKey !== loadedFor.detail) {
    loadedFor.detail = detailKey;
    if (state.enterprise !== null)
      void detail.show(state.enterprise, districtName).then((e) => {
        if (e) renderCrumbs(e.name);
      });
  }
}

let statsRequest = 0;
async function loadStats(highlight: boolean) {
  const token = ++statsRequest;
  const own = DIMENSIONS.filter((d) => state.pick[d] !== undefined);
  try {
    const [main, ...others] = await Promise.all([
      analysisApi.stats(filterOf(state), state.asOf, state.units),
      ...own.map((d) => analysisApi.stats(filterOf(state, d), state.asOf, state.units)),
    ]);
    if (token !== statsRequest) return;
    stats = main;
    chartStats = new Map(own.map((d, i) => [d, others[i]!]));
    status.setProblem(null);
    renderStats(highlight);
  } catch (e) {
    if (token === statsRequest) problem(e);
  }
}

function renderStats(highlight: boolean) {
  if (!stats) return;
  tiles.render(stats.totals, { highlight });
  for (const d of DIMENSIONS) charts[d].render(rowsOf(d, chartStats.get(d) ?? stats), state.pick[d]);
  root.dataset.enterprises = String(stats.totals.enterprises);
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
      state.area !== null ? [state.area] : state.district.length ? state.district : unitsShown().map((x) => x.id);
    const by = new Map(s.byDistrict.map((r) => [r.districtId, r]));
    return shown.map((id) => row(String(id), districtName(id), districtName(id), by.get(id)));
  }
  if (d === "sector") {
    const by = new Map(s.bySector.map((r) => [r.sector, r]));
    const shown = state.sector.length
      ? state.sector
      : SECTORS.map((x) => x.code).filter((c) => by.has(c) || state.pick.sector === c);
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
    const shown = state.ownership.length ? state.ownership : OWNERSHIPS.filter((o) => !state.nonState || o !== "STATE");
    return shown.map((o) => row(o, t(OWNERSHIP_TEXT[o as Ownership]), t(OWNERSHIP_TEXT[o as Ownership]), by.get(o)));
  }
  const by = new Map(s.bySize.map((r) => [r.size, r]));
  const shown = state.size.length ? state.size : [...SIZE_BAND_KEYS];
  return shown.map((z) => row(z, t(SIZE_TEXT[z as SizeBand]), t(SIZE_TEXT[z as SizeBand]), by.get(z)));
}

let trendRequest = 0;
async function loadTrend() {
  const token = ++trendRequest;
  try {
    const points = await analysisApi.trend(
      state.trendProvince ? {} : filterOf(state),
      state.from,
      state.to,
      state.units,
    );
    if (token !== trendRequest) return;
    trendPoints = points;
    trend.render(points, state.measure);
    const from = byId<HTMLInputElement>("trend-from");
    const to = byId<HTMLInputElement>("trend-to");
    if (document.activeElement !== from) from.value = state.from ?? points[0]?.month ?? "";
    if (document.activeElement !== to) to.value = state.to ?? points[points.length - 1]?.month ?? "";
  } catch (e) {
    if (token === trendRequest) problem(e);
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
  const overview = { ...state, level: "overview" as const, enterprise: null };
  const items = [
    crumb(
      t("crumbProvince"),
      state.area === null && state.level === "overview" ? null : { ...overview, area: null, page: 1 },
    ),
  ];
  if (state.area !== null) items.push(crumb(districtName(state.area), state.level === "overview" ? null : overview));
  if (state.level !== "overview")
    items.push(crumb(t("crumbList"), state.level === "list" ? null : { ...state, level: "list", enterprise: null }));
  if (state.level === "enterprise") items.push(crumb(enterpriseName ?? `#${state.enterprise}`, null));
  byId("crumb-list").replaceChildren(...items);

  const buttons: HTMLButtonElement[] = [];
  const picked = state.pick.district;
  if (state.level === "overview" && state.area === null && picked !== undefined) {
    const b = el("button", {
      text: t("drillArea", { name: districtName(Number(picked)) }),
      attrs: { type: "button", "data-drill": "area" },
    });
    b.addEventListener("click", () => {
      const pick = { ...state.pick };
      delete pick.district;
      go({ ...state, area: Number(picked), pick, page: 1 });
    });
    buttons.push(b);
  }
  if (state.level === "overview") {
    const b = el("button", { text: t("drillList"), attrs: { type: "button", "data-drill": "list" } });
    b.addEventListener("click", () => go({ ...state, level: "list" }));
    buttons.push(b);
  }
  byId("drill").replaceChildren(...buttons);
}

function renderExports() {
  const filter = filterOf(state);
  byId<HTMLAnchorElement>("export-csv").href = exportUrl("csv", filter, state.sort);
  byId<HTMLAnchorElement>("export-xlsx").href = exportUrl("xlsx", filter, state.sort);
}

function renderAsOf() {
  asOfField.day = state.asOf ?? "";
  byId<HTMLButtonElement>("as-of-clear").hidden = state.asOf === null;
  const note = byId("as-of-note");
  note.hidden = state.asOf === null;
  if (state.asOf) {
    note.textContent = t("asOfNote", { date: formatDay(state.asOf) });
  }
}

function renderTrendScope() {
  byId<HTMLInputElement>("trend-province").checked = state.trendProvince;
  byId<HTMLSelectElement>("units-view").value = state.units;
  root.dataset.unitsView = state.units;
}

/** The district chart's bars: today's units, or, as of a past day "as they were then", the units
 *  active that day (retired ones included, named as such). */
function unitsShown(): District[] {
  const day = state.asOf;
  if (!day || state.units !== "then") return districts;
  return allUnits.filter(
    (d) => (d.validFrom === null || d.validFrom <= day) && (d.validTo === null || d.validTo > day),
  );
}

function renderPause() {
  const button = byId<HTMLButtonElement>("pause");
  button.setAttribute("aria-pressed", String(state.paused));
  button.textContent = t(state.paused ? "liveResume" : "livePause");
  const note = byId("paused-note");
  note.hidden = !state.paused;
  note.textContent = t("livePaused", { count: formatCount(pendingChanges) });
  root.dataset.paused = String(state.paused);
}

// ---- Live -------------------------------------------------------------------------------------

const liveFilterOf = (s: AnalysisState): LiveFilter => {
  const { q: _text, ...rest } = filterOf(s); // live figures have no text search; rows are matched by id
  return rest;
};
let lastFollowed = JSON.stringify(filterOf(state));
const live = connectLive(liveFilterOf(state));
function follow() {
  lastFollowed = JSON.stringify(filterOf(state));
  live.follow(liveFilterOf(state));
}

/** Figures and the trend follow changes at most this often: each refresh is a few queries. */
const REFRESH_MS = 2_000;
const TREND_REFRESH_MS = 30_000;
let refreshTimer: number | undefined;
let lastTrendRefresh = Date.now();
function scheduleRefresh() {
  if (refreshTimer !== undefined) return;
  refreshTimer = window.setTimeout(() => {
    refreshTimer = undefined;
    if (state.paused) return;
    // The past does not change when the present does.
    if (!state.asOf) void loadStats(true);
    if (Date.now() - lastTrendRefresh > TREND_REFRESH_MS) {
      lastTrendRefresh = Date.now();
      void loadTrend();
    }
  }, REFRESH_MS);
}

live.on("batch", (batch) => {
  status.setChangedAt(batch.at);
  if (state.paused) {
    pendingChanges += batch.toSeq - batch.fromSeq + 1;
    renderPause();
    return;
  }
  table.applyChanges(batch.enterprises);
  scheduleRefresh();
});
live.on("snapshot", ({ at, resync }) => {
  status.setChangedAt(at);
  if (resync && !state.paused) {
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
  const resuming = state.paused;
  go({ ...state, paused: !state.paused }, "replace");
  if (resuming) {
    // Catch up with everything that happened while paused, in one go.
    pendingChanges = 0;
    renderPause();
    if (!state.asOf) void loadStats(true);
    void table.reload();
    void loadTrend();
  }
});
asOfField.input.addEventListener("change", () => {
  // The day field has said what is wrong, if anything; an empty box is today.
  if (asOfField.check()) go({ ...state, asOf: asOfField.day || null });
});
byId("as-of-clear").addEventListener("click", () => go({ ...state, asOf: null }));
byId<HTMLSelectElement>("units-view").addEventListener("change", (e) =>
  go({ ...state, units: (e.target as HTMLSelectElement).value === "then" ? "then" : "now" }),
);
const measureSelect = byId<HTMLSelectElement>("trend-measure");
const fillMeasures = () => {
  measureSelect.replaceChildren(...MEASURES.map((m) => el("option", { text: measureLabel(m), attrs: { value: m } })));
  measureSelect.value = state.measure;
};
fillMeasures();
measureSelect.addEventListener("change", () =>
  go({ ...state, measure: measureSelect.value as AnalysisState["measure"] }, "replace"),
);
for (const id of ["trend-from", "trend-to"] as const) {
  byId<HTMLInputElement>(id).addEventListener("change", () => {
    const from = byId<HTMLInputElement>("trend-from").value || null;
    const to = byId<HTMLInputElement>("trend-to").value || null;
    go({ ...state, from, to });
  });
}
const trendProvince = byId<HTMLInputElement>("trend-province");
trendProvince.addEventListener("change", () => go({ ...state, trendProvince: trendProvince.checked }));
byId("trend-png").addEventListener("click", () => downloadUrl(trend.image(), "xu-huong.png"));
byId("trend-csv").addEventListener("click", () =>
  downloadText(
    trendCsv(trendPoints, state.trendProvince ? "Toàn tỉnh" : "Theo bộ lọc"),
    "xu-huong.csv",
    "text/csv;charset=utf-8",
  ),
);
byId("export-aggregates").addEventListener("click", () => {
  if (!stats) return;
  const csv = aggregatesCsv(
    stats,
    {
      district: districtName,
      sector: (c) => valueLabel("sector", c, districtName),
      ownership: (o) => t(OWNERSHIP_TEXT[o as Ownership]),
      size: (z) => t(SIZE_TEXT[z as SizeBand]),
    },
    state.asOf ? `Ngày ${state.asOf}` : "Hiện tại",
  );
  downloadText(csv, "so-lieu-tong-hop.csv", "text/csv;charset=utf-8");
});

window.addEventListener("popstate", () => {
  state = withValidPicks(readState(location.search));
  render();
});

const langSwitch = byId<HTMLButtonElement>("lang-switch");
langSwitch.addEventListener("click", () => setLanguage(language() === "vi" ? "en" : "vi"));
onLanguageChange(() => {
  go(state, "replace");
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
  districts = u.active;
  allUnits = u.all;
  byId("province-name").textContent = u.province?.name ?? "";
  setupNotice.show(u.setUp);
  const active = new Set(districts.map((d) => d.id));
  const picked = state.pick.district === undefined ? null : Number(state.pick.district);
  const gone = [...state.district, state.area, picked].some((id) => id !== null && !active.has(id));
  if (u.before && gone) {
    const follow = (ids: number[]) => followUnits(ids, u.before!, u.all);
    const district = await follow(state.district);
    const area = state.area === null ? null : ((await follow([state.area]))[0] ?? null);
    const pick = { ...state.pick };
    const pickedNext = picked === null ? [] : await follow([picked]);
    if (pickedNext.length === 1) pick.district = String(pickedNext[0]);
    else delete pick.district;
    go(withValidPicks({ ...state, district, area, pick, page: 1 }), "replace");
  }
  panel.setDistricts(districts);
  panel.show(state);
  table.setDistricts(districts);
  renderChips(state, districtName, (next) => go(withValidPicks(next)));
  renderCrumbs();
  renderStats(false);
  root.dataset.unitsVersion = String(Number(root.dataset.unitsVersion ?? "0") + 1);
}
