// The editor page: a district editor (or an administrator) finds an enterprise of his districts,
// changes it, and saves with the version he loaded; a newer save by someone else opens the
// side-by-side conflict view. Or registers a new enterprise. A partner organisation's account finds
// any enterprise and may tick only its organisation's flag. The server checks every right again.
import "./zod-no-eval.ts"; // first: before any schema parses (CSP forbids eval)
import { holdReloadWhile } from "./offline/register.ts";
import type { Me } from "../../contract/accounts.ts";
import type { District, Enterprise, EnterprisePatch } from "../../contract/enterprise.ts";
import { EDITABLE_FIELDS, EnterpriseCreate } from "../../contract/enterprise.ts";
import { PARTNER_FLAG } from "../../contract/roles.ts";
import { api } from "./api.ts";
import { byId, el } from "./dom.ts";
import { formatCount, formatDateTime } from "./format.ts";
import { showConflict } from "./editor/conflict.ts";
import { editorApi, type WriteResult } from "./editor/editor-api.ts";
import { createEnterpriseForm, fieldLabel, type FieldName, type FormValues } from "./editor/form.ts";
import { renderHistory } from "./editor/history.ts";
import { fieldIssueText, initLanguage, language, setLanguage, t } from "./i18n/index.ts";
import { mountNav } from "./nav.ts";
import { requireSession } from "./session.ts";
import { audienceOf, createSetupNotice, isSetUp } from "./setup-notice.ts";
import { createEraseButton, createLifecycleFields, eraseEnterprise } from "./editor/lifecycle.ts";
import { createOfflineSaves, withPatch } from "./editor/offline-saves.ts";

initLanguage(location.search);
const me: Me = await requireSession();
const menu = mountNav(me);
const root = document.documentElement;

const [allDistricts, province]: [District[], Awaited<ReturnType<typeof api.province>>] = await Promise.all([
  api.districts(),
  api.province(),
]);
// Until the province and its units are set up there is nothing to edit: say so, and who can set it up.
const setupNotice = createSetupNotice(byId("not-allowed"), [byId("editor"), byId("not-allowed")], audienceOf(me.role));
const sectors = (await (await fetch("/api/sectors")).json()) as { code: string; vi: string; en: string }[];
/** A partner's one editable field (its organisation's flag), on any enterprise; null for other roles. */
const onlyField = me.role === "PARTNER" && me.organisation ? PARTNER_FLAG[me.organisation] : null;
/** Whether the account works across the whole province (search in every unit). */
const provinceWide = me.role === "ADMIN" || onlyField !== null;
const editable = provinceWide ? allDistricts : allDistricts.filter((d) => me.districtIds.includes(d.id));

const status = byId("editor-status");
const conflictSlot = byId("conflict-slot");
const historyHost = byId("history");
const districtSelect = byId<HTMLSelectElement>("search-district");
const results = byId<HTMLUListElement>("results");

const form = createEnterpriseForm({
  districts: editable,
  sectors,
  lang: language,
  ownershipLabel: (o) => t(`ownership${o}` as Parameters<typeof t>[0]),
  onSubmit: () => {
    void submit();
  },
  onlyField,
});
byId("form-slot").append(form.element);
// Status and its date sit above the save button; erasing (administrators only) beside the title.
const lifecycle = createLifecycleFields();
form.element.insertBefore(lifecycle.element, form.element.querySelector("#save")!.parentElement);
if (onlyField) (lifecycle.element as HTMLFieldSetElement).disabled = true;
// A partner sees which box is its own, and registers nothing: the form waits for an enterprise.
const partnerNote = el("p", { class: "notice", attrs: { id: "partner-note" } });
if (onlyField) {
  byId("form-slot").before(partnerNote);
  // Its own box and Save first, where a phone shows them without scrolling; the rest follows for reading.
  const own = form.element.querySelector(`[data-field="${onlyField}"]`);
  const save = form.element.querySelector("#save")?.parentElement;
  if (own) form.element.prepend(own, ...(save ? [save] : []));
}
byId("new-enterprise").hidden = onlyField !== null;
const erase = createEraseButton(() => void eraseLoaded());
erase.element.hidden = true;
if (me.role === "ADMIN") byId("form-title").after(erase.element);

async function eraseLoaded() {
  if (!editing) return;
  const gone = editing;
  const r = await eraseEnterprise(gone);
  if (!r.ok) {
    if (r.message) say(t("editor.saveFailed", { message: r.message }), "problem");
    return;
  }
  startNew();
  say(t("units.erased", { name: gone.name }));
  await search();
}

const isFieldName = (f: string): f is FieldName => (EDITABLE_FIELDS as string[]).includes(f);

/** What the form is editing: the record as loaded (its version is what a save carries), or a new one. */
let editing: Enterprise | null = null;
// A new release reloads the page, but not over typing that is not saved yet.
holdReloadWhile(() => editing !== null && Object.keys(changesOf(editing, form.values())).length > 0);

// Saves without a connection wait on this device and go out in order when it returns (issue 11).
const offline = createOfflineSaves(me, {
  save: editorApi.save,
  sent(saved) {
    say(t("offline.sent", { count: formatCount(saved.length) }));
    const mine = editing && saved.findLast((e) => e.id === editing!.id);
    if (mine && !Object.keys(changesOf(editing!, form.values())).length) void load(mine);
  },
  async conflict(edit, result, settled) {
    await load(edit.base);
    handle(result, edit.mine as FormValues, edit.base, settled);
  },
  open(edit) {
    void load(edit.base).then(() => {
      form.fill(edit.mine as FormValues);
      handle({ ok: false, ...edit.rejected! }, edit.mine as FormValues, edit.base);
    });
  },
  reason: ({ rejected }) => {
    if (rejected?.error.fieldCodes)
      return Object.entries(rejected.error.fieldCodes)
        .map(([f, issue]) => `${isFieldName(f) ? fieldLabel(f) : f}: ${fieldIssueText(issue)}`)
        .join("; ");
    return rejected?.status === 403 ? t("editor.forbidden") : (rejected?.error.message ?? "");
  },
});
byId("editor").before(offline.element);

function say(text: string, kind: "ok" | "problem" = "ok") {
  status.textContent = text;
  status.className = kind === "ok" ? "notice" : "problem";
  root.dataset.editorStatus = kind;
}

const show = (f: FieldName, v: unknown): string => {
  if (typeof v === "boolean") return v ? t("editor.yes") : t("editor.no");
  if (f === "districtId") return allDistricts.find((d) => d.id === v)?.name ?? String(v);
  if ((f as string) === "status" && (v === "ACTIVE" || v === "CEASED")) return t(`units.status${v}`);
  return v === null || v === undefined ? "—" : String(v);
};

function renderTitle() {
  byId("form-title").textContent = editing
    ? t("editor.editing", { name: editing.name })
    : onlyField
      ? t("partner.pickEnterprise")
      : t("editor.creating");
  root.dataset.version = editing ? String(editing.version) : "";
}

async function load(loaded: Enterprise) {
  const e = await offline.asLeft(loaded);
  editing = e;
  form.element.hidden = false;
  form.fill(e);
  lifecycle.fill(e);
  erase.element.hidden = false;
  conflictSlot.replaceChildren();
  renderTitle();
  for (const b of results.querySelectorAll("button"))
    b.setAttribute("aria-current", String(b.dataset.id === String(e.id)));
  // Offline, a history not seen before is not on the device: the form still opens without it.
  const history = await editorApi.history(e.id).catch(() => null);
  if (history) renderHistory(historyHost, history.items, show);
  else historyHost.replaceChildren();
}

function startNew() {
  editing = null;
  form.fill({
    ...Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, undefined])),
    hasUnion: false,
    hasParty: false,
    hasYouthUnion: false,
    hasWomenUnion: false,
    hasVeterans: false,
    partyRecommended: 0,
    partyAdmitted: 0,
    initiatives: 0,
    districtId: editable.length === 1 ? editable[0]!.id : undefined,
  });
  lifecycle.fill(null);
  form.element.hidden = onlyField !== null;
  erase.element.hidden = true;
  conflictSlot.replaceChildren();
  historyHost.replaceChildren();
  renderTitle();
  say("");
}

/** Each search takes a number; only the latest one asked may fill the list. */
let searches = 0;

async function search() {
  const ticket = ++searches;
  const q = byId<HTMLInputElement>("search-q").value;
  const district = districtSelect.value ? Number(districtSelect.value) : undefined;
  // Before anything is typed, the officer's own recently edited enterprises come first: the
  // usual update is one of them, one tap away.
  const found = await Promise.all([
    editorApi.search(q, district),
    q.trim() ? Promise.resolve({ items: [] }) : editorApi.recent(),
  ]).catch(() => null);
  // A search made meanwhile (the officer typed while the page's first list was loading) has the
  // say: an older answer that arrives after it must not put the first list back.
  if (ticket !== searches) return;
  if (!found) {
    say(t("offline.notCached"), "problem"); // offline, and this search was never made online
    return;
  }
  const [page, recent] = found;
  const mine = recent.items.filter((e) => district === undefined || e.districtId === district);
  const shown = new Set(mine.map((e) => e.id));
  const button = (e: Enterprise, isRecent: boolean) => {
    const b = el("button", {
      text: `${e.name} · ${e.taxCode}`,
      attrs: { type: "button", "data-id": String(e.id), ...(isRecent ? { "data-recent": "" } : {}) },
    });
    b.addEventListener("click", () => {
      // Offline and never opened: the record as the list last showed it.
      void editorApi
        .get(e.id)
        .catch(() => e)
        .then(load);
      say("");
    });
    return el("li", {}, [b]);
  };
  const rest = page.items.filter((e) => !shown.has(e.id));
  results.replaceChildren(
    ...(mine.length ? [el("li", { class: "result-group", text: t("editor.recentMine") })] : []),
    ...mine.map((e) => button(e, true)),
    ...(mine.length && rest.length ? [el("li", { class: "result-group", text: t("editor.allResults") })] : []),
    ...rest.map((e) => button(e, false)),
    ...(mine.length + rest.length === 0 ? [el("li", { text: t("editor.noResults") })] : []),
  );
}

/** The changed fields of the form against the record loaded. */
function changesOf(base: Enterprise, values: FormValues): Partial<FormValues> {
  return Object.fromEntries(EDITABLE_FIELDS.filter((f) => values[f] !== base[f]).map((f) => [f, values[f]]));
}

async function submit() {
  const problems = form.validate();
  form.showErrors(problems);
  if (!lifecycle.check() || Object.keys(problems).length) {
    say(t("editor.fixFields"), "problem");
    return;
  }
  const values = form.values();
  if (!editing) {
    const created = await editorApi.create(EnterpriseCreate.parse({ ...values, ...form.factDate() }));
    if (!created.ok && created.status === 0) say(t("offline.needsConnection"), "problem");
    else handle(created, values, null);
    return;
  }
  const change = { ...changesOf(editing, values), ...lifecycle.changes(editing) };
  if (!Object.keys(change).length) {
    say(t("editor.nothingChanged"));
    return;
  }
  const patch = { ...change, ...form.factDate(), version: editing.version } as EnterprisePatch;
  // Behind edits still waiting on this device, a save waits too: they reach the server in order.
  const result = (await offline.waitsFor(editing.id)) ? null : await editorApi.save(editing.id, patch);
  if (!result || (!result.ok && result.status === 0)) {
    await offline.queue(editing, patch, values);
    editing = withPatch(editing, patch);
    say(t("offline.queued"));
    void offline.send();
    return;
  }
  handle(result, values, editing);
}

/** settled: awaited once a conflict view is resolved or discarded (a queued edit then leaves the queue). */
function handle(result: WriteResult, mine: FormValues, base: Enterprise | null, settled?: () => Promise<void>) {
  if (result.ok) {
    void load(result.enterprise);
    const saved = result.enterprise;
    const when = formatDateTime(new Date(saved.updatedAt));
    say(base ? t("editor.saved", { when, who: saved.updatedBy }) : t("editor.created"));
    return;
  }
  const { status: code, error } = result;
  if (code === 409 && base && error.current) {
    say(t("editor.conflictHeading"), "problem");
    root.dataset.conflict = "open";
    showConflict(conflictSlot, base, mine, error.current as Enterprise, show, async (choice) => {
      root.dataset.conflict = "";
      await settled?.();
      if (!choice) {
        void load(error.current as Enterprise);
        say("");
        return;
      }
      // Save the choices on top of the version now current: the next save carries that version.
      editing = choice.theirs;
      form.fill(choice.resolved, { keepFactDate: true });
      renderTitle();
      void submit();
    });
    return;
  }
  if (error.fieldCodes) {
    form.showErrors(error.fieldCodes);
    lifecycle.showErrors(error.fieldCodes);
  }
  if (code === 400 || (code === 409 && error.fieldCodes)) say(t("editor.fixFields"), "problem");
  else if (code === 403) say(t("editor.forbidden"), "problem");
  else say(t("editor.saveFailed", { message: error.message }), "problem");
}

function renderText() {
  document.title = t("editor.editorTitle");
  byId("editor-heading").textContent = t("editor.editorHeading");
  byId("search-label").textContent = t("editor.search");
  districtSelect.setAttribute("aria-label", t("areaLevel")); // no visible label beside the search box: name it for screen readers
  byId("search-button").textContent = t("editor.searchButton");
  byId("new-enterprise").textContent = t("editor.newEnterprise");
  byId("lang-switch").textContent = language() === "vi" ? "English" : "Tiếng Việt";
  byId("not-allowed").textContent = t("editor.editorNotAllowed");
  if (onlyField && me.organisation)
    partnerNote.textContent = t("partner.onlyFlag", {
      organisation: t(`partner.org${me.organisation}`),
      field: t(`editor.field${onlyField[0]!.toUpperCase()}${onlyField.slice(1)}` as Parameters<typeof t>[0]),
    });
  const keep = districtSelect.value;
  districtSelect.replaceChildren(
    ...(provinceWide ? [el("option", { text: t("allAreas"), attrs: { value: "" } })] : []),
    ...editable.map((d) => el("option", { text: d.name, attrs: { value: String(d.id) } })),
  );
  districtSelect.value = keep || (districtSelect.options[0]?.value ?? "");
  form.render();
  lifecycle.render();
  erase.render();
  setupNotice.relabel();
  menu.render();
  renderTitle();
  offline.render();
}

byId("lang-switch").addEventListener("click", () => {
  setLanguage(language() === "vi" ? "en" : "vi");
  renderText();
});
byId("search-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  void search();
});
byId("new-enterprise").addEventListener("click", startNew);

renderText();
if (
  !isSetUp(
    province,
    allDistricts.map((d) => ({ ...d, active: d.active ?? true })),
  )
) {
  setupNotice.show(false);
} else if (!editable.length) {
  byId("not-allowed").hidden = false;
} else {
  byId("editor").hidden = false;
  startNew();
  await search();
  root.dataset.ready = "true";
  void offline.send(); // edits left waiting by an earlier visit
}
