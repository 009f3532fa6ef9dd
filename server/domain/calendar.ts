// Days and months as the province reads them: in Viet Nam's time (UTC+7 all year, no daylight
// saving), so "as of 30/09/2022" means up to midnight in Ha Noi, not in London.

/** Asia/Ho_Chi_Minh is UTC+7 and has had no daylight saving since 1975. */
const VN_OFFSET_MS = 7 * 3600_000;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const isMonth = (s: string) => MONTH.test(s);

/** A real calendar day written YYYY-MM-DD (no 30 February). */
export function isDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]);
}

/** The first instant after the day ends in Viet Nam: everything strictly before it counts. */
export function endOfDay(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1) - VN_OFFSET_MS);
}

/** The first instant after the month ends in Viet Nam. */
export function endOfMonth(month: string): Date {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1) - VN_OFFSET_MS);
}

/** Months from one to the other, both included, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number) as [number, number];
  for (let key = label(y, m); key <= to; key = label(y, m)) {
    out.push(key);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** How many months from one to the other, both included (0 when to is before from). */
export function monthCount(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return Math.max(0, (ty - fy) * 12 + (tm - fm) + 1);
}

/** The month an instant falls in, in Viet Nam. */
export function monthOf(at: Date): string {
  const local = new Date(at.getTime() + VN_OFFSET_MS);
  return label(local.getUTCFullYear(), local.getUTCMonth() + 1);
}

/** A month moved by n months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return label(Math.floor(index / 12), (index % 12) + 1);
}

const label = (y: number, m: number) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`;

/** The day an instant falls on in Viet Nam, YYYY-MM-DD ("today" for effective and status dates). */
export function dayOf(at: Date): string {
  const local = new Date(at.getTime() + VN_OFFSET_MS);
  return `${label(local.getUTCFullYear(), local.getUTCMonth() + 1)}-${String(local.getUTCDate()).padStart(2, "0")}`;
}
