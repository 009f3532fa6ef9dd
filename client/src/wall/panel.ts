// What every panel of the wall shares: a section of its own, a title for the header, and render(),
// which gets the latest figures. Only the panel on screen is rendered; a panel coming back into
// view is rendered at once, its charts moving from what they last showed to the figures now.
import type { District } from "../../../contract/enterprise.ts";
import type { Figures, Stats } from "../../../contract/stats.ts";
import { el } from "../dom.ts";
import type { PanelKey } from "./config.ts";

/** The same figures some time ago (?compare=), and in words which time. */
export interface Before {
  totals: Figures;
  text: string;
}

export interface WallData {
  stats: Stats;
  /** The districts the display covers: all of them, or the one in focus. */
  districts: readonly District[];
  districtName(id: number): string;
  /** Null until read, or when the address asks for no comparison. */
  before: Before | null;
}

export interface Panel {
  readonly key: PanelKey;
  readonly title: string;
  readonly section: HTMLElement;
  /** highlight: the figures came live, so what moved is announced. */
  render(data: WallData, highlight: boolean): void;
}

export function panelSection(key: PanelKey, className = ""): HTMLElement {
  return el("section", { class: `panel panel-${key} ${className}`.trim(), attrs: { "data-panel": key, hidden: "" } });
}
