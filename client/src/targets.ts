// The targets page (ADMIN and LEADER, issue 12 item 4): the year's targets of the province and of each
// unit in a table to edit and save (all or nothing), and the targets sheet to upload. The server
// checks the rights and every value; this page shows what it says beside the cells.
import "./zod-no-eval.ts";
import "./offline/register.ts"; // the installable app's service worker (not on the wall)
import type { District } from "../../contract/units.ts";
import { api, messageOf } from "./api.ts";
import { byId, el } from "./dom.ts";
import { applyPageText, initLanguage, language, onLanguageChange, setLanguage, t } from "./i18n/index.ts";
import { mountNav } from "./nav.ts";
import { requireSession } from "./session.ts";
import { problemText } from "./admin/unit-ui.ts";
import { targetsApi } from "./targets/targets-api.ts";
import { createTargetsSheet } from "./targets/targets-sheet.ts";
import { createTargetsTable } from "./targets/targets-table.ts";

initLanguage(location.search);
applyPageText(document, "targets.pageTitle");
const me = await requireSession();
const nav = mountNav(me);
const root = document.documentElement;
const status = byId("targets-status");
const say = (text: string, kind: "ok" | "problem" = "ok") => {
  status.textContent = text;
  status.className = text && kind === "problem" ? "problem" : text ? "notice" : "";
};

const thisYear = Number(new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 4));
const yearSelect = byId<HTMLSelectElement>("targets-year");
const asked = Number(new URLSearchParams(location.search).get("year"));
for (let y = thisYear - 2; y <= thisYear + 2; y++)
  yearSelect.append(el("option", { text: String(y), attrs: { value: String(y) } }));
yearSelect.value = String(asked >= thisYear - 2 && asked <= thisYear + 2 ? asked : thisYear);
const year = () => Number(yearSelect.value);

const table = createTargetsTable(byId<HTMLTableElement>("targets-table"));
let units: District[] = [];
async function load() {
  root.removeAttribute("data-ready");
  try {
    const [list, active] = await Promise.all([targetsApi.list(year()), api.districts()]);
    units = active;
    table.show(list.year, units, list.targets);
    root.dataset.ready = "true";
  } catch (e) {
    say(messageOf(e), "problem");
  }
}
const sheet = createTargetsSheet(byId("targets-sheet"), { year, say, applied: load });

yearSelect.addEventListener("change", () => {
  say("");
  sheet.relabel();
  void load();
});

const save = byId<HTMLButtonElement>("targets-save");
save.addEventListener("click", async () => {
  const typed = table.changes();
  if ("bad" in typed) {
    typed.bad.input.focus();
    return say(t("targets.notNumber", { cell: typed.bad.label, value: typed.bad.input.value }), "problem");
  }
  if (!typed.inputs.length) return say(t("targets.nothing"));
  save.disabled = true;
  say(t("targets.saving"));
  const r = await targetsApi.put(typed.inputs);
  save.disabled = false;
  if (!r.ok) {
    table.markInvalid(typed.cells, r.error.fields ?? {});
    return say(t("targets.failed", { message: problemText(r.error) }), "problem");
  }
  await load();
  say(t("targets.saved", { n: String(r.value.changed) }), "ok");
  root.dataset.saved = String(Number(root.dataset.saved ?? "0") + 1);
});

const intro = byId("targets-intro");
const langSwitch = byId<HTMLButtonElement>("lang-switch");
const relabel = () => {
  applyPageText(document, "targets.pageTitle");
  intro.textContent = t("targets.intro");
  langSwitch.textContent = t("switchLanguage");
  langSwitch.lang = language() === "vi" ? "en" : "vi";
  nav.render();
  sheet.relabel();
};
langSwitch.addEventListener("click", () => setLanguage(language() === "vi" ? "en" : "vi"));
onLanguageChange(() => {
  relabel();
  void load();
});
relabel();
await load();
