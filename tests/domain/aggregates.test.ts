// The province's figures kept incrementally in memory must always equal a full recount, and
// density must be summed first and divided once (never an average of percentages).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OWNERSHIPS, SIZE_BAND_KEYS } from "../../contract/codes.ts";
import type { Filter } from "../../contract/filter.ts";
import { Aggregates, statsOf } from "../../server/domain/aggregates.ts";
import type { Counted } from "../../server/domain/figures.ts";
import { keyedStats, naiveFigures, naiveStats } from "../support/naive-stats.ts";
import { anEnterpriseOf, headcount } from "../support/enterprise-arbitraries.ts";

const enterprise = (over: Partial<Counted>): Counted => ({
  districtId: 1,
  sector: "C",
  ownership: "DOMESTIC",
  headcount: 0,
  unionMembers: 0,
  hasUnion: false,
  hasParty: false,
  hasYouthUnion: false,
  hasWomenUnion: false,
  hasVeterans: false,
  partyRecommended: 0,
  partyAdmitted: 0,
  initiatives: 0,
  ...over,
});

describe("density over a province, worked by hand", () => {
  const province = [
    enterprise({ headcount: 100, unionMembers: 10, hasUnion: true }),
    enterprise({ headcount: 100, unionMembers: 90, hasUnion: true, districtId: 2 }),
    enterprise({ headcount: 0, unionMembers: 0, districtId: 2 }),
  ];

  it("10 of 100 and 90 of 100 is 50 %; the enterprise without workers counts as an enterprise only", () => {
    const { totals } = statsOf(province, {});
    expect(totals.enterprises).toBe(3);
    expect(totals.headcount).toBe(200);
    expect(totals.unionMembers).toBe(100);
    expect(totals.density).toBe(0.5);
  });

  it("the incremental figures agree", () => {
    const agg = new Aggregates();
    for (const e of province) agg.apply(undefined, e);
    expect(agg.query({}).totals).toEqual(statsOf(province, {}).totals);
  });

  it("a district whose only enterprise has no workers has no density, not 0 %", () => {
    const alone = [enterprise({ headcount: 0, districtId: 7 })];
    expect(statsOf(alone, {}).totals.density).toBeNull();
    expect(statsOf(alone, {}).totals.enterprises).toBe(1);
  });

  it("on uneven enterprises the density is members ÷ workers, not the average of their percentages", () => {
    // 10 of 100 (10 %) and 90 of 300 (30 %): 100 of 400 is 25 %; averaging the percentages would say 20 %.
    const uneven = [
      enterprise({ headcount: 100, unionMembers: 10 }),
      enterprise({ headcount: 300, unionMembers: 90 }),
      enterprise({ headcount: 0 }),
    ];
    const averageOfPercentages = (10 / 100 + 90 / 300) / 2;
    const { totals } = statsOf(uneven, {});
    expect(totals.density).toBe(0.25);
    expect(totals.density).not.toBeCloseTo(averageOfPercentages, 5);
    expect(totals.enterprises).toBe(3);
  });

  it("Party admission rate is admissions ÷ recommendations summed, and null with no recommendation", () => {
    const list = [
      enterprise({ partyRecommended: 4, partyAdmitted: 1 }),
      enterprise({ partyRecommended: 16, partyAdmitted: 9 }),
    ];
    expect(statsOf(list, {}).totals.partyAdmissionRate).toBe(10 / 20);
    expect(statsOf([enterprise({})], {}).totals.partyAdmissionRate).toBeNull();
  });
});

// ---- property: any sequence of changes, any filter --------------------------------------

const DISTRICTS = [1, 2, 3, 4];
const SECTORS = ["A", "C", "G", "U"];
const anEnterprise = anEnterpriseOf({ units: DISTRICTS, sectors: SECTORS });

type Change =
  | { kind: "create"; e: Counted }
  | { kind: "replace"; pick: number; e: Counted }
  | { kind: "move"; pick: number; to: Partial<Pick<Counted, "districtId" | "sector" | "ownership" | "headcount">> }
  | { kind: "remove"; pick: number };

const aChange: fc.Arbitrary<Change> = fc.oneof(
  { weight: 3, arbitrary: anEnterprise.map((e) => ({ kind: "create" as const, e })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), e: anEnterprise }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("move" as const),
      pick: fc.nat(),
      to: fc.record(
        {
          districtId: fc.constantFrom(...DISTRICTS),
          sector: fc.constantFrom(...SECTORS),
          ownership: fc.constantFrom(...OWNERSHIPS),
          headcount,
        },
        { requiredKeys: [] },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
);

const sub = <T>(values: readonly T[]) => fc.subarray([...values]);
const aFilter: fc.Arbitrary<Filter> = fc.record(
  {
    district: sub(DISTRICTS),
    sector: sub(SECTORS),
    ownership: sub(OWNERSHIPS),
    nonState: fc.boolean(),
    size: sub(SIZE_BAND_KEYS),
    missing: sub(["union", "party", "youth", "women", "veterans"]),
  },
  { requiredKeys: [] },
);

/** Plays the changes on a plain map and on the aggregates, as the change feed does. */
function play(changes: Change[]) {
  const agg = new Aggregates();
  const live = new Map<number, Counted>();
  let nextId = 1;
  for (const c of changes) {
    const ids = [...live.keys()];
    if (c.kind === "create") {
      live.set(nextId++, c.e);
      agg.apply(undefined, c.e);
      continue;
    }
    if (ids.length === 0) continue;
    const id = ids[c.pick % ids.length]!;
    const before = live.get(id)!;
    if (c.kind === "remove") {
      live.delete(id);
      agg.apply(before, undefined);
      continue;
    }
    let after = c.kind === "replace" ? c.e : { ...before, ...c.to };
    if (after.unionMembers > after.headcount) after = { ...after, unionMembers: after.headcount };
    live.set(id, after);
    agg.apply(before, after);
  }
  return { agg, enterprises: [...live.values()] };
}

describe("incremental aggregates equal a full recount", () => {
  it("after any sequence of creates, moves, replacements and removals, for any filter", () => {
    fc.assert(
      fc.property(
        fc.array(aChange, { maxLength: 80 }),
        fc.array(aFilter, { minLength: 1, maxLength: 6 }),
        (changes, filters) => {
          const { agg, enterprises } = play(changes);
          for (const f of [{}, ...filters]) {
            const incremental = agg.query(f);
            expect(incremental).toEqual(statsOf(enterprises, f));
            expect(keyedStats(incremental)).toEqual(naiveStats(enterprises, f));
            // The totals alone (what trends read) are those of the full query.
            expect(agg.totals(f)).toEqual(incremental.totals);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the province's totals are the plain sums over its enterprises, divided once", () => {
    fc.assert(
      fc.property(fc.array(aChange, { maxLength: 60 }), (changes) => {
        const { agg, enterprises } = play(changes);
        const { totals } = agg.query({});
        const withWorkers = enterprises.filter((e) => e.headcount > 0);
        const members = withWorkers.reduce((s, e) => s + e.unionMembers, 0);
        const workers = withWorkers.reduce((s, e) => s + e.headcount, 0);
        expect(totals.enterprises).toBe(enterprises.length);
        expect(totals.density).toBe(workers === 0 ? null : members / workers);
        expect(totals).toEqual(naiveFigures(enterprises));
      }),
      { numRuns: 200 },
    );
  });

  it("removing every enterprise again leaves no cell behind", () => {
    fc.assert(
      fc.property(fc.array(anEnterprise, { maxLength: 40 }), (list) => {
        const agg = new Aggregates();
        for (const e of list) agg.apply(undefined, e);
        for (const e of list) agg.apply(e, undefined);
        expect(agg.cellCount).toBe(0);
        expect(agg.query({}).totals).toEqual(naiveFigures([]));
      }),
    );
  });
});

describe("a rebuild's bulk build equals adding enterprises one by one", () => {
  // Districts past the bulk build's compact key (2^17) and ceased enterprises take their own ways.
  const anyEnterprise = anEnterpriseOf({
    units: [...DISTRICTS, 131_071, 131_072, 9_000_000],
    sectors: SECTORS,
    ceased: true,
  });

  it("for any enterprises cut into any pages, for any filter, and changes apply to it after", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyEnterprise, { maxLength: 120 }),
        fc.array(fc.nat({ max: 30 }), { maxLength: 8 }),
        fc.array(aFilter, { minLength: 1, maxLength: 4 }),
        async (list, cuts, filters) => {
          const pages: Counted[][] = [];
          let rest = list;
          for (const n of cuts) [pages[pages.length], rest] = [rest.slice(0, n), rest.slice(n)];
          pages.push(rest);
          async function* read() {
            yield* pages;
          }
          const built = await Aggregates.build(read());
          const one = new Aggregates();
          for (const e of list) one.apply(undefined, e);
          expect(built.cellCount).toBe(one.cellCount);
          for (const f of [{}, ...filters]) {
            expect(built.query(f)).toEqual(one.query(f));
            expect(keyedStats(built.query(f))).toEqual(naiveStats(list, f));
          }
          // Kept up to date change by change afterwards: taking every enterprise out leaves no cell.
          for (const e of list) built.apply(e, undefined);
          expect(built.cellCount).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
