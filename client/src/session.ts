/// <reference types="vite/client" />
// Who is logged in: /api/me, the way to the login page when nobody is, and the header's user menu
// (name, role, log out). Every page but the login page and a wall with a token starts here.
import type { Me } from "../../contract/accounts.ts";
import { el } from "./dom.ts";
import "./user-menu.css";
import { language, t } from "./i18n/index.ts";
import { DISPLAY_RIGHTS, ROLE_RIGHTS } from "../../contract/roles.ts";

export function loginUrl(): string {
  return `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/** The logged-in account, or a redirect to the login page (the promise then never settles). */
export async function requireSession(): Promise<Me> {
  const res = await fetch("/api/me", { headers: { accept: "application/json" } });
  if (res.status === 401) {
    await res.text().catch(() => ""); // read to the end, so leaving the page aborts nothing
    location.replace(loginUrl());
    return new Promise<Me>(() => {});
  }
  if (!res.ok) throw new Error(`/api/me answered ${res.status}`);
  return (await res.json()) as Me;
}

export async function logout(): Promise<void> {
  await fetch("/api/auth/logout", { method: "POST" });
  location.assign("/login.html");
}

/** The user's name and role with a log-out button (and, for those who edit, the way to the
 *  editor), added to `host` (a page's header). */
export function mountUserMenu(
  host: HTMLElement,
  me: Me,
  opts: { editorLink?: boolean } = {},
): HTMLElement & { render(): void } {
  const name = el("span", { class: "user-name" });
  const button = el("button", { class: "user-logout", attrs: { type: "button", "data-action": "logout" } });
  const mayEdit = me.role === "ADMIN" || (me.role === "EDITOR" && me.districtIds.length > 0);
  const link = opts.editorLink && mayEdit ? el("a", { attrs: { href: "/editor.html", id: "nav-editor" } }) : null;
  const admin =
    opts.editorLink && me.role === "ADMIN" ? el("a", { attrs: { href: "/admin.html", id: "nav-admin" } }) : null;
  // Every role reads figures (contract/roles.ts), so every person may open the period report.
  const report =
    opts.editorLink && (me.role === "DISPLAY" ? DISPLAY_RIGHTS : ROLE_RIGHTS[me.role]).read
      ? el("a", { attrs: { href: "/report.html", id: "nav-report" } })
      : null;
  const menu = el("div", { class: "user-menu", attrs: { "data-user": me.username, "data-role": me.role } }, [
    report,
    link,
    admin,
    name,
    button,
  ]);
  const render = () => {
    name.textContent = `${me.displayName} · ${t(`editor.role${me.role}`)}`;
    button.textContent = t("editor.logout");
    if (report) {
      report.textContent = t("report.nav");
      report.href = language() === "en" ? "/report.html?lang=en" : "/report.html";
    }
    if (link) link.textContent = t("editor.navEditor");
    if (admin) admin.textContent = t("editor.navAdmin");
  };
  render();
  button.addEventListener("click", () => {
    void logout();
  });
  host.append(menu);
  return Object.assign(menu, { render });
}
