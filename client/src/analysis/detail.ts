// The last step of the drill-down: one enterprise, its figures and its change history (who
// changed what, when), newest first. Names and diffs are user text: textContent only.
import { ORGANISATIONS, ORGANISATION_FIELD, type Ownership } from "../../../contract/codes.ts";
import type { ChangeLogEntry } from "../../../contract/change-log.ts";
import { densityOf } from "../../../contract/density.ts";
import type { Enterprise } from "../../../contract/enterprise.ts";
import { messageOf } from "../api.ts";
import { byId, el } from "../dom.ts";
import { formatCount, formatDateTime, formatPercent } from "../format.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";
import { ORGANISATION_TEXT } from "../dashboard/table-row.ts";
import { OWNERSHIP_TEXT, sectorLabel } from "./filters-panel.ts";
import { analysisApi } from "./requests.ts";

const FIELD_TEXT: Partial<Record<string, MessageKey>> = {
  name: "colName",
  taxCode: "colTaxCode",
  districtId: "colArea",
  sector: "colSector",
  ownership: "colOwnership",
  headcount: "colHeadcount",
  unionMembers: "colUnionMembers",
  partyRecommended: "colPartyRecommended",
  partyAdmitted: "colPartyAdmitted",
  initiatives: "colInitiatives",
  ...Object.fromEntries(ORGANISATIONS.map((o) => [ORGANISATION_FIELD[o], ORGANISATION_TEXT[o].full])),
};

export interface EnterpriseDetail {
  show(id: number, districtName: (id: number) => string): Promise<Enterprise | null>;
}

export function createEnterpriseDetail(): EnterpriseDetail {
  const box = byId("enterprise-detail");
  let shown = 0;

  const value = (field: string, v: unknown, districtName: (id: number) => string): string => {
    if (v === null || v === undefined) return "—";
    if (typeof v === "boolean") return t(v ? "markPresent" : "markMissing");
    if (field === "districtId") return districtName(Number(v));
    if (field === "ownership") return t(OWNERSHIP_TEXT[v as Ownership] ?? "ownershipAll");
    if (typeof v === "number") return formatCount(v);
    return String(v);
  };

  const historyItem = (c: ChangeLogEntry, districtName: (id: number) => string) => {
    const changes = Object.entries(c.diff).map(([field, [before, after]]) =>
      el("li", {}, [
        el("span", { class: "history-field", text: `${FIELD_TEXT[field] ? t(FIELD_TEXT[field]!) : field}: ` }),
        document.createTextNode(
          c.action === "create"
            ? value(field, after, districtName)
            : `${value(field, before, districtName)} → ${value(field, after, districtName)}`,
        ),
      ]),
    );
    return el("li", { class: "history-item" }, [
      el("p", { class: "history-head" }, [
        el("time", { text: formatDateTime(new Date(c.at)), attrs: { datetime: c.at } }),
        document.createTextNode(
          ` · ${t(c.action === "create" ? "historyCreate" : "historyUpdate")} · ${c.actor} (${c.source}${c.claimedSource ? ` · ${c.claimedSource}` : ""})`,
        ),
      ]),
      el("ul", { class: "history-diff" }, changes),
    ]);
  };

  return {
    async show(id, districtName) {
      const token = ++shown;
      box.setAttribute("aria-busy", "true");
      try {
        const [e, history] = await Promise.all([analysisApi.enterprise(id), analysisApi.history(id)]);
        if (token !== shown) return null;
        const figures: [MessageKey, string][] = [
          ["colTaxCode", e.taxCode],
          ["colArea", districtName(e.districtId)],
          ["colSector", sectorLabel(e.sector)],
          ["colOwnership", t(OWNERSHIP_TEXT[e.ownership])],
          ["colHeadcount", formatCount(e.headcount)],
          ["colUnionMembers", formatCount(e.unionMembers)],
          ["colDensity", formatPercent(densityOf(e.unionMembers, e.headcount))],
          ...ORGANISATIONS.map((o): [MessageKey, string] => [
            ORGANISATION_TEXT[o].full,
            t(e[ORGANISATION_FIELD[o]] ? "markPresent" : "markMissing"),
          ]),
          ["colPartyRecommended", formatCount(e.partyRecommended)],
          ["colPartyAdmitted", formatCount(e.partyAdmitted)],
          ["colInitiatives", formatCount(e.initiatives)],
          ["colUpdatedAt", `${formatDateTime(new Date(e.updatedAt))} · ${e.updatedBy}`],
        ];
        box.replaceChildren(
          el("h2", { class: "detail-name", text: e.name }),
          el("h3", { text: t("detailFigures") }),
          el(
            "dl",
            { class: "detail-figures" },
            figures.flatMap(([k, v]) => [el("dt", { text: t(k) }), el("dd", { text: v })]),
          ),
          el("h3", { text: t("detailHistory") }),
          history.items.length
            ? el(
                "ol",
                { class: "history" },
                history.items.map((c) => historyItem(c, districtName)),
              )
            : el("p", { text: t("historyEmpty") }),
        );
        return e;
      } catch (err) {
        if (token === shown)
          box.replaceChildren(el("p", { class: "problem", text: `${t("detailMissing")} ${messageOf(err)}` }));
        return null;
      } finally {
        if (token === shown) box.removeAttribute("aria-busy");
      }
    },
  };
}
