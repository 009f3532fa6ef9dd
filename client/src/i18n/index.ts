// The active language (from ?lang=, then localStorage, else Vietnamese) and the one lookup, t(),
// over one catalogue per language (vi.ts, en.ts); every page re-renders its text on a change.
import type { FieldIssue } from "../../../contract/errors.ts";
import { formatDay } from "../format.ts";
import { en } from "./en.ts";
import { vi, type Catalog, type MessageKey } from "./vi.ts";

export type { MessageKey };

export const LANGUAGES = ["vi", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const CATALOGS: Record<Language, Catalog> = { vi, en };
/** BCP 47 tags for Intl: Vietnamese as written in Viet Nam. */
const LOCALES: Record<Language, string> = { vi: "vi-VN", en: "en" };
const STORAGE_KEY = "unionpulse.lang";

let active: Language = "vi";
const listeners = new Set<(lang: Language) => void>();

const isLanguage = (s: string | null | undefined): s is Language => LANGUAGES.includes(s as Language);

/** Reads the choice from the URL or the last visit; call once before rendering. */
export function initLanguage(search: string): Language {
  const fromUrl = new URLSearchParams(search).get("lang");
  const stored = storedLanguage();
  active = isLanguage(fromUrl) ? fromUrl : isLanguage(stored) ? stored : "vi";
  document.documentElement.lang = active;
  return active;
}

export function setLanguage(lang: Language): void {
  if (lang === active) return;
  active = lang;
  document.documentElement.lang = lang;
  // Private windows may refuse storage; the URL still carries the choice.
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* not remembered */
  }
  for (const l of listeners) l(lang);
}

export const language = (): Language => active;
export const locale = (): string => LOCALES[active];

export function onLanguageChange(l: (lang: Language) => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The message for key, with {name} placeholders filled; {area}/{Area} are always available. */
export function t(key: MessageKey, params: Record<string, string> = {}): string {
  const catalog = CATALOGS[active];
  const area = catalog.areaLevel;
  const values: Record<string, string> = { Area: area, area: area.toLocaleLowerCase(LOCALES[active]), ...params };
  return catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A field problem (a code and its parameters, from the server or the contract's schema) in the
 *  active language; numbers in its parameters are written the locale's way, days dd/mm/yyyy. */
export function fieldIssueText(issue: FieldIssue): string {
  const numbers = new Intl.NumberFormat(locale());
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(issue.params ?? {}))
    params[k] = typeof v === "number" ? numbers.format(v) : /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDay(v) : v;
  return t(`error.${issue.code}`, params);
}

const isMessageKey = (k: string | undefined): k is MessageKey => k !== undefined && Object.hasOwn(vi, k);

/** Whether the catalogue has key: for keys made from data (a code the server sent, a role). */
export const hasMessage = (key: string): key is MessageKey => isMessageKey(key);

const TARGETS: [attribute: string, write: (node: HTMLElement, text: string) => void][] = [
  [
    "data-i18n",
    (node, text) => {
      node.textContent = text;
    },
  ],
  ["data-i18n-label", (node, text) => node.setAttribute("aria-label", text)],
  [
    "data-i18n-title",
    (node, text) => {
      node.title = text;
    },
  ],
];

/** Text of a page's static elements: data-i18n="key" sets the text, data-i18n-label="key" the
 *  aria-label, data-i18n-title="key" the title (a hint, not the name); titleKey the page title. */
export function applyPageText(root: ParentNode = document, titleKey: MessageKey = "pageTitle"): void {
  for (const [attribute, write] of TARGETS) {
    for (const node of root.querySelectorAll<HTMLElement>(`[${attribute}]`)) {
      const key = node.getAttribute(attribute) ?? undefined;
      // A key the catalogue lacks is a bug in the page's HTML; say so rather than show nothing.
      if (isMessageKey(key)) write(node, t(key));
      else console.warn(`the page asks for an unknown message: ${key}`);
    }
  }
  document.title = t(titleKey);
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
