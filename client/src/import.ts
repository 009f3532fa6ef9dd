// The import page: a district editor downloads the pre-filled template, uploads his edited file,
// reads the dry run (what changes, what is new, what is wrong and where, what each column of his
// sheet is read as, with a choice for the columns not known), and applies it; the server writes all
// of it or nothing. Every right is checked again on the server.
import "./offline/register.ts"; // the installable app's service worker (not on the wall)
import type { District } from "../../contract/enterprise.ts";
import type { DryRun } from "../../contract/import.ts";
import { IMPORT_LIMITS } from "../../contract/import-limits.ts";
import { api } from "./api.ts";
import { byId } from "./dom.ts";
import { importApi } from "./import/import-api.ts";
import { renderDryRun } from "./import/dry-run-table.ts";
import { mappingOf, renderColumns } from "./import/column-map.ts";
import type { ColumnTarget } from "../../contract/import-fields.ts";
import { initLanguage, language, locale, setLanguage, t, type MessageKey } from "./i18n/index.ts";
import { mountNav } from "./nav.ts";
import { requireSession } from "./session.ts";
import { audienceOf, createSetupNotice, isSetUp } from "./setup-notice.ts";

initLanguage(location.search);
const me = await requireSession();
const menu = mountNav(me);
const root = document.documentElement;
const [districts, province]: [District[], Awaited<ReturnType<typeof api.province>>] = await Promise.all([
  api.districts(),
  api.province(),
]);
// Enterprises belong to units: until the province and its units are set up there is nothing to import into.
const setupNotice = createSetupNotice(byId("not-allowed"), [byId("import"), byId("not-allowed")], audienceOf(me.role));
// A partner organisation imports too: rows that change only its organisation's flag (the server refuses the rest).
const mayEdit =
  me.role === "ADMIN" ||
  (me.role === "EDITOR" && me.districtIds.length > 0) ||
  (me.role === "PARTNER" && me.organisation !== null);

const status = byId("import-status");
const table = byId<HTMLTableElement>("dry-run-table");
const applyButton = byId<HTMLButtonElement>("apply-button");
const showUnchanged = byId<HTMLInputElement>("show-unchanged");
let dry: DryRun | null = null;
/** The person's choices for the columns not recognised by their header (kept across a language switch). */
const chosen = new Map<string, ColumnTarget>();
/** What the status line says, kept so a language switch can say it again. */
let said: { key: MessageKey; params?: Record<string, string>; kind: "ok" | "problem" } | null = null;

const num = (n: number) => new Intl.NumberFormat(locale()).format(n);

function say(key: MessageKey | null, params: Record<string, string> = {}, kind: "ok" | "problem" = "ok") {
  said = key ? { key, params, kind } : null;
  renderStatus();
}
function renderStatus() {
  status.textContent = said ? t(said.key, said.params) : "";
  status.className = said?.kind === "problem" ? "problem" : said ? "notice" : "";
  root.dataset.importStatus = said?.kind ?? "";
}

const show = (field: string, v: string | number | boolean | null): string => {
  if (v === null) return "—";
  if (typeof v === "boolean") return v ? t("import.yes") : t("import.no");
  if (field === "districtId") return districts.find((d) => d.id === v)?.name ?? String(v);
  if (typeof v === "number") return num(v);
  return v;
};

function renderDry() {
  const section = byId("dry-run");
  section.hidden = !dry;
  if (!dry) return;
  const s = dry.summary;
  byId("dry-run-summary").textContent = t("import.summary", {
    rows: num(s.rows),
    create: num(s.create),
    update: num(s.update),
    unchanged: num(s.unchanged),
    error: num(s.error),
    stale: num(s.stale),
  });
  renderColumns(byId("dry-run-columns"), dry, chosen);
  byId("remap-row").hidden = !dry.columns.some((c) => c.how !== "recognised");
  renderDryRun(table, dry, showUnchanged.checked, show);
  applyButton.disabled = !dry.applicable;
  applyButton.textContent = t("import.apply", { n: num(s.create + s.update) });
  root.dataset.dryRun = dry.applicable ? "applicable" : "blocked";
}

/** A dry run of the chosen file; with `mapping`, what the person chose for its columns. */
async function upload(mapping?: Record<string, ColumnTarget>) {
  const file = byId<HTMLInputElement>("file-input").files?.[0];
  if (!file) {
    say("import.chooseFile", {}, "problem");
    return;
  }
  if (!mapping) chosen.clear(); // a new file: the server's remembered mapping, not this page's choices
  const before = dry;
  dry = null;
  renderDry();
  say("import.reading");
  const r = await importApi.dryRun(file, mapping);
  if (!r.ok) {
    // A refused mapping leaves the last dry run on screen, to choose again.
    if (mapping) {
      dry = before;
      renderDry();
    }
    say("import.failed", { message: r.error.message }, "problem");
    return;
  }
  dry = r.value;
  renderDry();
  const s = dry.summary;
  if (dry.doubledColumns.length) say("import.blockedColumns", {}, "problem");
  else if (s.error) say("import.blockedErrors", {}, "problem");
  else if (s.stale) say("import.blockedStale", {}, "problem");
  else if (!dry.applicable) say("import.nothingToApply");
  else say(null);
}

async function applyImport() {
  if (!dry?.applicable) return;
  applyButton.disabled = true;
  say("import.applying");
  const r = await importApi.apply(dry.importId);
  if (r.ok) {
    dry = null;
    renderDry();
    say("import.applied", { created: num(r.value.created), updated: num(r.value.updated) });
    root.dataset.applied = "true";
    return;
  }
  const stale = (r.error.current as { stale?: unknown[] } | undefined)?.stale;
  if (r.status === 409 && stale) say("import.staleAtApply", { n: num(stale.length) }, "problem");
  else if (r.status === 403) say("import.forbidden", {}, "problem");
  else say("import.failed", { message: r.error.message }, "problem");
  applyButton.disabled = false;
}

function renderText() {
  document.title = t("import.importTitle");
  byId("import-heading").textContent = t("import.importHeading");
  byId("lang-switch").textContent = language() === "vi" ? "English" : "Tiếng Việt";
  byId("not-allowed").textContent = t("import.notAllowed");
  byId("step-template-text").textContent = t("import.stepTemplate");
  byId("template-link").textContent = t("import.templateLink");
  byId("file-label").textContent = t("import.fileLabel");
  byId("upload-button").textContent = t("import.upload");
  byId("limits-text").textContent = t("import.limits", {
    mb: num(IMPORT_LIMITS.maxBytes / 1048576),
    rows: num(IMPORT_LIMITS.maxRows),
  });
  byId("dry-run-heading").textContent = t("import.dryRunHeading");
  byId("show-unchanged-label").textContent = t("import.showUnchanged");
  byId("remap-button").textContent = t("import.remap");
  byId("remap-hint").textContent = t("import.remapHint");
  menu.render();
  setupNotice.relabel();
  renderDry();
  renderStatus();
}

byId("lang-switch").addEventListener("click", () => {
  setLanguage(language() === "vi" ? "en" : "vi");
  renderText();
});
byId("upload-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  void upload();
});
byId("remap-button").addEventListener("click", () => {
  if (dry) void upload(mappingOf(dry, chosen));
});
applyButton.addEventListener("click", () => {
  void applyImport();
});
showUnchanged.addEventListener("change", renderDry);

renderText();
if (!isSetUp(province, districts)) {
  setupNotice.show(false);
} else if (!mayEdit) {
  byId("not-allowed").hidden = false;
} else {
  byId("import").hidden = false;
  root.dataset.ready = "true";
}
