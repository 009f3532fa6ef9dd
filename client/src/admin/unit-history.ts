// One unit's own change log (GET /api/districts/:id/history), oldest first: who did what and when
// (created, renamed, merged, split, retired), each change's old and new values as text.
import type { District, UnitHistoryEntry } from "../../../contract/units.ts";
import { el } from "../dom.ts";
import { formatDateTime } from "../format.ts";
import { t } from "../i18n/index.ts";
import { unitsApi } from "../units/units-api.ts";
import { problemText } from "./unit-ui.ts";

const valueText = (v: unknown, names: Map<number, string>, key: string): string => {
  if (v === null || v === undefined) return "—";
  // Ids of units read better as their names (a merge's target and sources, a split's new units).
  if (typeof v === "number" && UNIT_ID_KEYS.test(key)) return names.get(v) ?? String(v);
  if (Array.isArray(v)) return v.map((x) => valueText(x, names, key)).join(", ");
  if (typeof v === "object")
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${valueText(x, names, k)}`)
      .join(", ");
  return String(v);
};

/** Keys of the units' own change log whose numbers are unit ids (server/services/units.ts). */
const UNIT_ID_KEYS = /^(into|sources|districtId|target|created)$/;
const CODES_OF: Record<string, string> = { intoCode: "into", intoCodes: "into", sourceCodes: "sources" };

export function diffText(diff: Record<string, unknown>, names: Map<number, string>): string {
  return (
    Object.entries(diff)
      // The codes beside the ids say the same thing again once the ids are shown by name.
      .filter(([k]) => !(CODES_OF[k] && CODES_OF[k] in diff))
      .map(([k, v]) =>
        Array.isArray(v) && v.length === 2 && !/ids$/i.test(k)
          ? `${k}: ${valueText(v[0], names, k)} → ${valueText(v[1], names, k)}`
          : `${k}: ${valueText(v, names, k)}`,
      )
      .join("; ")
  );
}

/** Fills `host` with the history of `unit`; names every unit id it mentions by `units`. */
export async function showUnitHistory(host: HTMLElement, unit: District, units: District[], onClose: () => void) {
  const r = await unitsApi.history(unit.id);
  const names = new Map(units.map((d) => [d.id, `${d.name} (${d.code})`]));
  const close = el("button", { class: "secondary", text: t("units.historyClose"), attrs: { type: "button" } });
  close.addEventListener("click", onClose);
  const time = { format: formatDateTime };
  const body: HTMLElement = !r.ok
    ? el("p", { class: "problem", text: problemText(r.error) })
    : r.value.length === 0
      ? el("p", { text: t("units.historyEmpty") })
      : el("table", { class: "unit-history" }, [
          el(
            "tbody",
            {},
            r.value.map((h: UnitHistoryEntry) =>
              el("tr", { attrs: { "data-action": h.action } }, [
                el("td", { text: time.format(new Date(h.at)) }),
                el("td", { text: h.actor }),
                el("td", { text: t(`units.action${h.action}`) }),
                el("td", { text: diffText(h.diff, names) }),
              ]),
            ),
          ),
        ]);
  host.hidden = false;
  host.dataset.unit = unit.code;
  host.replaceChildren(el("h3", { text: t("units.historyHeading", { name: unit.name }) }), body, close);
}
