// The coordination page (/coordination.html?from=…&to=…[&district=…]): for the Party organisation and
// the Women's Union, Youth Union and Veterans' Association, where each exists, the enterprises with a
// union but without it (a link to that list on the analysis page) and how many were founded in the
// period; the same figures as CSV. A partner's own organisation is marked; it lands here after login.
// Changes accepted anywhere move the figures without a reload (the live feed says when to count again).
import "./zod-no-eval.ts"; // first: the contract's schemas load with this page (CSP forbids eval)
import "./offline/register.ts"; // the installable app's service worker (not on the wall)
import type { Coordination, CoordinationRow } from "../../contract/coordination.ts";
import { COORDINATED_OF } from "../../contract/coordination.ts";
import { api, getJson, messageOf } from "./api.ts";
import { createDayField } from "./day-field.ts";
import { byId, el } from "./dom.ts";
import { connectLive } from "./live.ts";
import { formatCount, formatDay } from "./format.ts";
import { applyPageText, initLanguage, language, setLanguage, t, type MessageKey } from "./i18n/index.ts";
import { mountNav } from "./nav.ts";
import { requireSession } from "./session.ts";

initLanguage(location.search);
const me = await requireSession();
const menu = mountNav(me);
const own = me.role === "PARTNER" && me.organisation ? COORDINATED_OF[me.organisation] : null;

/** Today in Viet Nam (UTC+7), YYYY-MM-DD. */
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const params = new URLSearchParams(location.search);
const from = params.get("from") ?? `${today.slice(0, 4)}-01-01`;
const to = params.get("to") ?? today;
const district = /^\d+$/.test(params.get("district") ?? "") ? params.get("district")! : "";

// Days typed dd/mm/yyyy in both languages, never the browser's own order (day-field.ts).
const fromField = createDayField({ input: byId<HTMLInputElement>("coordination-from"), value: from, required: true });
const toField = createDayField({
  input: byId<HTMLInputElement>("coordination-to"),
  value: to,
  required: true,
  max: "today",
});
const unitSelect = byId<HTMLSelectElement>("coordination-unit");
const csvLink = byId<HTMLAnchorElement>("coordination-csv");
const cards = byId("coordination-cards");
const scope = byId("coordination-scope");
const problem = byId("coordination-problem");

const units = await api.districts();
/** The API's query for the period and unit shown. */
const query = () => {
  const q = new URLSearchParams({ from, to });
  if (district) q.set("district", district);
  return q;
};

byId("coordination-toolbar").addEventListener("submit", (e) => {
  e.preventDefault();
  if (![fromField, toField].map((f) => f.check()).every(Boolean)) return;
  const q = new URLSearchParams(params);
  q.set("from", fromField.day);
  q.set("to", toField.day);
  if (unitSelect.value) q.set("district", unitSelect.value);
  else q.delete("district");
  location.assign(`/coordination.html?${q.toString()}`);
});

/** The analysis page's list of the enterprises with a union and without the organisation. */
function targetHref(row: CoordinationRow): string {
  const q = new URLSearchParams({ union: "true", missing: row.organisation, nonState: "true", level: "list" });
  if (district) q.set("district", district);
  if (language() === "en") q.set("lang", "en");
  return `/analysis.html?${q.toString()}`;
}

let figures: Coordination | null = null;

function card(row: CoordinationRow): HTMLElement {
  const isOwn = row.organisation === own;
  const figure = (label: MessageKey, n: number, key: string) => [
    el("dt", { text: t(label) }),
    el("dd", { text: formatCount(n), attrs: { "data-figure": key } }),
  ];
  return el(
    "section",
    {
      class: "coordination-card",
      attrs: { "data-organisation": row.organisation, ...(isOwn ? { "data-own": "" } : {}) },
    },
    [
      el("h2", {}, [
        isOwn ? el("span", { class: "own-mark", text: t("coordination.own") }) : null,
        document.createTextNode(t(`coordination.name${row.organisation}`)),
      ]),
      el("dl", {}, [
        ...figure("coordination.exists", row.exists, "exists"),
        ...figure("coordination.target", row.target, "target"),
        ...figure("coordination.founded", row.founded, "founded"),
      ]),
      el("a", { text: t("coordination.targetLink"), attrs: { href: targetHref(row), "data-link": "target" } }),
    ],
  );
}

function render() {
  applyPageText(document, "coordination.pageTitle");
  byId("lang-switch").textContent = language() === "vi" ? "English" : "Tiếng Việt";
  menu.render();
  fromField.render();
  toField.render();
  unitSelect.replaceChildren(
    el("option", { text: t("coordination.allUnits"), attrs: { value: "" } }),
    ...units.map((u) => el("option", { text: u.name, attrs: { value: String(u.id) } })),
  );
  unitSelect.value = district;
  const q = query();
  q.set("lang", language());
  csvLink.href = `/api/coordination.csv?${q.toString()}`;
  if (!figures) return;
  scope.textContent = t("coordination.scope", {
    enterprises: formatCount(figures.enterprises),
    withUnion: formatCount(figures.withUnion),
    from: formatDay(figures.from),
    to: formatDay(figures.to),
  });
  // The partner's own organisation first: its work list is what it came for.
  const rows = [...figures.rows].sort((a, b) => Number(b.organisation === own) - Number(a.organisation === own));
  cards.replaceChildren(...rows.map(card));
  document.documentElement.dataset.coordinationSeq = String(figures.seq);
}

byId("lang-switch").addEventListener("click", () => {
  setLanguage(language() === "vi" ? "en" : "vi");
  render();
});

async function refresh() {
  try {
    figures = await getJson<Coordination>(`/api/coordination?${query().toString()}`);
    problem.hidden = true;
    render();
  } catch (e) {
    if (!figures) cards.textContent = "";
    problem.textContent = messageOf(e);
    problem.hidden = false;
  } finally {
    cards.setAttribute("aria-busy", "false");
  }
}

render();
cards.textContent = t("coordination.loading");
await refresh();
// Count again shortly after changes to the enterprises in scope: a burst of changes is one request.
const live = connectLive({ nonState: "true", ...(district ? { district } : {}) });
let again: number | undefined;
live.on("batch", () => {
  clearTimeout(again);
  again = window.setTimeout(() => void refresh(), 500);
});
