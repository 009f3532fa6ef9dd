// A big figure with its label, a note, its target when it has one ("▼ dưới mục tiêu 100%") and the
// same figure some time ago ("▲ +120 so với 30 ngày trước"): the headline panel is a grid of these,
// and other panels open with one or two.
import type { Figures } from "../../../contract/stats.ts";
import { el } from "../dom.ts";
import { formatCount, formatPercent, formatSignedCount, formatSignedPercent } from "../format.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import { createComparison, type Better } from "./comparison.ts";
import { createFigure, type FigureFormat } from "./figure.ts";
import type { Before } from "./panel.ts";
import { VERDICT_MARK, formatTarget, verdictOf, type TargetKey, type Targets } from "./thresholds.ts";

export interface TileSpec {
  /** data-tile, for people reading the DOM and for browser tests. */
  key: string;
  label: MessageKey;
  kind: "count" | "share";
  value: (f: Figures) => number | null;
  note?: (f: Figures) => string;
  /** The figure compared with a target, when it is not the value itself (e.g. a share behind a count). */
  target?: { key: TargetKey; of?: (f: Figures) => number | null };
  /** Which way is good news, for the colour of the comparison; up unless said. */
  better?: Better;
}

export const FORMATS: Record<TileSpec["kind"], FigureFormat> = {
  count: { value: formatCount, delta: formatSignedCount },
  share: { value: formatPercent, delta: formatSignedPercent },
};

export interface Tile {
  readonly node: HTMLElement;
  /** before: the figures some time ago, or null while they are not known (no comparison shown). */
  render(f: Figures, highlight: boolean, before: Before | null): void;
}

/** words: false leaves the period out of the comparison, for a group that says it once in its title. */
export function createTile(spec: TileSpec, targets: Targets, className = "tile", opts: { words?: boolean } = {}): Tile {
  const figure = createFigure(FORMATS[spec.kind]);
  const note = spec.note ? el("p", { class: "tile-note" }) : null;
  // Read at each render: the data's targets (wall/data-targets.ts) may change while the wall runs.
  const targetLine = spec.target ? el("p", { class: "tile-target" }) : null;
  const comparison = createComparison(spec.kind, spec.better ?? "up");
  const node = el("div", { class: className, attrs: { "data-tile": spec.key } }, [
    el("p", { class: "tile-label", text: t(spec.label) }),
    // The comparison sits beside the value where there is room, under it where there is not.
    el("div", { class: "tile-value-row" }, [el("p", { class: "tile-value" }, [figure.node]), comparison.node]),
    note,
    targetLine,
  ]);

  return {
    node,
    render(f, highlight, before) {
      const value = spec.value(f);
      comparison.set(
        value,
        before ? spec.value(before.totals) : null,
        opts.words === false ? "" : (before?.text ?? ""),
      );
      const targetValue = spec.target ? targets[spec.target.key] : undefined;
      const compared = spec.target ? (spec.target.of ?? spec.value)(f) : null;
      const verdict = spec.target ? verdictOf(compared, targetValue) : "none";
      figure.set(value, highlight, verdict);
      if (note && spec.note) note.textContent = spec.note(f);
      if (targetLine) targetLine.hidden = targetValue === undefined;
      if (targetLine && spec.target && targetValue !== undefined) {
        targetLine.dataset.verdict = verdict;
        const target = formatTarget(spec.target.key, targetValue);
        targetLine.textContent =
          verdict === "below"
            ? `${VERDICT_MARK.below} ${t("wallBelowTargetOf", { target })}`
            : verdict === "met"
              ? `${VERDICT_MARK.met} ${t("wallTargetMetOf", { target })}`
              : t("wallTargetOf", { target });
      }
    },
  };
}
