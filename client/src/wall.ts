// The wall display for leaders: a TV nobody touches for weeks. Configured by its address alone
// (wall/config.ts), it rotates its panels, follows the figures live, keeps the last figures (marked
// stale) while the server is away, and heals by itself: Socket.io reconnects with backoff, the
// watchdog catches sleep and silent links, and a resubscription brings a fresh snapshot; the page is
// never reloaded. Each part lives in wall/.
import type { District, Province } from "../../contract/units.ts";
import type { Stats } from "../../contract/stats.ts";
import "./wall/font.ts";
import { setAccessToken } from "./api.ts";
import { byId } from "./dom.ts";
import { applyPageText, initLanguage, t } from "./i18n/index.ts";
import { connectLive } from "./live.ts";
import { requireSession } from "./session.ts";
import { audienceOf, createSetupNotice, isSetUp } from "./setup-notice.ts";
import { followUnits } from "./units/follow-units.ts";
import { readWallConfig, rotationOf, wallFilter, type PanelKey } from "./wall/config.ts";
import type { Panel, WallData } from "./wall/panel.ts";
import { createDistrictDensityPanel, createSectorDensityPanel } from "./wall/panels/density.ts";
import { createHeadlinePanel } from "./wall/panels/headline.ts";
import { createHeatPanel } from "./wall/panels/heat.ts";
import { createInitiativesPanel } from "./wall/panels/initiatives.ts";
import { createNoUnionPanel } from "./wall/panels/no-union.ts";
import { createPartyPanel } from "./wall/panels/party.ts";
import { createTickerPanel } from "./wall/panels/ticker.ts";
import { loadReference } from "./wall/reference.ts";
import { startRotation } from "./wall/rotation.ts";
import { scopeText } from "./wall/scope.ts";
import { loadBaseline } from "./wall/compare.ts";
import { createWallStatus } from "./wall/status.ts";
import { createTicker } from "./wall/ticker.ts";
import { createTickerView } from "./wall/ticker-view.ts";
import { startWatchdog } from "./wall/watchdog.ts";
import { followDataTargets } from "./wall/data-targets.ts";

/** Footer lines: the latest changes, always on screen whatever the panel. */
const STRIP_LINES = 2;
/** Socket.io waits at most this long between attempts, for as long as it takes. */
const RECONNECT_MAX_MS = 10_000;

const config = readWallConfig(location.search);
initLanguage(`?lang=${config.lang}`);
setAccessToken(config.token);
// A TV has a display token in its address; without one, a person's session will do, and nobody
// logged in goes to the login page once, at start (never later: a running wall is never navigated).
const me = config.token ? null : await requireSession();
/** The root carries the live state, for the stylesheet and for people and tests reading the DOM. */
const root = document.documentElement;
root.dataset.theme = config.theme;
applyPageText();
document.title = t("wallPageTitle");

const filter = wallFilter(config);
let stats: Stats | null = null;
let districts: District[] = [];
let names = new Map<number, string>();
const districtName = (id: number) => names.get(id) ?? "";
const scope = byId("wall-scope");
scope.textContent = scopeText("", config.ownership);

const ticker = createTicker(filter, districtName);
ticker.attach(createTickerView(byId("ticker-strip"), STRIP_LINES));

// The data's targets unless the address gives its own (?targets=); read before the panels are built.
if (!config.targetsFromAddress)
  await followDataTargets(
    config.targets,
    () => wallFilter(config),
    () => renderShown(false),
  );
else root.dataset.targets = "address";

const PANEL_FACTORIES: Record<PanelKey, () => Panel> = {
  headline: () => createHeadlinePanel(config.targets, scopeText("", config.ownership)),
  district: () => createDistrictDensityPanel(config.targets),
  sector: () => createSectorDensityPanel(config.targets),
  "no-union": () => createNoUnionPanel(config.targets, filter),
  heat: () => createHeatPanel(config.targets, config.theme),
  party: () => createPartyPanel(config.targets),
  initiatives: () => createInitiativesPanel(config.targets),
  ticker: () => createTickerPanel(ticker),
};
const panels = rotationOf(config).map((key) => PANEL_FACTORIES[key]());
byId("wall-panels").append(...panels.map((p) => p.section));

// Each figure beside the same figure some time ago (?compare=): read over HTTP, kept current.
const baseline = loadBaseline(config.compare, filter, () => renderShown(false));
const data = (): WallData | null => {
  if (!stats) return null;
  const before = baseline.stats ? { totals: baseline.stats.totals, text: baseline.text } : null;
  return { stats, districts, districtName, before };
};
const rotation = startRotation(panels, config.rotateSeconds, (panel) => {
  const d = data();
  if (d) panel.render(d, false);
});
const renderShown = (highlight: boolean) => {
  const d = data();
  if (d) rotation.current.render(d, highlight);
};
/**
 * Live batches can come ten times a second; the screen is redrawn at most every RENDER_EVERY_MS
 * (the first at once), so a busy afternoon costs no more CPU than a few changes. A figure that
 * moved twice meanwhile shows the sum ("+3").
 */
const RENDER_EVERY_MS = 500;
let renderTimer: number | undefined;
let lastRenderAt = 0;
const renderLive = () => {
  if (renderTimer !== undefined) return;
  renderTimer = window.setTimeout(
    () => {
      renderTimer = undefined;
      lastRenderAt = Date.now();
      renderShown(true);
    },
    Math.max(0, lastRenderAt + RENDER_EVERY_MS - Date.now()),
  );
};

const status = createWallStatus();
const live = connectLive(filter, { reconnectionDelayMax: RECONNECT_MAX_MS, token: config.token });
/** Figures arrived since the last (re)connection: until then, what is on screen may be old. */
let fresh = false;
const markStale = () => {
  const stale = stats !== null && !(live.connection === "connected" && fresh);
  root.dataset.stale = String(stale);
  status.setStale(stale);
};
root.dataset.connection = live.connection;
status.setConnection(live.connection);

// Until the province and its units are set up, the screen says so (and fills itself in afterwards).
const setupNotice = createSetupNotice(
  byId("wall-panels"),
  [byId("wall-panels"), document.querySelector<HTMLElement>(".wall-foot")!],
  audienceOf(me?.role),
);
let allUnits: District[] = [];
/** The province and its units, loaded or changed live (relabelled without a reload). */
function applyReference(list: District[], province: Province | null) {
  allUnits = list;
  const active = list.filter((d) => d.active !== false);
  setupNotice.show(isSetUp(province, active));
  districts = config.district === null ? active : active.filter((d) => d.id === config.district);
  // Retired units keep their names: the ticker may still show their older changes.
  names = new Map(list.map((d) => [d.id, d.name]));
  const focus = config.district === null ? null : names.get(config.district);
  scope.textContent = scopeText(focus ?? province?.name ?? "", config.ownership);
  renderShown(false);
  ticker.redraw();
}
const reference = loadReference((list, province) =>
  applyReference(
    list.map((d) => ({ ...d, active: d.active ?? true })),
    province,
  ),
);
live.on("units", async ({ province, districts: list }) => {
  const before = allUnits;
  // A wall following one unit that was merged away follows its target from now on.
  if (config.district !== null && !list.some((d) => d.id === config.district && d.active)) {
    const next = await followUnits([config.district], before, list);
    if (next.length === 1) {
      config.district = next[0]!;
      live.follow(wallFilter(config));
    }
  }
  applyReference(list, province);
});
ticker.refetch(false);

live.on("snapshot", ({ stats: next, at, resync }) => {
  stats = next;
  fresh = true;
  status.setChangedAt(at);
  // After a reconnect, what moved while the screen was away is news too.
  renderShown(resync);
  markStale();
  reference.retryNow();
  if (resync) ticker.refetch(true);
});
live.on("batch", (batch) => {
  stats = batch.stats;
  fresh = true;
  status.setChangedAt(batch.at);
  renderLive();
  ticker.fromBatch(batch);
  markStale();
});
live.on("seq", (seq) => {
  root.dataset.seq = String(seq);
});
live.on("connection", (state) => {
  root.dataset.connection = state;
  status.setConnection(state);
  if (state !== "connected") fresh = false;
  else status.setProblem(null);
  markStale();
});
// No token, or a revoked one: the screen keeps asking (live.ts), and says what to fix meanwhile.
live.on("refused", () => status.setProblem(t("wallRefused")));
// The filter comes from a checked address, so a refusal means a server that disagrees: say so
// in the console for whoever installs the screen; the figures keep their stale mark.
live.on("error", (e) =>
  console.warn(`UnionPulse wall: the live feed refused the display's filter: ${e.error.message}`),
);

startWatchdog(live);
// Canvases keep the letters they were drawn with: redraw the charts once the shipped font is in.
document.fonts.addEventListener("loadingdone", () => renderShown(false));
