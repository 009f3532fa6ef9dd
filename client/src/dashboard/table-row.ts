// One enterprise as a table row: figures, and a mark per organisation that is both a symbol and
// a colour (✓ present, ✗ missing), so it reads without colour vision. Names are user text:
// textContent only.
import {
  ORGANISATIONS,
  ORGANISATION_FIELD,
  SECTORS,
  UNION_TARGET_HEADCOUNT,
  type Organisation,
} from "../../../contract/codes.ts";
import { densityOf } from "../../../contract/density.ts";
import type { Enterprise } from "../../../contract/enterprise.ts";
import { el, screenReaderText } from "../dom.ts";
import { formatCount, formatPercent } from "../format.ts";
import { language, t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";

export const ORGANISATION_TEXT: Record<Organisation, { short: MessageKey; full: MessageKey }> = {
  union: { short: "orgUnion", full: "orgUnionFull" },
  party: { short: "orgParty", full: "orgPartyFull" },
  youth: { short: "orgYouth", full: "orgYouthFull" },
  women: { short: "orgWomen", full: "orgWomenFull" },
  veterans: { short: "orgVeterans", full: "orgVeteransFull" },
};

/** The federation's first target: enough workers for a union, and none yet. */
export const needsUnionFirst = (e: Pick<Enterprise, "headcount" | "hasUnion">) =>
  e.headcount >= UNION_TARGET_HEADCOUNT && !e.hasUnion;

function organisationCell(present: boolean): HTMLTableCellElement {
  return el("td", { class: present ? "org org-present" : "org org-missing" }, [
    el("span", { class: "org-mark", text: present ? "✓" : "✗", attrs: { "aria-hidden": "true" } }),
    screenReaderText(t(present ? "markPresent" : "markMissing")),
  ]);
}

/** (Re)writes the cells of a row for an enterprise; the row element itself stays. */
export function fillRow(tr: HTMLTableRowElement, e: Enterprise, districtName: (id: number) => string): void {
  const first = needsUnionFirst(e);
  tr.dataset.enterpriseId = String(e.id);
  tr.classList.toggle("needs-union", first);
  const sector = SECTORS.find((s) => s.code === e.sector);

  const name = el("th", { class: "col-name", attrs: { scope: "row" } }, [
    first
      ? el("span", { class: "priority-badge", text: t("priorityBadge"), attrs: { title: t("priorityBadgeTitle") } })
      : null,
    el("span", { class: "enterprise-name", text: e.name }),
  ]);
  tr.replaceChildren(
    name,
    el("td", { class: "col-area", text: districtName(e.districtId) }),
    el("td", { class: "col-sector" }, [
      el("abbr", { text: e.sector, attrs: { title: sector ? sector[language()] : e.sector } }),
    ]),
    el("td", { class: "num", text: formatCount(e.headcount) }),
    el("td", { class: "num", text: formatCount(e.unionMembers) }),
    el("td", { class: "num", text: formatPercent(densityOf(e.unionMembers, e.headcount)) }),
    ...ORGANISATIONS.map((o) => organisationCell(e[ORGANISATION_FIELD[o]])),
  );
}

/** The header row, in the active language. */
export function headerRow(): HTMLTableRowElement {
  const col = (key: MessageKey, cls?: string) =>
    el("th", { text: t(key), attrs: { scope: "col", ...(cls ? { class: cls } : {}) } });
  return el("tr", {}, [
    col("colName", "col-name"),
    col("colArea"),
    col("colSector"),
    col("colHeadcount", "num"),
    col("colUnionMembers", "num"),
    col("colDensity", "num"),
    ...ORGANISATIONS.map((o) =>
      el("th", { class: "org", attrs: { scope: "col" } }, [
        el("abbr", { text: t(ORGANISATION_TEXT[o].short), attrs: { title: t(ORGANISATION_TEXT[o].full) } }),
      ]),
    ),
  ]);
}
