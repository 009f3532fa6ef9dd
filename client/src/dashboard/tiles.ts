// The headline figures for the current filter, one tile each. Tiles are built once; a live change
// rewrites a value's text and highlights it for a moment.
import { ratio } from "../../../contract/density.ts";
import type { Figures } from "../../../contract/stats.ts";
import { el, flash, settle } from "../dom.ts";
import { formatCount, formatPercent } from "../format.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";

interface TileSpec {
  /** data-tile, for people reading the DOM and for browser tests. */
  key: string;
  label: MessageKey;
  value: (f: Figures) => string;
  note?: (f: Figures) => string;
  /** The federation's first target gets the eye first. */
  target?: boolean;
}

const TILES: TileSpec[] = [
  { key: "enterprises", label: "tileEnterprises", value: (f) => formatCount(f.enterprises) },
  { key: "headcount", label: "tileHeadcount", value: (f) => formatCount(f.headcount) },
  { key: "unionMembers", label: "tileUnionMembers", value: (f) => formatCount(f.unionMembers) },
  { key: "density", label: "tileDensity", value: (f) => formatPercent(f.density) },
  {
    key: "withUnion",
    label: "tileWithUnion",
    value: (f) => formatCount(f.withUnion),
    note: (f) => t("tileWithUnionNote", { share: formatPercent(ratio(f.withUnion, f.enterprises)) }),
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
  },
  { key: "partyAdmissionRate", label: "tilePartyRate", value: (f) => formatPercent(f.partyAdmissionRate) },
  { key: "initiatives", label: "tileInitiatives", value: (f) => formatCount(f.initiatives) },
];

interface TileNodes {
  spec: TileSpec;
  label: HTMLElement;
  value: HTMLElement;
  note: HTMLElement | null;
}

export interface Tiles {
  /** highlight: the figures changed live (not a new filter or language). */
  render(figures: Figures, opts: { highlight: boolean }): void;
  relabel(): void;
}

export function createTiles(list: HTMLElement): Tiles {
  const nodes: TileNodes[] = TILES.map((spec) => {
    const label = el("p", { class: "tile-label" });
    const value = el("p", { class: "tile-value", text: "—" });
    const note = spec.note ? el("p", { class: "tile-note" }) : null;
    list.append(
      el("li", { class: spec.target ? "tile tile-target" : "tile", attrs: { "data-tile": spec.key } }, [
        label,
        value,
        note,
      ]),
    );
    return { spec, label, value, note };
  });
  let last: Figures | null = null;

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
  };

  relabel();
  return { render, relabel };
}
