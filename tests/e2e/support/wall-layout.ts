// What "fits and reads from 5 m" means on the wall, measured in the page: nothing scrolls, no box's
// content spills out of it (a tile, a cell, the header, the footer), and no text on screen is
// smaller than 3 % of the screen height. Text cut on purpose with "…" (a long enterprise name) is
// allowed; the brand line above the area's name is the only small print.
import type { Page } from "playwright-core";

/** Boxes whose content must stay inside them. */
const BOXES = [
  ".panel:not([hidden])",
  ".wall-head",
  ".wall-foot",
  ".tile",
  ".missing-row",
  ".split-main",
  ".split-side",
  ".heat-foot",
  ".wall-table th",
  ".wall-table td",
  ".ticker-line",
  ".largest-list li",
].join(",");

export const MIN_TEXT_SHARE = 0.03;

export interface WallLayout {
  width: number;
  height: number;
  scrollWidth: number;
  scrollHeight: number;
  rem: number;
  cursor: string;
  theme: string | undefined;
  /** Boxes whose content spills out: "tile[data-tile=…] 240>220". */
  spills: string[];
  /** Visible text smaller than MIN_TEXT_SHARE of the height: "tile-note 2.4 %". */
  small: string[];
  /** The smallest visible text, in percent of the screen height, by what it is. */
  smallest: Record<string, number>;
  /** Loaded font faces of the shipped family. */
  shippedFaces: number;
}

/** Which kinds of text the legibility report names (the issue's "labels, ticker and counts"). */
const KINDS: Record<string, string> = {
  label: ".tile-label, .wall-table thead th, .wall-table tbody th, .missing-title, .side-title, .legend, .heat-legend",
  ticker: ".ticker-strip, .ticker-list",
  missingCount: ".heat-missing",
  comparison: ".compare",
};

export async function measureWall(page: Page): Promise<WallLayout> {
  // Letters change size when the font arrives: measure after it has (or has failed to).
  await page.evaluate(() => document.fonts.ready);
  return page.evaluate(
    ({ boxes, minShare, kinds }) => {
      // No helper functions in here: the page runs this source as it is, without the test's bundler helpers.
      const root = document.documentElement;
      const height = innerHeight;
      const spills: string[] = [];
      for (const e of document.querySelectorAll<HTMLElement>(boxes)) {
        if (e.getClientRects().length === 0) continue;
        const what = `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}${e.dataset.tile ? `[${e.dataset.tile}]` : ""}`;
        if (e.scrollHeight > e.clientHeight + 1) spills.push(`${what} height ${e.scrollHeight}>${e.clientHeight}`);
        // A cell or a line may end in "…" on purpose; anything else must not be wider than its box.
        const cuts = getComputedStyle(e).textOverflow === "ellipsis" || e.matches(".wall-table th, .ticker-line");
        if (!cuts && e.scrollWidth > e.clientWidth + 1) spills.push(`${what} width ${e.scrollWidth}>${e.clientWidth}`);
      }
      const small = new Set<string>();
      const smallest: Record<string, number> = {};
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const e = n.parentElement;
        if (!e || !n.textContent?.trim() || e.getClientRects().length === 0) continue;
        if (e.closest(".visually-hidden, .wall-product")) continue;
        const share = parseFloat(getComputedStyle(e).fontSize) / height;
        if (share < minShare - 0.0001)
          small.add(`${e.tagName.toLowerCase()}.${e.className} ${(share * 100).toFixed(2)} %`);
        for (const [kind, selector] of Object.entries(kinds))
          if (e.closest(selector)) smallest[kind] = Math.min(smallest[kind] ?? Infinity, share * 100);
      }
      return {
        width: innerWidth,
        height,
        scrollWidth: root.scrollWidth,
        scrollHeight: root.scrollHeight,
        rem: parseFloat(getComputedStyle(root).fontSize),
        cursor: getComputedStyle(document.body).cursor,
        theme: root.dataset.theme,
        spills,
        small: [...small],
        smallest,
        shippedFaces: [...document.fonts].filter((f) => f.family.includes("Be Vietnam Pro") && f.status === "loaded")
          .length,
      };
    },
    { boxes: BOXES, minShare: MIN_TEXT_SHARE, kinds: KINDS },
  );
}
