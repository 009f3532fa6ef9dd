// A live room's figures, kept up to date change by change, must always equal a full recount of the
// room's filter: after any sequence of edits, moves between units, ceasing and reopening, creations
// and removals, whenever the room began watching.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OWNERSHIPS, SIZE_BAND_KEYS } from "../../contract/codes.ts";
import type { Filter } from "../../contract/filter.ts";
import { Aggregates, statsOf } from "../../server/domain/aggregates.ts";
import type { Counted } from "../../server/domain/figures.ts";
import type { LiveFigures } from "../../server/domain/live-figures.ts";
import { anEnterpriseOf, headcount } from "../support/enterprise-arbitraries.ts";

const UNITS = [1, 2, 3, 4, 5];
const SECTORS = ["A", "C", "G"];
const anEnterprise = anEnterpriseOf({ units: UNITS, sectors: SECTORS, ceased: true });

type Step =
  | { kind: "create"; e: Counted }
  | { kind: "edit"; pick: number; e: Partial<Counted> }
  | { kind: "move"; pick: number; to: number }
  | { kind: "cease"; pick: number }
  | { kind: "reopen"; pick: number }
  | { kind: "remove"; pick: number }
  /** A room starts watching this filter now (a dashboard subscribes mid-stream). */
  | { kind: "watch"; filter: Filter };

const sub = <T>(values: readonly T[]) => fc.subarray([...values]);
const aFilter: fc.Arbitrary<Filter> = fc.record(
  {
    district: sub(UNITS),
    sector: sub(SECTORS),
    ownership: sub(OWNERSHIPS),
    nonState: fc.boolean(),
    size: sub(SIZE_BAND_KEYS),
    missing: sub(["union", "party", "youth", "women", "veterans"]),
    union: fc.boolean(),
  },
  { requiredKeys: [] },
);

const aStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: anEnterprise.map((e) => ({ kind: "create" as const, e })) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("edit" as const),
      pick: fc.nat(),
      e: fc.record(
        {
          headcount,
          sector: fc.constantFrom(...SECTORS),
          ownership: fc.constantFrom(...OWNERSHIPS),
          hasUnion: fc.boolean(),
          hasWomenUnion: fc.boolean(),
          initiatives: fc.integer({ min: 0, max: 100 }),
        },
        { requiredKeys: [] },
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("move" as const), pick: fc.nat(), to: fc.constantFrom(...UNITS) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cease" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reopen" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: aFilter.map((filter) => ({ kind: "watch" as const, filter })) },
);

/** Plays the steps on a plain map, on the province's cells and on every room watching. */
function play(steps: Step[], first: Filter[]) {
  const agg = new Aggregates();
  const rooms: LiveFigures[] = first.map((f) => agg.live(f));
  const now = new Map<number, Counted>();
  let nextId = 1;
  const apply = (before: Counted | undefined, after: Counted | undefined) => {
    agg.apply(before, after);
    for (const r of rooms) r.apply(before, after);
  };
  for (const s of steps) {
    if (s.kind === "watch") {
      rooms.push(agg.live(s.filter));
      continue;
    }
    if (s.kind === "create") {
      now.set(nextId++, s.e);
      apply(undefined, s.e);
      continue;
    }
    const ids = [...now.keys()];
    if (ids.length === 0) continue;
    const id = ids[s.pick % ids.length]!;
    const before = now.get(id)!;
    if (s.kind === "remove") {
      now.delete(id);
      apply(before, undefined);
      continue;
    }
    let after: Counted =
      s.kind === "edit"
        ? { ...before, ...s.e }
        : s.kind === "move"
          ? { ...before, districtId: s.to }
          : { ...before, status: s.kind === "cease" ? "CEASED" : "ACTIVE" };
    if (after.unionMembers > after.headcount) after = { ...after, unionMembers: after.headcount };
    now.set(id, after);
    apply(before, after);
  }
  return { rooms, enterprises: [...now.values()] };
}

describe("a live room's figures kept change by change equal a full recount", () => {
  it("after any sequence of edits, moves between units, ceasing, reopening, creations and removals", () => {
    fc.assert(
      fc.property(
        fc.array(aFilter, { minLength: 1, maxLength: 4 }),
        fc.array(aStep, { maxLength: 120 }),
        (first, steps) => {
          const { rooms, enterprises } = play(steps, [{}, { nonState: true }, ...first]);
          for (const room of rooms) expect(room.result()).toEqual(statsOf(enterprises, room.filter));
        },
      ),
      { numRuns: 250 },
    );
  });

  it("a unit emptied by moves leaves the room's rows, as it would leave a recount", () => {
    const agg = new Aggregates();
    const room = agg.live({});
    const e: Counted = {
      districtId: 1,
      sector: "C",
      ownership: "DOMESTIC",
      headcount: 40,
      unionMembers: 10,
      hasUnion: true,
      hasParty: false,
      hasYouthUnion: false,
      hasWomenUnion: false,
      hasVeterans: false,
      partyRecommended: 0,
      partyAdmitted: 0,
      initiatives: 0,
    };
    agg.apply(undefined, e);
    room.apply(undefined, e);
    const moved = { ...e, districtId: 2 };
    room.apply(e, moved);
    expect(room.result().byDistrict.map((d) => d.districtId)).toEqual([2]);
    const ceased = { ...moved, status: "CEASED" };
    room.apply(moved, ceased);
    expect(room.result().byDistrict).toEqual([]);
    expect(room.result().totals.enterprises).toBe(0);
  });
});
