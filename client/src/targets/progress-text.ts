// Progress toward a year's target in words, for the dashboard's tiles and the wall: "Đạt 62% chỉ tiêu
// năm 2026" / "62% of the 2026 target", and the figures behind it ("620 / 1.000").
import type { MeasureProgress, TargetMeasure } from "../../../contract/targets.ts";
import { formatCount, formatPercent } from "../format.ts";
import { t } from "../i18n/index.ts";

/** A measure's figure as people read it: density (kept in percent) as a share, the rest as counts. */
export function measureValue(measure: TargetMeasure, value: number | null): string {
  if (value === null) return "—";
  return measure === "density" ? formatPercent(value / 100) : formatCount(value);
}

/** "Đạt 62% chỉ tiêu năm 2026", or "" when the measure has no target this year. Beside a figure that
 *  is a stock (all members, all unions) while the target counts what is new in the year, `named` says
 *  which: "Kết nạp mới: đạt 62% chỉ tiêu năm 2026". */
export function progressText(item: MeasureProgress | undefined, year: number, named = false): string {
  if (!item || item.target === null || item.progress === null) return "";
  const params = { percent: formatPercent(item.progress), year: String(year) };
  if (named && (item.measure === "newMembers" || item.measure === "unionsFounded"))
    return t(`targets.progressNew.${item.measure}`, params);
  return t("targets.progress", params);
}

/** "620 / 1.000": what was reached over the target. */
export function progressDetail(item: MeasureProgress): string {
  return `${measureValue(item.measure, item.achieved)} / ${measureValue(item.measure, item.target)}`;
}
