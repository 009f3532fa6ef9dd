// A figure beside the same figure some time ago: "▲ +120 so với 30 ngày trước". The arrow says the
// direction, the colour whether that is good news (more union members is; more enterprises without
// a union is not), and the words which period: nothing rests on colour alone.
import { el } from "../dom.ts";
import { formatSignedCount } from "../format.ts";
import { locale, t } from "../i18n/index.ts";

export type Better = "up" | "down";
export type Tone = "good" | "bad" | "same";

export interface Comparison {
  readonly node: HTMLElement;
  /** words: "so với 30 ngày trước"; empty hides the words, keeping the arrow and the amount. */
  set(now: number | null, before: number | null, words: string): void;
}

/** A change in a share, in percentage points: 0.004 → "+0,4 điểm %". */
export function formatSignedPoints(d: number): string {
  const points = new Intl.NumberFormat(locale(), {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  }).format(d * 100);
  return t("wallPoints", { value: points });
}

/** The tone of a move: a share that moved less than 0,05 point, or a count that did not move, is the same. */
export function toneOf(delta: number, kind: "count" | "share", better: Better): Tone {
  if (kind === "share" ? Math.abs(delta) < 0.0005 : delta === 0) return "same";
  return delta > 0 === (better === "up") ? "good" : "bad";
}

export function createComparison(kind: "count" | "share", better: Better, className = "compare"): Comparison {
  const arrow = el("span", { class: "compare-arrow", attrs: { "aria-hidden": "true" } });
  const amount = el("span", { class: "compare-amount" });
  const words = el("span", { class: "compare-words" });
  const node = el("p", { class: className, attrs: { hidden: "" } }, [arrow, amount, words]);
  return {
    node,
    set(now, before, text) {
      node.hidden = now === null || before === null;
      if (now === null || before === null) return;
      const d = now - before;
      const tone = toneOf(d, kind, better);
      node.dataset.tone = tone;
      arrow.textContent = tone === "same" ? "=" : d > 0 ? "▲" : "▼";
      amount.textContent =
        tone === "same" ? t("wallNoChange") : kind === "share" ? formatSignedPoints(d) : formatSignedCount(d);
      words.textContent = text;
      words.hidden = text === "";
    },
  };
}
