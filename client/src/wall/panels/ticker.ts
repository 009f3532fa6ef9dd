// The latest changes as a panel: a dozen lines, newest on top, each flashing as it arrives.
import { el } from "../../dom.ts";
import { t } from "../../i18n/index.ts";
import { panelSection, type Panel } from "../panel.ts";
import { TICKER_SIZE, type Ticker } from "../ticker.ts";
import { createTickerView } from "../ticker-view.ts";

export function createTickerPanel(ticker: Ticker): Panel {
  const section = panelSection("ticker");
  const list = el("ul", { class: "ticker-list" });
  section.append(list);
  ticker.attach(createTickerView(list, TICKER_SIZE));
  return {
    key: "ticker",
    title: t("wallPanelTicker"),
    section,
    // The lines follow the ticker itself, on screen or not; nothing to do with the figures.
    render: () => {},
  };
}
