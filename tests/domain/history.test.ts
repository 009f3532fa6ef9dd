// The past rebuilt from the change log: an enterprise's state as of a time is the fold of its
// entries up to it, and figures at month ends come from one forward walk.
import { describe, expect, it } from "vitest";
import {
  addMonths,
  endOfDay,
  endOfMonth,
  isDay,
  monthCount,
  monthOf,
  monthsBetween,
} from "../../server/domain/calendar.ts";
import { applyEntry, replayAt, type LogEntry } from "../../server/domain/history.ts";

const created = (seq: number, id: number, at: string, fields: Record<string, unknown>): LogEntry => ({
  seq,
  enterpriseId: id,
  at: new Date(at),
  action: "create",
  diff: Object.fromEntries(
    Object.entries({
      name: `E${id}`,
      taxCode: `000000000${id}`,
      districtId: 1,
      sector: "C",
      ownership: "FDI",
      headcount: 100,
      unionMembers: 0,
      hasUnion: false,
      hasParty: false,
      hasYouthUnion: false,
      hasWomenUnion: false,
      hasVeterans: false,
      partyRecommended: 0,
      partyAdmitted: 0,
      initiatives: 0,
      ...fields,
    }).map(([k, v]) => [k, [null, v]]),
  ),
});
const updated = (seq: number, id: number, at: string, diff: Record<string, [unknown, unknown]>): LogEntry => ({
  seq,
  enterpriseId: id,
  at: new Date(at),
  action: "update",
  diff,
});

async function* batches(entries: LogEntry[]) {
  yield entries;
}

describe("days and months are Viet Nam's (UTC+7)", () => {
  it("a day ends at midnight in Ha Noi, 17:00 UTC", () => {
    expect(endOfDay("2022-09-30").toISOString()).toBe("2022-09-30T17:00:00.000Z");
    expect(endOfMonth("2022-12").toISOString()).toBe("2022-12-31T17:00:00.000Z");
    expect(monthOf(new Date("2022-09-30T17:30:00Z"))).toBe("2022-10");
  });
  it("counts and lists months across a year end", () => {
    expect(monthsBetween("2024-11", "2025-02")).toEqual(["2024-11", "2024-12", "2025-01", "2025-02"]);
    expect(monthCount("2024-11", "2025-02")).toBe(4);
    expect(addMonths("2025-01", -11)).toBe("2024-02");
    expect(isDay("2023-02-29")).toBe(false);
    expect(isDay("2024-02-29")).toBe(true);
  });
});

describe("replaying the change log", () => {
  it("an update changes only the fields it names", () => {
    const s0 = applyEntry(undefined, created(1, 1, "2024-01-01T00:00:00Z", { headcount: 50 }));
    const s1 = applyEntry(s0, updated(2, 1, "2024-02-01T00:00:00Z", { unionMembers: [0, 20] }));
    expect(s1).toMatchObject({ headcount: 50, unionMembers: 20, sector: "C" });
  });

  it("figures at each month end, filtered by the values then", async () => {
    const log = [
      created(1, 1, "2024-01-10T00:00:00Z", { headcount: 100 }),
      created(2, 2, "2024-01-20T00:00:00Z", { headcount: 40, sector: "F", unionMembers: 10, hasUnion: true }),
      updated(3, 1, "2024-02-05T00:00:00Z", { unionMembers: [0, 30], hasUnion: [false, true] }),
      updated(4, 2, "2024-03-01T00:00:00Z", { sector: ["F", "C"] }),
      // 23:30 on 31 March in Ha Noi is still March.
      updated(5, 1, "2024-03-31T16:30:00Z", { headcount: [100, 120] }),
    ];
    const months = ["2024-01", "2024-02", "2024-03"].map((month) => ({ month, before: endOfMonth(month) }));
    const totals = await replayAt(batches(log), months, undefined, (r) => r.stats({ sector: ["C"] }).totals);
    expect(totals.map((t) => [t.enterprises, t.headcount, t.unionMembers, t.missing.union])).toEqual([
      [1, 100, 0, 1],
      [1, 100, 30, 0],
      [2, 160, 40, 0],
    ]);
  });

  it("text search matches the name as it was", async () => {
    const log = [
      created(1, 1, "2024-01-01T00:00:00Z", { name: "Công ty Đại Phát" }),
      updated(2, 1, "2024-02-10T00:00:00Z", { name: ["Công ty Đại Phát", "Công ty Minh Long"] }),
    ];
    const months = ["2024-01", "2024-02"].map((month) => ({ month, before: endOfMonth(month) }));
    const counts = await replayAt(batches(log), months, "dai phat", (r) => r.stats({}).totals.enterprises);
    expect(counts).toEqual([1, 0]);
  });
});
