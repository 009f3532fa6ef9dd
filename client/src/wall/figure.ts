// One figure on the wall: its value, a mark when it has a target (▼ below, ✓ met: a symbol as well
// as a colour), and, for a while after a live change, by how much it moved ("+12"), so the room
// notices. Nodes are built once and rewritten; one timer per figure, replaced, never stacked.
import { el, screenReaderText } from "../dom.ts";
import { NO_VALUE } from "../format.ts";
import { t } from "../i18n/index.ts";
import { wallFlashes } from "./flash-queue.ts";
import { VERDICT_MARK, type Verdict } from "./thresholds.ts";

/** How long "+12" stays next to a value that moved. */
export const DELTA_MS = 12_000;

export interface FigureFormat {
  value: (n: number) => string;
  delta: (d: number) => string;
}

export interface Figure {
  readonly node: HTMLElement;
  /** highlight: the value came live, so a visible change is announced. */
  set(value: number | null, highlight: boolean, verdict?: Verdict): void;
}

export function createFigure(format: FigureFormat, className = "figure"): Figure {
  const mark = el("span", { class: "figure-mark", attrs: { "aria-hidden": "true" } });
  const markText = screenReaderText("");
  const value = el("span", { class: "figure-value", text: NO_VALUE });
  const delta = el("span", { class: "figure-delta", attrs: { "aria-hidden": "true" } });
  const node = el("span", { class: className, attrs: { "data-verdict": "none" } }, [mark, markText, value, delta]);
  let shown: number | null = null;
  let deltaTimer: number | undefined;

  const hideDelta = () => {
    delta.textContent = "";
    delete delta.dataset.direction;
  };

  return {
    node,
    set(next, highlight, verdict = "none") {
      const text = next === null ? NO_VALUE : format.value(next);
      if (node.dataset.verdict !== verdict) {
        node.dataset.verdict = verdict;
        mark.textContent = VERDICT_MARK[verdict];
        markText.textContent = verdict === "below" ? t("wallBelowTarget") : verdict === "met" ? t("wallTargetMet") : "";
      }
      const changed = value.textContent !== text;
      if (changed) value.textContent = text;
      // Only a change people can see is news: a share moving in the fourth decimal is not.
      if (highlight && changed && shown !== null && next !== null) {
        const d = next - shown;
        delta.textContent = format.delta(d);
        delta.dataset.direction = d > 0 ? "up" : "down";
        window.clearTimeout(deltaTimer);
        deltaTimer = window.setTimeout(hideDelta, DELTA_MS);
        // Flashes take turns (flash-queue.ts): a burst does not light up half the screen.
        wallFlashes.request(value);
      }
      shown = next;
    },
  };
}
