// The federation's first target: enterprises with 25 or more workers and no grassroots union. The
// count and its target, the count per district, and the largest such enterprises by name, which
// are read over HTTP (a batch does not say which enterprises are now the largest) at most every
// few seconds, and only while the panel is on screen.
import type { Enterprise } from "../../../../contract/enterprise.ts";
import { api } from "../../api.ts";
import { el } from "../../dom.ts";
import { formatCount, formatPercent } from "../../format.ts";
import { t } from "../../i18n/index.ts";
import type { LiveFilter } from "../../live.ts";
import { createDistrictTable } from "../district-table.ts";
import { over25UnionShare } from "../metrics.ts";
import { panelSection, type Panel, type WallData } from "../panel.ts";
import { createTile } from "../tile.ts";
import type { Targets } from "../thresholds.ts";

const LARGEST = 8;
const REFRESH_MS = 10_000;
/** Every size band from 25 workers up. */
const FROM_25 = "25-99,100-499,500-999,gte1000";

export function createNoUnionPanel(targets: Targets, filter: LiveFilter): Panel {
  const section = panelSection("no-union", "panel-split");
  const tile = createTile(
    {
      key: "over25NoUnion",
      label: "tileOver25NoUnion",
      kind: "count",
      value: (f) => f.over25NoUnion,
      note: (f) => t("wallOver25Note", { over25: formatCount(f.over25), share: formatPercent(over25UnionShare(f)) }),
      target: { key: "over25Union", of: over25UnionShare },
      better: "down",
    },
    targets,
    "tile tile-first-target",
  );
  const table = createDistrictTable([
    { header: "wallColOver25", kind: "count", value: (f) => f.over25 },
    { header: "wallColNoUnion", kind: "count", value: (f) => f.over25NoUnion },
    {
      header: "wallColWithUnion",
      kind: "share",
      value: over25UnionShare,
      ...(targets.over25Union !== undefined ? { target: targets.over25Union } : {}),
    },
  ]);

  const list = el("ol", { class: "largest-list" });
  const lines = Array.from({ length: LARGEST }, () => {
    const name = el("span", { class: "largest-name" });
    const where = el("span", { class: "largest-where" });
    const size = el("span", { class: "largest-size" });
    const node = el("li", { attrs: { hidden: "" } }, [name, where, size]);
    list.append(node);
    return { node, name, where, size };
  });
  section.append(
    el("div", { class: "split-main" }, [tile.node, table.node]),
    el("div", { class: "split-side" }, [el("h3", { class: "side-title", text: t("wallLargestNoUnion") }), list]),
  );

  let largest: Enterprise[] = [];
  let fetchedSeq = -1;
  let fetchedAt = 0;
  let inFlight = false;
  let laterTimer: number | undefined;
  let latest: WallData | null = null;

  const showLargest = () => {
    lines.forEach((line, i) => {
      const e = largest[i];
      line.node.hidden = !e;
      if (!e) return;
      line.name.textContent = e.name;
      line.where.textContent = latest?.districtName(e.districtId) ?? "";
      line.size.textContent = t("wallWorkers", { count: formatCount(e.headcount) });
    });
  };

  const refresh = async () => {
    window.clearTimeout(laterTimer);
    if (!latest || section.hidden || inFlight || latest.stats.seq === fetchedSeq) return;
    const wait = fetchedAt + REFRESH_MS - Date.now();
    if (wait > 0) {
      laterTimer = window.setTimeout(() => void refresh(), wait);
      return;
    }
    inFlight = true;
    const seq = latest.stats.seq;
    try {
      const page = await api.priorityList({ ...filter, size: FROM_25, missing: "union" }, 1, LARGEST);
      largest = page.items;
      fetchedSeq = seq;
      showLargest();
    } catch {
      // The server is away: keep the names shown (the screen is marked stale) and try on the next render.
    } finally {
      inFlight = false;
      fetchedAt = Date.now();
    }
  };

  return {
    key: "no-union",
    title: t("tileOver25NoUnion"),
    section,
    render(data, highlight) {
      latest = data;
      tile.render(data.stats.totals, highlight, data.before);
      table.render(new Map(data.stats.byDistrict.map((f) => [f.districtId, f])), data.districts, highlight);
      showLargest();
      void refresh();
    },
  };
}
