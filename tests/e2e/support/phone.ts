// What "works on a phone" means, measured in the page: no sideways scroll and every visible thing a
// finger may press at least 44×44 CSS px (WCAG 2.5.5), naming what is too small or sticks out.
import type { Page } from "playwright-core";

export const PHONES = [
  { name: "390x844", width: 390, height: 844 },
  { name: "360x740", width: 360, height: 740 },
] as const;

export const MIN_TARGET = 44;

export interface PhoneProblems {
  scrollWidth: number;
  innerWidth: number;
  /** Elements sticking out past the right edge (what to fix when the page scrolls sideways). */
  wide: string[];
  /** Interactive elements smaller than 44×44. */
  small: string[];
}

/** Measures the page as it is now. */
/** width: the phone's width (a mobile viewport widens to fit a page that is too wide, so innerWidth
 *  alone would hide the problem). */
export function phoneProblems(page: Page, width: number): Promise<PhoneProblems> {
  return page.evaluate(
    ([min, inner]) => {
      const describe = (e: Element) => {
        const r = e.getBoundingClientRect();
        const id = e.id ? `#${e.id}` : "";
        const cls =
          typeof e.className === "string" && e.className ? `.${e.className.trim().split(/\s+/).join(".")}` : "";
        const text = (e.textContent ?? "").trim().slice(0, 24);
        return `${e.tagName.toLowerCase()}${id}${cls} "${text}" ${Math.round(r.width)}×${Math.round(r.height)}@${Math.round(r.left)}`;
      };
      const visible = (e: Element) => {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        const s = getComputedStyle(e);
        return s.visibility !== "hidden" && s.display !== "none";
      };
      const wide = [...document.body.querySelectorAll("*")]
        .filter((e) => visible(e) && e.getBoundingClientRect().right > inner + 0.5)
        // Inside a box that scrolls on its own (a wide table) is fine: the page does not move.
        .filter((e) => {
          for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if (o === "auto" || o === "scroll" || o === "hidden") return false;
          }
          return true;
        })
        .map(describe);
      const interactive = [
        ...document.querySelectorAll(
          'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])',
        ),
      ].filter(visible);
      const small = interactive
        .filter((e) => {
          const r = e.getBoundingClientRect();
          // A checkbox or radio counts with its label when the label is the larger target.
          const label =
            e instanceof HTMLInputElement && (e.type === "checkbox" || e.type === "radio")
              ? (e.closest("label") ?? (e.id ? document.querySelector(`label[for="${e.id}"]`) : null))
              : null;
          const lr = label?.getBoundingClientRect();
          const w = Math.max(r.width, lr?.width ?? 0);
          const h = Math.max(r.height, lr?.height ?? 0);
          return w < min - 0.5 || h < min - 0.5;
        })
        .map(describe);
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        wide: wide.slice(0, 15),
        small,
      };
    },
    [MIN_TARGET, width] as const,
  );
}
