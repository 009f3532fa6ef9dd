// The header navigation every page but the login page and the wall shares: the pages the account's
// role may use (built here, from the role, so no page forgets a link), who is logged in, log out,
// and the language switch; on a phone all of it folds behind one menu button.
import { ROLE_RIGHTS } from "../../contract/roles.ts";
import { canSetTargets } from "../../contract/target-setters.ts";
import type { Me } from "../../contract/accounts.ts";
import { el } from "./dom.ts";
import { t, type MessageKey } from "./i18n/index.ts";
import { logout } from "./session.ts";
import "./nav.css";

interface NavPage {
  id: string;
  href: string;
  label: MessageKey;
  /** Whether an account of this kind may use the page. */
  allowed(me: Me): boolean;
}

const mayEdit = (me: Me) =>
  me.role !== "DISPLAY" &&
  (ROLE_RIGHTS[me.role].edit === "all" ||
    (ROLE_RIGHTS[me.role].edit === "own" && me.districtIds.length > 0) ||
    (ROLE_RIGHTS[me.role].edit === "flag" && me.organisation !== null));

/** Every page in the order the menu shows them (the wall is a display, not a page one works on). */
export const NAV_PAGES: readonly NavPage[] = [
  { id: "nav-dashboard", href: "/", label: "editor.navDashboard", allowed: () => true },
  { id: "nav-analysis", href: "/analysis.html", label: "nav.analysis", allowed: () => true },
  { id: "nav-report", href: "/report.html", label: "report.nav", allowed: () => true },
  { id: "nav-coordination", href: "/coordination.html", label: "coordination.nav", allowed: () => true },
  { id: "nav-editor", href: "/editor.html", label: "editor.navEditor", allowed: mayEdit },
  { id: "nav-import", href: "/import.html", label: "import.navImport", allowed: mayEdit },
  { id: "nav-targets", href: "/targets.html", label: "targets.nav", allowed: (me) => canSetTargets(me.role) },
  { id: "nav-admin", href: "/admin.html", label: "editor.navAdmin", allowed: (me) => me.role === "ADMIN" },
];

const samePage = (href: string) =>
  href === "/" ? location.pathname === "/" || location.pathname === "/index.html" : location.pathname === href;

/** Builds the navigation into the page's `.masthead` (moving its language button into the menu)
 *  and returns it with render(), to call again when the language changes. */
export function mountNav(me: Me): HTMLElement & { render(): void } {
  const masthead = document.querySelector<HTMLElement>(".masthead")!;
  const links = NAV_PAGES.filter((p) => p.allowed(me)).map((p) => {
    const a = el("a", { attrs: { id: p.id, href: p.href } });
    if (samePage(p.href)) a.setAttribute("aria-current", "page");
    return { page: p, a };
  });
  const list = el(
    "ul",
    { class: "site-links" },
    links.map(({ a }) => el("li", {}, [a])),
  );
  const name = el("span", { class: "user-name" });
  const logoutButton = el("button", { class: "user-logout", attrs: { type: "button", "data-action": "logout" } });
  logoutButton.addEventListener("click", () => void logout());
  const user = el("div", { class: "user-menu", attrs: { "data-user": me.username, "data-role": me.role } }, [
    name,
    logoutButton,
  ]);
  const panel = el("div", { class: "site-menu", attrs: { id: "site-menu" } }, [list, user]);
  const langSwitch = masthead.querySelector<HTMLElement>("#lang-switch");
  if (langSwitch) panel.append(langSwitch);

  const toggleLabel = el("span", { class: "menu-label" });
  const toggle = el(
    "button",
    { class: "menu-toggle", attrs: { type: "button", "aria-expanded": "false", "aria-controls": "site-menu" } },
    [el("span", { class: "menu-icon", attrs: { "aria-hidden": "true" } }), toggleLabel],
  );
  const setOpen = (open: boolean) => {
    toggle.setAttribute("aria-expanded", String(open));
    panel.toggleAttribute("data-open", open);
  };
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  // Escape closes the menu and gives the focus back to its button, as a disclosure should.
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });

  const nav = el("nav", { class: "site-nav" }, [toggle, panel]);
  masthead.append(nav);
  const render = () => {
    nav.setAttribute("aria-label", t("nav.label"));
    toggleLabel.textContent = t("nav.menu");
    for (const { page, a } of links) a.textContent = t(page.label);
    name.textContent = `${me.displayName} · ${t(`editor.role${me.role}`)}`;
    logoutButton.textContent = t("editor.logout");
  };
  render();
  return Object.assign(nav, { render });
}
