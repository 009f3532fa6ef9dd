// The demo's earlier years, entered late (issue 12): for the non-state enterprises that were on the
// records before the 2025 reorganisation, their record is dated back to July 2020 and Party work and
// initiatives are entered with the day they happened, so the survey briefing's example period
// 01/01/2021–30/09/2022 gives exactly 2.099 members recommended to the Party, 841 admitted (40,1 %)
// and about 4.000 initiatives; a little more happened in the last months of 2020 (the previous period).
import { NON_STATE } from "../../contract/codes.ts";
import { randomSource } from "./random.ts";

export const EXAMPLE_PERIOD = { from: "2021-01-01", to: "2022-09-30" } as const;
export const EXAMPLE_FIGURES = { partyRecommended: 2099, partyAdmitted: 841, initiatives: 4016 } as const;
/** Updates per enterprise inside the example period (spread over its 21 months). */
const PER_ENTERPRISE = 3;

export interface HistoryCarrier {
  index: number;
  ownership: string;
  /** When its create entry was entered. */
  createdAt: Date;
  partyRecommended: number;
  partyAdmitted: number;
  initiatives: number;
}

export interface BackdatedFact {
  index: number;
  at: Date;
  factDate: string;
  diff: Record<string, [number, number]>;
}

/** `total` split over n shares that differ by at most one. */
const shares = (total: number, n: number) =>
  Array.from({ length: n }, (_, i) => Math.floor((total * (i + 1)) / n) - Math.floor((total * i) / n));

const day = (from: string, offset: number) => {
  const [y, m, d] = from.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
};

/**
 * The backdated record start (fact date of each carrier's create) and the facts entered late, for the
 * enterprises given (in seed order; only non-state ones carry history). Each enterprise's counts
 * are raised by its facts (the caller adds them to its final record). Reproducible.
 */
export function backdatedHistory(enterprises: readonly HistoryCarrier[]): {
  recordStart: Map<number, string>;
  facts: BackdatedFact[];
} {
  const carriers = enterprises.filter((e) => (NON_STATE as readonly string[]).includes(e.ownership));
  const recordStart = new Map<number, string>();
  const facts: BackdatedFact[] = [];
  if (carriers.length === 0) return { recordStart, facts };
  const r = randomSource(20210101);
  const recommended = shares(EXAMPLE_FIGURES.partyRecommended, carriers.length);
  // Admitted ≤ recommended for every enterprise: proportional, the remainder where there is room.
  const admitted = recommended.map((n) =>
    Math.floor((n * EXAMPLE_FIGURES.partyAdmitted) / EXAMPLE_FIGURES.partyRecommended),
  );
  let left = EXAMPLE_FIGURES.partyAdmitted - admitted.reduce((s, n) => s + n, 0);
  for (let i = 0; left > 0; i = (i + 1) % carriers.length)
    if (admitted[i]! < recommended[i]!) {
      admitted[i]!++;
      left--;
    }
  const initiatives = shares(EXAMPLE_FIGURES.initiatives, carriers.length);
  const periodDays = 638; // 2021-01-01 … 2022-09-30

  carriers.forEach((e, i) => {
    recordStart.set(e.index, day("2020-07-01", r.int(0, 30)));
    const values = { partyRecommended: e.partyRecommended, partyAdmitted: e.partyAdmitted, initiatives: e.initiatives };
    let minute = 0;
    const enter = (factDate: string, add: Record<keyof typeof values, number>) => {
      const diff: Record<string, [number, number]> = {};
      for (const k of Object.keys(values) as (keyof typeof values)[])
        if (add[k] > 0) {
          diff[k] = [values[k], values[k] + add[k]];
          values[k] += add[k];
        }
      if (Object.keys(diff).length)
        facts.push({ index: e.index, at: new Date(e.createdAt.getTime() + ++minute * 60_000), factDate, diff });
    };
    // The last months of 2020: a little Party work, some initiatives (outside the example period).
    const rec2020 = r.int(0, 2);
    enter(day("2020-08-01", r.int(0, 150)), {
      partyRecommended: rec2020,
      partyAdmitted: r.int(0, rec2020),
      initiatives: r.int(0, 3),
    });
    // The example period: the enterprise's shares, in PER_ENTERPRISE steps on ordered days.
    const days = Array.from({ length: PER_ENTERPRISE }, () => r.int(0, periodDays - 1)).sort((a, b) => a - b);
    const step = (total: number, j: number) =>
      Math.floor((total * (j + 1)) / PER_ENTERPRISE) - Math.floor((total * j) / PER_ENTERPRISE);
    days.forEach((offset, j) =>
      enter(day(EXAMPLE_PERIOD.from, offset), {
        partyRecommended: step(recommended[i]!, j),
        partyAdmitted: step(admitted[i]!, j),
        initiatives: step(initiatives[i]!, j),
      }),
    );
  });
  return { recordStart, facts };
}
