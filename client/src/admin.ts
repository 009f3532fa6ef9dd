// The administrator's page: accounts (create, districts, disable, reset password), wall-display
// tokens (issue — shown once — and revoke), and the whole change log by user, district and date.
// A thin face on the API: the server checks that the caller is an administrator.
import "./zod-no-eval.ts"; // first: the units forms import the contract's schemas (CSP forbids eval)
import type { DisplayTokenIssued, DisplayTokenView, UserView } from "../../contract/accounts.ts";
import type { ChangeLogPage } from "../../contract/change-log.ts";
import type { District } from "../../contract/enterprise.ts";
import { ROLES } from "../../contract/roles.ts";
import { api, isApiError, queryString } from "./api.ts";
import { byId, el } from "./dom.ts";
import { fieldMessage, tx, type EditorKey } from "./i18n/editor-text.ts";
import { initLanguage, language, locale, setLanguage } from "./i18n/index.ts";
import { mountUserMenu, requireSession } from "./session.ts";
import { mountUnitsPanel } from "./admin/units-panel.ts";

initLanguage(location.search);
const me = await requireSession();
const menu = mountUserMenu(byId("user-slot"), me);
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
    isApiError(answer) && answer.error.fields
      ? Object.entries(answer.error.fields)
          .map(([k, v]) => `${k}: ${fieldMessage(v)}`)
          .join("; ")
      : "";
  status.textContent = isApiError(answer)
    ? `${answer.error.message}${fields ? ` — ${fields}` : ""}`
    : `HTTP ${res.status}`;
  status.className = "problem";
  return null;
}
const ok = () => {
  status.textContent = tx("done");
  status.className = "notice";
};
const input = (name: string, attrs: Record<string, string> = {}) =>
  el("input", { attrs: { name, "aria-label": name, ...attrs } });
const districtPicker = (selected: number[]) => {
  const s = el("select", { attrs: { multiple: "", "aria-label": tx("districts"), size: "4" } });
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
    const saveDistricts = el("button", { class: "secondary", text: tx("saveDistricts"), attrs: { type: "button" } });
    saveDistricts.addEventListener("click", async () => {
      if (await call("PATCH", `/api/users/${u.id}`, { districtIds: picked(picker) })) ok();
    });
    const toggle = el("button", {
      class: "secondary",
      text: u.disabled ? tx("enable") : tx("disable"),
      attrs: { type: "button", "data-action": "toggle", "data-user": u.username },
    });
    toggle.addEventListener("click", async () => {
      if (await call("PATCH", `/api/users/${u.id}`, { disabled: !u.disabled })) {
        ok();
        void renderUsers();
      }
    });
    const reset = el("button", { class: "secondary", text: tx("resetPassword"), attrs: { type: "button" } });
    reset.addEventListener("click", async () => {
      const p = prompt(tx("newPasswordPrompt"));
      if (p && (await call("PATCH", `/api/users/${u.id}`, { password: p }))) ok();
    });
    return el("tr", { attrs: { "data-user": u.username } }, [
      el("td", { text: `${u.displayName} (${u.username})${u.disabled ? ` — ${tx("disabled")}` : ""}` }),
      el("td", { text: tx(`role${u.role}` as EditorKey) }),
      el("td", {}, u.role === "EDITOR" ? [picker, saveDistricts] : []),
      el("td", {}, [toggle, reset]),
    ]);
  });
  const form = el("form", {}, [
    input("username", { placeholder: tx("username") }),
    input("displayName", { placeholder: tx("displayName") }),
    input("password", { type: "password", placeholder: tx("password"), autocomplete: "new-password" }),
  ]);
  const role = el(
    "select",
    { attrs: { name: "role", "aria-label": tx("role") } },
    ROLES.map((r) => el("option", { text: tx(`role${r}` as EditorKey), attrs: { value: r } })),
  );
  const picker = districtPicker([]);
  form.append(role, picker, el("button", { class: "primary", text: tx("createUser"), attrs: { type: "submit" } }));
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
      })
    ) {
      ok();
      void renderUsers();
    }
  });
  byId("users").replaceChildren(el("h2", { text: tx("usersHeading") }), el("table", {}, [el("tbody", {}, rows)]), form);
}

async function renderTokens(issued?: DisplayTokenIssued) {
  const list = await call<{ items: DisplayTokenView[] }>("GET", "/api/display-tokens");
  if (!list) return;
  const rows = list.items.map((t) => {
    const revoke = el("button", { class: "secondary", text: tx("revoke"), attrs: { type: "button" } });
    revoke.disabled = t.revokedAt !== null;
    revoke.addEventListener("click", async () => {
      if (await call("DELETE", `/api/display-tokens/${t.id}`)) {
        ok();
        void renderTokens();
      }
    });
    return el("tr", {}, [
      el("td", { text: `${t.label}${t.revokedAt ? ` — ${tx("revoked")}` : ""}` }),
      el("td", {}, [revoke]),
    ]);
  });
  const label = input("label", { placeholder: tx("label"), required: "" });
  const form = el("form", {}, [
    label,
    el("button", { class: "primary", text: tx("issueToken"), attrs: { type: "submit" } }),
  ]);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const t = await call<DisplayTokenIssued>("POST", "/api/display-tokens", { label: label.value });
    if (t) void renderTokens(t);
  });
  const once = issued
    ? el("p", {
        class: "token-once",
        text: tx("tokenShownOnce", { url: `${location.origin}/wall?token=${issued.token}` }),
      })
    : null;
  byId("tokens").replaceChildren(
    el("h2", { text: tx("tokensHeading") }),
    once ?? document.createTextNode(""),
    el("table", {}, [el("tbody", {}, rows)]),
    form,
  );
}

const logFilters = el("form", {}, [
  el("select", { attrs: { name: "district", "aria-label": tx("fieldDistrictId") } }),
  input("user", { type: "number", min: "1", placeholder: tx("user") }),
  input("from", { type: "date", "aria-label": tx("from") }),
  input("to", { type: "date", "aria-label": tx("to") }),
  el("button", { class: "secondary", attrs: { type: "submit" } }),
]);
logFilters.addEventListener("submit", (ev) => {
  ev.preventDefault();
  logPage = 1;
  void renderLog();
});

async function renderLog() {
  const d = new FormData(logFilters);
  const q = Object.fromEntries(["district", "user", "from", "to"].map((k) => [k, String(d.get(k) ?? "") || undefined]));
  const page = await call<ChangeLogPage>("GET", `/api/changes${queryString({ ...q, page: logPage, pageSize: 50 })}`);
  if (!page) return;
  const time = new Intl.DateTimeFormat(locale(), { dateStyle: "short", timeStyle: "medium" });
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const prev = el("button", { class: "secondary", text: tx("previous"), attrs: { type: "button" } });
  const next = el("button", { class: "secondary", text: tx("next"), attrs: { type: "button" } });
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
      el("td", { text: tx(`source${c.source}` as EditorKey) }),
      el("td", { text: c.enterpriseName }),
      el("td", {
        text:
          c.action === "create"
            ? tx("actioncreate")
            : Object.entries(c.diff)
                .map(([k, [a, b]]) => `${k}: ${String(a)} → ${String(b)}`)
                .join("; "),
      }),
    ]),
  );
  byId("log").replaceChildren(
    el("h2", { text: tx("logHeading") }),
    logFilters,
    el("table", {}, [
      el("thead", {}, [
        el(
          "tr",
          {},
          [tx("time"), tx("user"), tx("source"), tx("enterprise"), tx("changes")].map((h) => el("th", { text: h })),
        ),
      ]),
      el("tbody", {}, rows),
    ]),
    el("p", { text: tx("pageOf", { page: String(logPage), pages: String(pages), total: String(page.total) }) }),
    prev,
    next,
  );
}

function renderText() {
  document.title = tx("adminTitle");
  byId("admin-heading").textContent = tx("adminHeading");
  byId("nav-dashboard").textContent = tx("navDashboard");
  byId("nav-editor").textContent = tx("navEditor");
  byId("lang-switch").textContent = language() === "vi" ? "English" : "Tiếng Việt";
  const select = logFilters.querySelector("select")!;
  const keep = select.value;
  select.replaceChildren(
    el("option", { text: tx("anyone"), attrs: { value: "" } }),
    ...districts.map((d) => el("option", { text: d.name, attrs: { value: String(d.id) } })),
  );
  select.value = keep;
  logFilters.querySelector("button")!.textContent = tx("show");
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
