// What every page says before the province and its units exist (issue 10): plainly that nothing is
// set up yet and who can do it, instead of empty charts. The page's own parts are hidden meanwhile
// and come back, without a reload, when the `units` event says the province is set up.
import type { Me } from "../../contract/accounts.ts";
import type { District, Province } from "../../contract/units.ts";
import { el } from "./dom.ts";
import { t } from "./i18n/index.ts";

export const isSetUp = (province: Province | null, districts: readonly District[]): boolean =>
  province !== null && districts.some((d) => d.active);

/** Who reads the notice: an administrator gets the way to set up, others whom to ask, a wall patience. */
export type Audience = "admin" | "user" | "wall";
export const audienceOf = (role: Me["role"] | null | undefined): Audience =>
  role === "ADMIN" ? "admin" : role === undefined || role === null || role === "DISPLAY" ? "wall" : "user";

export interface SetupNotice {
  /** Shows the notice (and hides the page's parts) or the page, and marks <html data-setup>. */
  show(setUp: boolean): void;
  relabel(): void;
}

/** The notice goes right before `anchor`; `parts` are hidden while nothing is set up. */
export function createSetupNotice(anchor: HTMLElement, parts: HTMLElement[], audience: Audience): SetupNotice {
  const heading = el("h2", { attrs: { id: "not-set-up-heading" } });
  const text = el("p");
  const who = el("p");
  const link = audience === "admin" ? el("a", { attrs: { href: "/admin.html", id: "not-set-up-admin" } }) : null;
  const box = el(
    "section",
    { class: "not-set-up", attrs: { id: "not-set-up", role: "status", "aria-labelledby": "not-set-up-heading" } },
    [heading, text, who, link ? el("p", {}, [link]) : null],
  );
  box.hidden = true;
  anchor.before(box);
  /** Each part's own hidden state, kept so showing the page again restores it. */
  const ownHidden = new Map<HTMLElement, HTMLElement["hidden"]>();
  let current: boolean | null = null;

  const relabel = () => {
    heading.textContent = t("units.notSetUpHeading");
    text.textContent = t("units.notSetUpText");
    who.textContent = t(
      audience === "admin" ? "units.notSetUpAdmin" : audience === "wall" ? "units.notSetUpWall" : "units.notSetUpAsk",
    );
    if (link) link.textContent = t("units.notSetUpAdminLink");
  };
  relabel();
  return {
    show(setUp) {
      if (setUp === current) return;
      current = setUp;
      box.hidden = setUp;
      for (const p of parts) {
        if (!setUp) {
          ownHidden.set(p, p.hidden);
          p.hidden = true;
        } else p.hidden = ownHidden.get(p) ?? false;
      }
      document.documentElement.dataset.setup = setUp ? "done" : "missing";
    },
    relabel,
  };
}
