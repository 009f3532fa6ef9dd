// The provincial headline, readable from the back of the room: the key figure (union density in the
// display's sector, non-state by default) large and apart; six figures beside it with the
// federation's first target (25+ workers, no union) among them; and a row of how many enterprises
// lack each of the five organisations. Each figure stands beside the same figure some time ago; the
// key figure and the row's title say which time, the others show only the arrow and the amount.
import { ORGANISATIONS } from "../../../../contract/codes.ts";
import type { Figures } from "../../../../contract/stats.ts";
import { ORGANISATION_TEXT } from "../../dashboard/table-row.ts";
import { el } from "../../dom.ts";
import { formatCount, formatPercent } from "../../format.ts";
import { t } from "../../i18n/index.ts";
import { over25UnionShare, withUnionShare } from "../metrics.ts";
import { panelSection, type Panel } from "../panel.ts";
import { createTile, type TileSpec } from "../tile.ts";
import type { Targets } from "../thresholds.ts";

const KEY: TileSpec = {
  key: "density",
  label: "tileDensity",
  kind: "share",
  value: (f) => f.density,
  target: { key: "density" },
};

const TILES: TileSpec[] = [
  { key: "unionMembers", label: "tileUnionMembers", kind: "count", value: (f) => f.unionMembers },
  { key: "headcount", label: "tileHeadcount", kind: "count", value: (f) => f.headcount },
  {
    key: "withUnion",
    label: "tileWithUnion",
    kind: "count",
    value: (f) => f.withUnion,
    note: (f) =>
      t("wallWithUnionNote", { share: formatPercent(withUnionShare(f)), enterprises: formatCount(f.enterprises) }),
    target: { key: "withUnion", of: withUnionShare },
  },
  {
    key: "over25NoUnion",
    label: "tileOver25NoUnion",
    kind: "count",
    value: (f) => f.over25NoUnion,
    note: (f) => t("wallOver25Note", { over25: formatCount(f.over25), share: formatPercent(over25UnionShare(f)) }),
    target: { key: "over25Union", of: over25UnionShare },
    better: "down",
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

/** Enterprises without each organisation: fewer is better. */
const MISSING: TileSpec[] = ORGANISATIONS.map((o) => ({
  key: `missing-${o}`,
  label: ORGANISATION_TEXT[o].full,
  kind: "count",
  value: (f: Figures) => f.missing[o],
  better: "down",
}));

/** scope: what the key figure covers, in words ("Ngoài nhà nước"). */
export function createHeadlinePanel(targets: Targets, scope: string): Panel {
  const section = panelSection("headline");
  const key = createTile(KEY, targets, "tile tile-key");
  const keyNote = el("p", { class: "tile-key-note", text: t("wallKeyFigureNote", { scope }) });
  key.node.prepend(keyNote);
  const tiles = TILES.map((spec) =>
    createTile(spec, targets, spec.key === "over25NoUnion" ? "tile tile-first-target" : "tile", { words: false }),
  );
  const missing = MISSING.map((spec) => createTile(spec, targets, "tile tile-missing", { words: false }));
  const missingTitle = el("h3", { class: "missing-title" });
  section.append(
    el("div", { class: "headline" }, [
      key.node,
      el(
        "div",
        { class: "tiles" },
        tiles.map((tile) => tile.node),
      ),
      el("div", { class: "missing-row" }, [
        missingTitle,
        el(
          "div",
          { class: "missing-tiles" },
          missing.map((tile) => tile.node),
        ),
      ]),
    ]),
  );
  return {
    key: "headline",
    title: t("wallPanelHeadline"),
    section,
    render({ stats, before }, highlight) {
      key.render(stats.totals, highlight, before);
      for (const tile of tiles) tile.render(stats.totals, highlight, before);
      for (const tile of missing) tile.render(stats.totals, highlight, before);
      const title = t("wallMissingHeadline");
      missingTitle.textContent = before ? `${title} · ${before.text}` : title;
    },
  };
}
