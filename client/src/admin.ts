// The administrator's page: accounts (create, districts, disable, reset password), wall-display
// tokens (issue — shown once — and revoke), and the whole change log by user, district and date.
// A thin face on the API: the server checks that the caller is an administrator.
import "./zod-no-eval.ts"; // first: the units forms import the contract's schemas (CSP forbids eval)
import "./offline/register.ts"; // the installable app's service worker (not on the wall)
import type { DisplayTokenIssued, DisplayTokenView, UserView } from "../../contract/accounts.ts";
import type { ChangeLogPage } from "../../contract/change-log.ts";
import type { District } from "../../contract/enterprise.ts";
import { PARTNER_ORGANISATIONS, ROLES } from "../../contract/roles.ts";
import { api, isApiError, queryString } from "./api.ts";
import { createDayField } from "./day-field.ts";
import { byId, el } from "./dom.ts";
import { formatDateTime } from "./format.ts";
import { fieldIssueText, initLanguage, language, setLanguage, t, type MessageKey } from "./i18n/index.ts";
import { sourceText } from "./editor/source-text.ts";
import { mountNav } from "./nav.ts";
import { requireSession } from "./session.ts";
import { mountUnitsPanel } from "./admin/units-panel.ts";

initLanguage(location.search);
const me = await requireSession();
const menu = mountNav(me);
let districts: District[] = await api.districts();
const status = byId("admin-status");
let logPage = 1;

async function call<T>(method: string, path: string, body?: unknown): Promise<T | null> {
  const res = await fetch(path, {
    method,
    headers: { accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const answer: unknown = await res.json().catch(() => null);
  if (res.ok) return answer as T;
  const fields =
    isApiError(answer) && answer.error.fieldCodes
      ? Object.entries(answer.error.fieldCodes)
          .map(([k, v]) => `${k}: ${fieldIssueText(v)}`)
          .join("; ")
      : "";
  status.textContent = isApiError(answer)
    ? `${answer.error.message}${fields ? ` — ${fields}` : ""}`
    : `HTTP ${res.status}`;
  status.className = "problem";
  return null;
}
const ok = () => {
  status.textContent = t("editor.done");
  status.className = "notice";
};
const input = (name: string, attrs: Record<string, string> = {}) =>
  el("input", { attrs: { name, "aria-label": name, ...attrs } });
const districtPicker = (selected: number[]) => {
  const s = el("select", { attrs: { multiple: "", "aria-label": t("editor.districts"), size: "4" } });
  for (const d of districts) {
    const o = el("option", { text: d.name, attrs: { value: String(d.id) } });
    o.selected = selected.includes(d.id);
    s.append(o);
  }
  return s;
};
const picked = (s: HTMLSelectElement) => [...s.selectedOptions].map((o) => Number(o.value));

async function renderUsers() {
  const list = await call<{ items: UserView[] }>("GET", "/api/users");
  if (!list) return;
  const rows = list.items.map((u) => {
    const picker = districtPicker(u.districtIds);
    const saveDistricts = el("button", {
      class: "secondary",
      text: t("editor.saveDistricts"),
      attrs: { type: "button" },
    });
    saveDistricts.addEventListener("click", async () => {
      if (await call("PATCH", `/api/users/${u.id}`, { districtIds: picked(picker) })) ok();
    });
    const toggle = el("button", {
      class: "secondary",
      text: u.disabled ? t("editor.enable") : t("editor.disable"),
      attrs: { type: "button", "data-action": "toggle", "data-user": u.username },
    });
    toggle.addEventListener("click", async () => {
      if (await call("PATCH", `/api/users/${u.id}`, { disabled: !u.disabled })) {
        ok();
        void renderUsers();
      }
    });
    const reset = el("button", { class: "secondary", text: t("editor.resetPassword"), attrs: { type: "button" } });
    reset.addEventListener("click", async () => {
      const p = prompt(t("editor.newPasswordPrompt"));
      if (p && (await call("PATCH", `/api/users/${u.id}`, { password: p }))) ok();
    });
    return el("tr", { attrs: { "data-user": u.username } }, [
      el("td", { text: `${u.displayName} (${u.username})${u.disabled ? ` — ${t("editor.disabled")}` : ""}` }),
      el("td", {
        text: `${t(`editor.role${u.role}` as MessageKey)}${u.organisation ? ` · ${t(`partner.org${u.organisation}`)}` : ""}`,
      }),
      el("td", {}, u.role === "EDITOR" ? [picker, saveDistricts] : []),
      el("td", {}, [toggle, reset]),
    ]);
  });
  const form = el("form", {}, [
    input("username", { placeholder: t("editor.username") }),
    input("displayName", { placeholder: t("editor.displayName") }),
    input("password", { type: "password", placeholder: t("editor.password"), autocomplete: "new-password" }),
  ]);
  const role = el(
    "select",
    { attrs: { name: "role", "aria-label": t("editor.role") } },
    ROLES.map((r) => el("option", { text: t(`editor.role${r}` as MessageKey), attrs: { value: r } })),
  );
  const picker = districtPicker([]);
  // A partner's account belongs to one organisation: asked for only when the role is PARTNER.
  const organisation = el(
    "select",
    { attrs: { name: "organisation", id: "new-user-organisation", "aria-label": t("partner.organisation") } },
    PARTNER_ORGANISATIONS.map((o) => el("option", { text: t(`partner.org${o}`), attrs: { value: o } })),
  );
  const showOrganisation = () => (organisation.hidden = role.value !== "PARTNER");
  role.addEventListener("change", showOrganisation);
  showOrganisation();
  form.append(
    role,
    organisation,
    picker,
    el("button", { class: "primary", text: t("editor.createUser"), attrs: { type: "submit" } }),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const d = new FormData(form);
    if (
      await call("POST", "/api/users", {
        username: d.get("username"),
        displayName: d.get("displayName"),
        password: d.get("password"),
        role: role.value,
        districtIds: role.value === "EDITOR" ? picked(picker) : [],
        ...(role.value === "PARTNER" ? { organisation: organisation.value } : {}),
      })
    ) {
      ok();
      void renderUsers();
    }
  });
  byId("users").replaceChildren(
    el("h2", { text: t("editor.usersHeading") }),
    el("table", {}, [el("tbody", {}, rows)]),
    form,
  );
}

async function renderTokens(issued?: DisplayTokenIssued) {
  const list = await call<{ items: DisplayTokenView[] }>("GET", "/api/display-tokens");
  if (!list) return;
  const rows = list.items.map((token) => {
    const revoke = el("button", { class: "secondary", text: t("editor.revoke"), attrs: { type: "button" } });
    revoke.disabled = token.revokedAt !== null;
    revoke.addEventListener("click", async () => {
      if (await call("DELETE", `/api/display-tokens/${token.id}`)) {
        ok();
        void renderTokens();
      }
    });
    return el("tr", {}, [
      el("td", { text: `${token.label}${token.revokedAt ? ` — ${t("editor.revoked")}` : ""}` }),
      el("td", {}, [revoke]),
    ]);
  });
  const label = input("label", { placeholder: t("editor.label"), required: "" });
  const form = el("form", {}, [
    label,
    el("button", { class: "primary", text: t("editor.issueToken"), attrs: { type: "submit" } }),
  ]);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const t = await call<DisplayTokenIssued>("POST", "/api/display-tokens", { label: label.value });
    if (t) void renderTokens(t);
  });
  const once = issued
    ? el("p", {
        class: "token-once",
        text: t("editor.tokenShownOnce", { url: `${location.origin}/wall?token=${issued.token}` }),
      })
    : null;
  byId("tokens").replaceChildren(
    el("h2", { text: t("editor.tokensHeading") }),
    once ?? document.createTextNode(""),
    el("table", {}, [el("tbody", {}, rows)]),
    form,
  );
}

// The audit's period, typed dd/mm/yyyy; sent as the API's YYYY-MM-DD.
const logFrom = createDayField({ name: "from" });
const logTo = createDayField({ name: "to" });
const logFilters = el("form", {}, [
  el("select", { attrs: { name: "district", "aria-label": t("editor.fieldDistrictId") } }),
  input("user", { type: "number", min: "1", placeholder: t("editor.user") }),
  logFrom.element,
  logTo.element,
  el("button", { class: "secondary", attrs: { type: "submit" } }),
]);
logFilters.addEventListener("submit", (ev) => {
  ev.preventDefault();
  if (![logFrom, logTo].every((f) => f.check())) return;
  logPage = 1;
  void renderLog();
});

async function renderLog() {
  const d = new FormData(logFilters);
  const q = {
    ...Object.fromEntries(["district", "user"].map((k) => [k, String(d.get(k) ?? "") || undefined])),
    from: logFrom.day || undefined,
    to: logTo.day || undefined,
  };
  const page = await call<ChangeLogPage>("GET", `/api/changes${queryString({ ...q, page: logPage, pageSize: 50 })}`);
  if (!page) return;
  const time = { format: formatDateTime };
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const prev = el("button", { class: "secondary", text: t("editor.previous"), attrs: { type: "button" } });
  const next = el("button", { class: "secondary", text: t("editor.next"), attrs: { type: "button" } });
  prev.disabled = logPage <= 1;
  next.disabled = logPage >= pages;
  prev.addEventListener("click", () => {
    logPage--;
    void renderLog();
  });
  next.addEventListener("click", () => {
    logPage++;
    void renderLog();
  });
  const rows = page.items.map((c) =>
    el("tr", {}, [
      el("td", { text: time.format(new Date(c.at)) }),
      el("td", { text: c.actor }),
      el("td", { text: sourceText(c.source, c.claimedSource) }),
      el("td", { text: c.enterpriseName }),
      el("td", {
        text:
          c.action === "create"
            ? t("editor.actioncreate")
            : Object.entries(c.diff)
                .map(([k, [a, b]]) => `${k}: ${String(a)} → ${String(b)}`)
                .join("; "),
      }),
    ]),
  );
  byId("log").replaceChildren(
    el("h2", { text: t("editor.logHeading") }),
    logFilters,
    el("table", {}, [
      el("thead", {}, [
        el(
          "tr",
          {},
          [t("editor.time"), t("editor.user"), t("editor.source"), t("editor.enterprise"), t("editor.changes")].map(
            (h) => el("th", { text: h }),
          ),
        ),
      ]),
      el("tbody", {}, rows),
    ]),
    el("p", { text: t("editor.pageOf", { page: String(logPage), pages: String(pages), total: String(page.total) }) }),
    prev,
    next,
  );
}

function renderText() {
  document.title = t("editor.adminTitle");
  byId("admin-heading").textContent = t("editor.adminHeading");
  byId("lang-switch").textContent = language() === "vi" ? "English" : "Tiếng Việt";
  const select = logFilters.querySelector("select")!;
  const keep = select.value;
  select.replaceChildren(
    el("option", { text: t("editor.anyone"), attrs: { value: "" } }),
    ...districts.map((d) => el("option", { text: d.name, attrs: { value: String(d.id) } })),
  );
  select.value = keep;
  logFilters.querySelector("button")!.textContent = t("editor.show");
  logFrom.input.setAttribute("aria-label", t("editor.from"));
  logTo.input.setAttribute("aria-label", t("editor.to"));
  for (const f of [logFrom, logTo]) f.render();
  menu.render();
}
// The province and its units (issue 10): the first-run guide, then their management. The account
// pickers and the log filter offer the units active now.
const unitsPanel = mountUnitsPanel(byId("units-admin"), (_province, all) => {
  const active = all.filter((d) => d.active);
  const key = (list: District[]) => JSON.stringify(list.map((d) => [d.id, d.name]));
  if (key(active) === key(districts)) return;
  districts = active;
  renderText();
  void renderUsers();
});

byId("lang-switch").addEventListener("click", () => {
  setLanguage(language() === "vi" ? "en" : "vi");
  renderText();
  unitsPanel.relabel();
  void Promise.all([renderUsers(), renderTokens(), renderLog()]);
});

renderText();
await Promise.all([unitsPanel.refresh(), renderUsers(), renderTokens(), renderLog()]);
document.documentElement.dataset.ready = "true";
