// The active language: chosen from ?lang=, then localStorage, else Vietnamese. Messages are
// looked up with t(); the page re-renders its text when the language changes.
import { en } from "./en.ts";
import { vi, type Catalog, type MessageKey } from "./vi.ts";

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

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
