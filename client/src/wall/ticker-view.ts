// Changes as lines of text: "14:05  Huyện Tân Lập  Công ty TNHH Minh Long  +12 đoàn viên". The
// lines are built once (a fixed number) and rewritten; enterprise names are user text, so
// textContent only. A line that is new on screen flashes.
import type { ChangeItem } from "../../../contract/changes.ts";
import { el, flash } from "../dom.ts";
import { formatEventTime } from "../format.ts";
import { t } from "../i18n/index.ts";
import { changeParts } from "./change-text.ts";

const PARTS_PER_LINE = 3;

/** Rewrites text only when it differs: most renders change nothing on most lines. */
const setText = (node: HTMLElement, text: string) => {
  if (node.textContent !== text) node.textContent = text;
};

interface Line {
  node: HTMLLIElement;
  time: HTMLTimeElement;
  district: HTMLElement;
  name: HTMLElement;
  parts: HTMLElement[];
}

export interface TickerView {
  render(items: readonly ChangeItem[], fresh: ReadonlySet<number>, districtName: (id: number) => string): void;
}

export function createTickerView(list: HTMLElement, lines: number): TickerView {
  const empty = el("li", { class: "ticker-empty", text: t("noChangesYet") });
  const built: Line[] = Array.from({ length: lines }, () => {
    const time = el("time", { class: "ticker-time" });
    const district = el("span", { class: "ticker-district" });
    const name = el("span", { class: "ticker-name" });
    const parts = Array.from({ length: PARTS_PER_LINE }, () => el("span", { class: "ticker-part" }));
    const node = el("li", { class: "ticker-line", attrs: { hidden: "" } }, [
      time,
      district,
      name,
      el("span", { class: "ticker-parts" }, parts),
    ]);
    return { node, time, district, name, parts };
  });
  list.replaceChildren(empty, ...built.map((l) => l.node));

  return {
    render(items, fresh, districtName) {
      empty.hidden = items.length > 0;
      built.forEach((line, i) => {
        const item = items[i];
        line.node.hidden = !item;
        if (!item) return;
        // District names may arrive after the changes, and "15:05" becomes "21/11 15:05" after
        // midnight: those parts are checked on every render.
        setText(line.district, districtName(item.districtId));
        setText(line.time, formatEventTime(new Date(item.at)));
        if (line.node.dataset.seq === String(item.seq)) return;
        line.node.dataset.seq = String(item.seq);
        line.time.dateTime = item.at;
        setText(line.name, item.enterpriseName);
        const parts = changeParts(item);
        line.parts.forEach((node, p) => {
          const part = parts[p];
          node.hidden = !part;
          setText(node, part?.text ?? "");
          node.dataset.tone = part?.tone ?? "neutral";
        });
        if (fresh.has(item.seq)) flash(line.node, 4000);
      });
      list.setAttribute("aria-label", t("wallTickerLabel"));
    },
  };
}
