// Period figures from the change log by fact date: a figure entered late lands in its period, a
// merge of units inside the period and an enterprise ceased inside it are counted as they happened.
import { describe, expect, it } from "vitest";
import type { LogEntry } from "../../server/domain/history.ts";
import { comparisonPeriods, periodFigures, replayPeriods, type Period } from "../../server/domain/period.ts";
import { successorMap } from "../../server/domain/units.ts";

const fields = (districtId: number, headcount: number, extra: Record<string, unknown> = {}) => ({
  taxCode: `01${districtId}${headcount}`,
  name: "Công ty Kỳ Báo Cáo",
  districtId,
  sector: "C",
  ownership: "DOMESTIC",
  headcount,
  unionMembers: headcount / 2,
  hasUnion: false,
  hasParty: false,
  hasYouthUnion: false,
  hasWomenUnion: false,
  hasVeterans: false,
  partyRecommended: 0,
  partyAdmitted: 0,
  initiatives: 0,
  ...extra,
});
/** An entry entered at `at` about a fact of `factDate`. */
const entry = (
  seq: number,
  id: number,
  factDate: string,
  action: LogEntry["action"],
  diff: Record<string, [unknown, unknown]>,
  at = "2026-11-30T03:00:00Z",
): LogEntry => ({ seq, enterpriseId: id, at: new Date(at), factDate, action, diff });
const create = (seq: number, id: number, factDate: string, districtId: number, headcount: number) =>
  entry(
    seq,
    id,
    factDate,
    "create",
    Object.fromEntries(Object.entries(fields(districtId, headcount)).map(([k, v]) => [k, [null, v]])),
  );
/** The log in fact order, as the database reads it: (factDate, seq). */
async function* inFactOrder(log: LogEntry[]) {
  yield [...log].sort((a, b) => (a.factDate! < b.factDate! ? -1 : a.factDate! > b.factDate! ? 1 : a.seq - b.seq));
}
const PERIOD: Period = { from: "2021-01-01", to: "2022-09-30" };

describe("period figures", () => {
  it("a fact entered late lands in the period it happened in, not the one it was entered in", async () => {
    const log = [
      create(1, 1, "2020-05-01", 1, 100),
      // Entered in 2021 (seq 2) for a fact of 2021-03-01.
      entry(2, 1, "2021-03-01", "update", { partyRecommended: [0, 4], partyAdmitted: [0, 1] }, "2021-03-02T03:00:00Z"),
      // Entered in 2026 (seq 3) about 2022-06-10: the counter went 4 → 10 then, and a union was founded.
      entry(3, 1, "2022-06-10", "update", { partyRecommended: [4, 10], hasUnion: [false, true], initiatives: [0, 7] }),
      // About the day after the period ends: not in it.
      entry(4, 1, "2022-10-01", "update", { partyAdmitted: [1, 3] }),
    ];
    const { periods } = await replayPeriods(inFactOrder(log), [PERIOD], {});
    const { total } = periodFigures(periods[0]!);
    expect([total.partyRecommended, total.partyAdmitted, total.initiatives, total.unionsFounded]).toEqual([
      10, 1, 7, 1,
    ]);
    expect(total.partyAdmissionRate).toBeCloseTo(0.1);
    // Before the late fact was known the period had 4 recommended: only seq ≤ 2.
    const early = await replayPeriods(inFactOrder(log.slice(0, 2)), [PERIOD], {});
    expect(periodFigures(early.periods[0]!).total.partyRecommended).toBe(4);
    // Counts are changes: a late correction of an earlier day keeps the later days' values.
    const corrected = [...log, entry(5, 1, "2021-02-01", "update", { headcount: [100, 120] })];
    const after = await replayPeriods(inFactOrder(corrected), [PERIOD], {});
    expect(periodFigures(after.periods[0]!).total.headcount).toBe(120);
  });

  it("a merge of units inside the period: as then, each unit's own share; as now, under the new unit", async () => {
    const log = [
      create(1, 11, "2020-01-10", 1, 100),
      create(2, 12, "2020-02-10", 2, 40),
      entry(3, 11, "2021-05-01", "update", { partyRecommended: [0, 6] }),
      entry(4, 11, "2022-01-01", "update", { districtId: [1, 3] }),
      entry(5, 12, "2022-01-01", "update", { districtId: [2, 3] }),
      entry(6, 12, "2022-03-01", "update", { partyRecommended: [0, 2], hasParty: [false, true] }),
    ];
    const then = periodFigures((await replayPeriods(inFactOrder(log), [PERIOD], {})).periods[0]!);
    expect(then.byUnit.get(1)).toMatchObject({ partyRecommended: 6, enterprises: 0, unionMembersStart: 50 });
    expect(then.byUnit.get(2)).toMatchObject({ partyRecommended: 0, enterprises: 0, unionMembersStart: 20 });
    expect(then.byUnit.get(3)).toMatchObject({ partyRecommended: 2, enterprises: 2, unionMembersEnd: 70 });
    expect(then.byUnit.get(3)!.founded.party).toBe(1);
    expect(then.total).toMatchObject({ partyRecommended: 8, enterprises: 2, unionMembersChange: 0 });
    const successor = successorMap([
      { from: 1, into: 3 },
      { from: 2, into: 3 },
    ]);
    const now = periodFigures(
      (await replayPeriods(inFactOrder(log), [PERIOD], {}, (_id, then) => successor(then))).periods[0]!,
    );
    expect([...now.byUnit.keys()]).toEqual([3]);
    expect(now.byUnit.get(3)).toMatchObject({ partyRecommended: 8, unionMembersStart: 70, unionMembersEnd: 70 });
    expect(now.total).toEqual(then.total);
  });

  it("an enterprise ceased inside the period leaves the end figures but keeps what it did before", async () => {
    const log = [
      create(1, 21, "2020-01-10", 1, 60),
      create(2, 22, "2020-01-10", 1, 30),
      entry(3, 21, "2021-04-01", "update", { partyRecommended: [0, 3], initiatives: [0, 5] }),
      entry(4, 21, "2021-08-01", "update", { status: ["ACTIVE", "CEASED"], statusDate: [null, "2021-08-01"] }),
    ];
    const { total } = periodFigures((await replayPeriods(inFactOrder(log), [PERIOD], {})).periods[0]!);
    expect(total).toMatchObject({
      enterprises: 1,
      headcount: 30,
      unionMembersStart: 45,
      unionMembersEnd: 15,
      unionMembersChange: -30,
      partyRecommended: 3,
      initiatives: 5,
      over25NoUnion: 1,
    });
  });

  it("compares with the period of the same length before and the same dates a year earlier", () => {
    expect(comparisonPeriods(PERIOD)).toEqual({
      previous: { from: "2019-04-04", to: "2020-12-31" },
      yearEarlier: { from: "2020-01-01", to: "2021-09-30" },
    });
    expect(comparisonPeriods({ from: "2024-02-29", to: "2024-02-29" }).yearEarlier).toEqual({
      from: "2023-02-28",
      to: "2023-02-28",
    });
  });
});
