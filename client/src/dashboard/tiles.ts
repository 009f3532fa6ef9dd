// The headline figures for the current filter, one tile each. Tiles are built once; a live change
// rewrites a value's text and highlights it for a moment. A tile whose measure has a target this year
// says how far the year has come ("Đạt 62% chỉ tiêu năm 2026").
import { ratio } from "../../../contract/density.ts";
import type { Figures } from "../../../contract/stats.ts";
import type { TargetMeasure, TargetsProgress } from "../../../contract/targets.ts";
import { el, flash, settle } from "../dom.ts";
import { formatCount, formatPercent } from "../format.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import { progressDetail, progressText } from "../targets/progress-text.ts";

interface TileSpec {
  /** data-tile, for people reading the DOM and for browser tests. */
  key: string;
  label: MessageKey;
  value: (f: Figures) => string;
  note?: (f: Figures) => string;
  /** The federation's first target gets the eye first. */
  target?: boolean;
  /** The yearly target this tile shows progress toward. */
  measure?: TargetMeasure;
}

const TILES: TileSpec[] = [
  { key: "enterprises", label: "tileEnterprises", value: (f) => formatCount(f.enterprises) },
  { key: "headcount", label: "tileHeadcount", value: (f) => formatCount(f.headcount) },
  {
    key: "unionMembers",
    label: "tileUnionMembers",
    value: (f) => formatCount(f.unionMembers),
    measure: "newMembers",
  },
  { key: "density", label: "tileDensity", value: (f) => formatPercent(f.density), measure: "density" },
  {
    key: "withUnion",
    label: "tileWithUnion",
    value: (f) => formatCount(f.withUnion),
    note: (f) => t("tileWithUnionNote", { share: formatPercent(ratio(f.withUnion, f.enterprises)) }),
    measure: "unionsFounded",
  },
  {
    key: "over25NoUnion",
    label: "tileOver25NoUnion",
    value: (f) => formatCount(f.over25NoUnion),
    note: (f) => t("tileOver25NoUnionNote", { over25: formatCount(f.over25) }),
    target: true,
  },
  {
    key: "party",
    label: "tileParty",
    value: (f) => `${formatCount(f.partyRecommended)} / ${formatCount(f.partyAdmitted)}`,
    measure: "partyRecommended",
  },
  { key: "partyAdmissionRate", label: "tilePartyRate", value: (f) => formatPercent(f.partyAdmissionRate) },
  { key: "initiatives", label: "tileInitiatives", value: (f) => formatCount(f.initiatives), measure: "initiatives" },
];

interface TileNodes {
  spec: TileSpec;
  label: HTMLElement;
  value: HTMLElement;
  note: HTMLElement | null;
  progress: HTMLElement | null;
}

export interface Tiles {
  /** highlight: the figures changed live (not a new filter or language). */
  render(figures: Figures, opts: { highlight: boolean }): void;
  /** The year's progress toward the targets of the filter's scope; null hides it. */
  setProgress(progress: TargetsProgress | null): void;
  relabel(): void;
}

export function createTiles(list: HTMLElement): Tiles {
  const nodes: TileNodes[] = TILES.map((spec) => {
    const label = el("p", { class: "tile-label" });
    const value = el("p", { class: "tile-value", text: "—" });
    const note = spec.note ? el("p", { class: "tile-note" }) : null;
    const progress = spec.measure ? el("p", { class: "tile-progress", attrs: { "data-measure": spec.measure } }) : null;
    if (progress) progress.hidden = true;
    list.append(
      el("li", { class: spec.target ? "tile tile-target" : "tile", attrs: { "data-tile": spec.key } }, [
        label,
        value,
        note,
        progress,
      ]),
    );
    return { spec, label, value, note, progress };
  });
  let last: Figures | null = null;
  let lastProgress: TargetsProgress | null = null;

  const setProgress = (p: TargetsProgress | null) => {
    lastProgress = p;
    for (const n of nodes) {
      if (!n.progress || !n.spec.measure) continue;
      const item = p?.items.find((i) => i.measure === n.spec.measure);
      const text = p ? progressText(item, p.year, true) : "";
      n.progress.textContent = text;
      n.progress.hidden = text === "";
      if (item && text) {
        n.progress.title = progressDetail(item);
        n.progress.dataset.met = String((item.progress ?? 0) >= 1 - 1e-9);
      }
    }
  };

  const render = (figures: Figures, { highlight }: { highlight: boolean }) => {
    last = figures;
    list.removeAttribute("aria-busy");
    for (const n of nodes) {
      const text = n.spec.value(figures);
      if (!highlight) settle(n.value);
      if (n.value.textContent !== text) {
        n.value.textContent = text;
        if (highlight) flash(n.value);
      }
      if (n.note && n.spec.note) n.note.textContent = n.spec.note(figures);
    }
  };

  const relabel = () => {
    for (const n of nodes) n.label.textContent = t(n.spec.label);
    if (last) render(last, { highlight: false });
    setProgress(lastProgress);
  };

  relabel();
  return { render, setProgress, relabel };
}
