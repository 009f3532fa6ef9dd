// Panels take turns on screen, one at a time, every `seconds`; a pinned display has one panel and
// no timer. The header names the panel and shows where it is in the round (dots, not a hover).
// One timer, replaced at each turn.
import { byId, el } from "../dom.ts";
import type { Panel } from "./panel.ts";

export interface Rotation {
  readonly current: Panel;
}

export function startRotation(panels: Panel[], seconds: number, onShow: (panel: Panel) => void): Rotation {
  const title = byId("panel-title");
  const dots = byId("panel-dots");
  const root = document.documentElement;
  const dotNodes = panels.map((p) => el("li", { attrs: { "data-panel": p.key } }));
  dots.replaceChildren(...dotNodes);
  dots.hidden = panels.length < 2;
  let index = 0;
  let timer: number | undefined;

  const show = (next: number) => {
    index = next;
    const panel = panels[index]!;
    panels.forEach((p, i) => {
      p.section.hidden = i !== index;
    });
    dotNodes.forEach((d, i) => d.classList.toggle("is-current", i === index));
    title.textContent = panel.title;
    root.dataset.panel = panel.key;
    onShow(panel);
    window.clearTimeout(timer);
    if (panels.length > 1) timer = window.setTimeout(() => show((index + 1) % panels.length), seconds * 1000);
  };

  show(0);
  return {
    get current() {
      return panels[index]!;
    },
  };
}
