// The provincial headline: eight figures for the display's area and ownership, each readable from
// the back of the room, with the federation's first target (25+ workers, no union) among them.
import type { Figures } from "../../../../contract/stats.ts";
import { formatCount, formatPercent } from "../../format.ts";
import { t } from "../../i18n/index.ts";
import { over25UnionShare, withUnionShare } from "../metrics.ts";
import { panelSection, type Panel } from "../panel.ts";
import { createTile, type TileSpec } from "../tile.ts";
import type { Targets } from "../thresholds.ts";
import { el } from "../../dom.ts";

const TILES: TileSpec[] = [
  { key: "enterprises", label: "tileEnterprises", kind: "count", value: (f) => f.enterprises },
  { key: "headcount", label: "tileHeadcount", kind: "count", value: (f) => f.headcount },
  { key: "unionMembers", label: "tileUnionMembers", kind: "count", value: (f) => f.unionMembers },
  { key: "density", label: "tileDensity", kind: "share", value: (f) => f.density, target: { key: "density" } },
  {
    key: "withUnion",
    label: "tileWithUnion",
    kind: "count",
    value: (f) => f.withUnion,
    note: (f) => t("tileWithUnionNote", { share: formatPercent(withUnionShare(f)) }),
    target: { key: "withUnion", of: withUnionShare },
  },
  {
    key: "over25NoUnion",
    label: "tileOver25NoUnion",
    kind: "count",
    value: (f) => f.over25NoUnion,
    note: (f) => t("wallOver25Note", { over25: formatCount(f.over25), share: formatPercent(over25UnionShare(f)) }),
    target: { key: "over25Union", of: over25UnionShare },
  },
  {
    key: "partyAdmitted",
    label: "wallPartyAdmitted",
    kind: "count",
    value: (f) => f.partyAdmitted,
    note: (f) =>
      t("wallPartyNote", { recommended: formatCount(f.partyRecommended), rate: formatPercent(f.partyAdmissionRate) }),
    target: { key: "partyAdmission", of: (f: Figures) => f.partyAdmissionRate },
  },
  {
    key: "initiatives",
    label: "tileInitiatives",
    kind: "count",
    value: (f) => f.initiatives,
    target: { key: "initiatives" },
  },
];

export function createHeadlinePanel(targets: Targets): Panel {
  const section = panelSection("headline");
  const tiles = TILES.map((spec) =>
    createTile(spec, targets, spec.key === "over25NoUnion" ? "tile tile-first-target" : "tile"),
  );
  section.append(
    el(
      "div",
      { class: "tiles" },
      tiles.map((tile) => tile.node),
    ),
  );
  return {
    key: "headline",
    title: t("wallPanelHeadline"),
    section,
    render({ stats }, highlight) {
      for (const tile of tiles) tile.render(stats.totals, highlight);
    },
  };
}
