// The day a change happened (ngày phát sinh, issue 12): a figure entered late lands in its period.
// A fact is never dated in the future, nor before the enterprise's record began (its history could
// not be replayed: a change before the enterprise existed has nothing to change).
import { MIN_FACT_DATE } from "../../contract/enterprise.ts";
import { problem, type FieldProblem } from "../../contract/errors.ts";
import { isDay } from "./calendar.ts";

/** Why a fact date is refused, or undefined when it may be used. `since` is the day the enterprise's
 *  record began (the fact date of its create entry), when known. */
export function factDateProblem(day: string, today: string, since?: string): FieldProblem | undefined {
  if (!isDay(day)) return problem("not_day");
  if (day > today) return problem("future", { today });
  if (day < MIN_FACT_DATE) return problem("before_day", { day: MIN_FACT_DATE });
  if (since !== undefined && day < since) return problem("before_record", { day: since });
  return undefined;
}

/** A cell of the import's "Ngày phát sinh" column: YYYY-MM-DD (as dates are read from xlsx) or
 *  DD/MM/YYYY (as people type them in Viet Nam). Undefined when it is neither. */
export function dayOfCell(text: string): string | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2], vn[1]] : [];
  if (!y || !m || !d) return undefined;
  const day = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  return isDay(day) ? day : undefined;
}
