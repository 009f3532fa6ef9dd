// The dashboard page: reads the view from the URL, follows its figures live, and keeps tiles,
// charts, the work list and the status bar in step. Each part lives in dashboard/ or charts/.
import "./offline/register.ts"; // the installable app's service worker (not on the wall)
import type { District } from "../../contract/enterprise.ts";
import type { Stats } from "../../contract/stats.ts";
import { api, messageOf } from "./api.ts";
import { createDistrictDensityChart } from "./charts/district-density.ts";
import { createSectorDensityChart } from "./charts/sector-density.ts";
import { createFilters, type FilterChoice } from "./dashboard/filters.ts";
import { createStatusBar } from "./dashboard/status.ts";
import { createPriorityTable } from "./dashboard/table.ts";
import { createTiles } from "./dashboard/tiles.ts";
import { followTargetProgress } from "./dashboard/target-progress.ts";
import { mountCompleteness } from "./completeness/panel.ts";
import { filterOf, readViewState, urlOf, type ViewState } from "./dashboard/view-state.ts";
import { byId } from "./dom.ts";
import { applyPageText, initLanguage, language, onLanguageChange, setLanguage } from "./i18n/index.ts";
import { connectLive } from "./live.ts";
import { mountNav } from "./nav.ts";
import { requireSession } from "./session.ts";
import { audienceOf, createSetupNotice } from "./setup-notice.ts";
import { followUnits } from "./units/follow-units.ts";
import { followReference, type UnitsUpdate } from "./units/reference.ts";

initLanguage(location.search);
applyPageText();
// Reads need a session (or a display token, which is the wall's way): no session, the login page.
const me = await requireSession();
const userMenu = mountNav(me);
onLanguageChange(() => userMenu.render());
// Until the province and its units are set up, the page says so instead of showing empty charts.
const setupNotice = createSetupNotice(
  document.querySelector<HTMLElement>(".filters")!,
  [document.querySelector<HTMLElement>(".filters")!, byId("dashboard")],
  audienceOf(me.role),
);

/** The root carries the live state for people and tests reading the DOM. */
const root = document.documentElement;
let view: ViewState = readViewState(location.search);
let districts: District[] = [];
let stats: Stats | null = null;

const status = createStatusBar();
const tiles = createTiles(byId("tiles"));
const progress = followTargetProgress((p) => tiles.setProgress(p));
const districtChart = createDistrictDensityChart(byId("chart-district"));
const sectorChart = createSectorDensityChart(byId("chart-sector"));
const table = createPriorityTable({
  onPage: (page) => show({ ...view, page }, "replace"),
  onError: (e) => status.setProblem({ key: "loadFailed", message: messageOf(e) }),
});
const filters = createFilters((choice: FilterChoice) => {
  show({ ...view, ...choice, page: 1 }, "push");
  follow();
});
filters.show(view);

function show(next: ViewState, history: "push" | "replace") {
  view = next;
  const url = urlOf(view, language());
  if (history === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

function renderStats(next: Stats, highlight: boolean) {
  stats = next;
  tiles.render(next.totals, { highlight });
  districtChart.render(next, districts);
  sectorChart.render(next, view.sector);
}

const live = connectLive(filterOf(view));
mountCompleteness(byId("dashboard"), live, { filter: () => filterOf(view), role: me.role });
root.dataset.connection = live.connection;
status.setConnection(live.connection);

/** Loads the list and, while the socket is down, the figures over HTTP for the current view. */
function follow() {
  const filter = filterOf(view);
  live.follow(filter);
  progress.follow(filter);
  void table.load(filter, view.page);
  if (live.connection !== "connected") void statsOverHttp();
}

async function statsOverHttp() {
  const asked = view;
  try {
    const fresh = await api.stats(filterOf(asked));
    // The socket may have delivered newer figures, or the view changed, while we waited.
    if (asked === view && live.connection !== "connected") renderStats(fresh, false);
  } catch (e) {
    status.setProblem({ key: "loadFailed", message: messageOf(e) });
  }
}

live.on("snapshot", ({ stats: fresh, at, resync }) => {
  status.setProblem(null);
  status.setChangedAt(at);
  renderStats(fresh, resync);
  // After a gap or a reconnect the rows on screen may be stale.
  if (resync || table.failed) void table.reload();
});
live.on("batch", (batch) => {
  status.setChangedAt(batch.at);
  renderStats(batch.stats, true);
  progress.changed();
  if (batch.truncated) void table.reload();
  else table.applyChanges(batch.enterprises);
});
live.on("seq", (seq) => {
  root.dataset.seq = String(seq);
});
live.on("connection", (state) => {
  root.dataset.connection = state;
  status.setConnection(state);
  if (state === "offline" && !stats) void statsOverHttp();
});
live.on("error", (e) => status.setProblem({ key: "liveFailed", message: messageOf(e) }));

window.addEventListener("popstate", () => {
  view = readViewState(location.search);
  filters.show(view);
  follow();
});

const langSwitch = byId<HTMLButtonElement>("lang-switch");
langSwitch.addEventListener("click", () => setLanguage(language() === "vi" ? "en" : "vi"));
const labelSwitch = () => {
  langSwitch.lang = language() === "vi" ? "en" : "vi";
};
labelSwitch();
onLanguageChange(() => {
  show(view, "replace");
  applyPageText();
  labelSwitch();
  status.relabel();
  tiles.relabel();
  filters.relabel();
  table.relabel();
  districtChart.relabel();
  sectorChart.relabel();
  setupNotice.relabel();
});

void table.load(filterOf(view), view.page);
progress.follow(filterOf(view));
const reference = followReference(live, applyUnits, (message) => status.setProblem({ key: "loadFailed", message }));
void reference.load();

/** The province and its units, first loaded or changed live: relabel, and refilter if the unit
 *  shown was merged or split away (its enterprises arrive as ordinary change batches). */
async function applyUnits(u: UnitsUpdate) {
  districts = u.active;
  byId("province-name").textContent = u.province?.name ?? "";
  setupNotice.show(u.setUp);
  if (view.district !== null && !districts.some((d) => d.id === view.district)) {
    // Merged away: its target; split: the whole province (the filter holds one unit); a bookmarked
    // unit that no longer exists: the whole province rather than nothing.
    const next = u.before ? await followUnits([view.district], u.before, u.all) : [];
    show({ ...view, district: next.length === 1 ? next[0]! : null, page: 1 }, "replace");
    follow();
  }
  filters.setDistricts(districts);
  filters.show(view);
  table.setDistricts(districts);
  if (stats) districtChart.render(stats, districts);
  root.dataset.unitsVersion = String(Number(root.dataset.unitsVersion ?? "0") + 1);
}
