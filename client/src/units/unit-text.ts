// How a unit reads on screen: its kind in words (never the code), its state and dates, in the
// active language. Days are Viet Nam's, as the server counts them.
import type { District, UnitKind } from "../../../contract/units.ts";
import { formatDay } from "../format.ts";
import { t } from "../i18n/index.ts";

export const kindLabel = (kind: UnitKind): string => t(`units.kind${kind}`);

/** "2025-07-01" → "01/07/2025": the one day formatter (client/src/format.ts). */
export { formatDay };

/** Today in Viet Nam (UTC+7), YYYY-MM-DD: the default effective date, never in the future for the server. */
export function todayInVietnam(now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(now);
}

export function stateText(d: District): string {
  if (!d.active) return t("units.stateRetired", { date: d.validTo ? formatDay(d.validTo) : "—" });
  return d.validFrom ? t("units.stateActiveFrom", { date: formatDay(d.validFrom) }) : t("units.stateActive");
}

/** A unit's name where retired ones may appear beside active ones (history, old filters). */
export const unitName = (d: District): string => (d.active ? d.name : t("units.retiredName", { name: d.name }));
