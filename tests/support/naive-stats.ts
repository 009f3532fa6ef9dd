// The figures and filters worked out the slow, obvious way, written here on purpose without
// server/domain, so the tests compare the server against an independent computation.
import type { Filter } from "../../contract/filter.ts";
import type { Figures } from "../../contract/stats.ts";

/** What the naive computation needs of an enterprise (an API record has all of it). */
export interface Countable {
  districtId: number;
  sector: string;
  ownership: string;
  headcount: number;
  unionMembers: number;
  hasUnion: boolean;
  hasParty: boolean;
  hasYouthUnion: boolean;
  hasWomenUnion: boolean;
  hasVeterans: boolean;
  partyRecommended: number;
  partyAdmitted: number;
  initiatives: number;
  /** CEASED enterprises count in no figure and in no missing-organisation list; absent means ACTIVE. */
  status?: string;
}

export interface Searchable extends Countable {
  name: string;
  taxCode: string;
}

export const sizeOf = (headcount: number): string =>
  headcount < 25
    ? "lt25"
    : headcount < 100
      ? "25-99"
      : headcount < 500
        ? "100-499"
        : headcount < 1000
          ? "500-999"
          : "gte1000";

const HAS: Record<string, (e: Countable) => boolean> = {
  union: (e) => e.hasUnion,
  party: (e) => e.hasParty,
  youth: (e) => e.hasYouthUnion,
  women: (e) => e.hasWomenUnion,
  veterans: (e) => e.hasVeterans,
};

/** Lower case, no Vietnamese accents, đ → d. */
export const folded = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();

const anyOf = <T>(list: readonly T[] | undefined, v: T) => !list || list.length === 0 || list.includes(v);

export function matchesFilter(e: Countable & Partial<Searchable>, f: Filter): boolean {
  if (!anyOf(f.district, e.districtId) || !anyOf(f.sector, e.sector) || !anyOf(f.ownership, e.ownership)) return false;
  if (f.nonState && e.ownership === "STATE") return false;
  if (!anyOf(f.size, sizeOf(e.headcount))) return false;
  for (const org of f.missing ?? []) if (HAS[org]!(e)) return false;
  if ((f.missing?.length || f.union === false) && e.status === "CEASED") return false;
  if (f.q) {
    const text = `${folded(e.name ?? "")} ${e.taxCode ?? ""}`;
    for (const word of folded(f.q).split(/\s+/).filter(Boolean)) if (!text.includes(word)) return false;
  }
  return true;
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const count = (list: Countable[], test: (e: Countable) => boolean) => list.filter(test).length;
const sum = (list: Countable[], field: (e: Countable) => number) => list.reduce((s, e) => s + field(e), 0);

/** Sum the members and the workers over the enterprises that have workers, then divide once. */
export function naiveFigures(list: Countable[]): Figures {
  const withWorkers = list.filter((e) => e.headcount > 0);
  const recommended = sum(list, (e) => e.partyRecommended);
  const admitted = sum(list, (e) => e.partyAdmitted);
  return {
    enterprises: list.length,
    headcount: sum(list, (e) => e.headcount),
    unionMembers: sum(list, (e) => e.unionMembers),
    density: share(
      sum(withWorkers, (e) => e.unionMembers),
      sum(withWorkers, (e) => e.headcount),
    ),
    withUnion: count(list, (e) => e.hasUnion),
    over25: count(list, (e) => e.headcount >= 25),
    over25NoUnion: count(list, (e) => e.headcount >= 25 && !e.hasUnion),
    missing: {
      union: count(list, (e) => !e.hasUnion),
      party: count(list, (e) => !e.hasParty),
      youth: count(list, (e) => !e.hasYouthUnion),
      women: count(list, (e) => !e.hasWomenUnion),
      veterans: count(list, (e) => !e.hasVeterans),
    },
    partyRecommended: recommended,
    partyAdmitted: admitted,
    partyAdmissionRate: share(admitted, recommended),
    initiatives: sum(list, (e) => e.initiatives),
  };
}

/** Figures per group, keyed by the group's value, only for groups that have enterprises. */
export function naiveGroups(
  list: Countable[],
  keyOf: (e: Countable) => string | number,
): Map<string | number, Figures> {
  const groups = new Map<string | number, Countable[]>();
  for (const e of list) {
    const k = keyOf(e);
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return new Map([...groups].map(([k, members]) => [k, naiveFigures(members)]));
}

/** The whole statistics body (without seq), rows keyed by value so order does not matter. */
export function naiveStats(all: Countable[], f: Filter) {
  const list = all.filter((e) => e.status !== "CEASED" && matchesFilter(e, f));
  return {
    totals: naiveFigures(list),
    byDistrict: naiveGroups(list, (e) => e.districtId),
    bySector: naiveGroups(list, (e) => e.sector),
    byOwnership: naiveGroups(list, (e) => e.ownership),
    bySize: naiveGroups(list, (e) => sizeOf(e.headcount)),
  };
}

/** A Stats-shaped body → the same keyed form as naiveStats, to compare with toEqual. */
export function keyedStats(s: {
  totals: Figures;
  byDistrict: (Figures & { districtId: number })[];
  bySector: (Figures & { sector: string })[];
  byOwnership: (Figures & { ownership: string })[];
  bySize: (Figures & { size: string })[];
}) {
  const keyed = <R extends Figures>(rows: R[], key: (r: R) => string | number) =>
    new Map(
      rows.map((r) => {
        const { districtId: _d, sector: _s, ownership: _o, size: _z, ...figures } = r as R & Record<string, unknown>;
        return [key(r), figures as Figures] as const;
      }),
    );
  return {
    totals: s.totals,
    byDistrict: keyed(s.byDistrict, (r) => r.districtId),
    bySector: keyed(s.bySector, (r) => r.sector),
    byOwnership: keyed(s.byOwnership, (r) => r.ownership),
    bySize: keyed(s.bySize, (r) => r.size),
  };
}
