// The enterprise table's sort keys, and reading a whole selection in that order a page at a time
// (keyset paging), so a download of 1,000,000 rows never sorts the province in one query nor holds
// the event loop (better-sqlite3 runs each query on it): every query is a range scan over an index
// led by the sort key (prisma/models.prisma), at most `pageSize` rows, with a turn of the loop
// between pages.
//
// The order is the table's: the key's columns, then id ascending (in both directions, so one
// index (key, id) cannot serve a descending sort with its ties by id). Each page therefore is one
// of two index-ordered reads, neither sorting more than a page:
//   - within one key value: the ties, by id after the last one read;
//   - after that value: the next rows by key alone; the values seen whole are put in order by id
//     here, the last value (maybe cut by the page's end) is read next as ties.
// Consistency: each row is as it was when its page was read; the whole file is not one snapshot.
// A row not edited during the download appears exactly once, in order; a row whose sort key is
// edited meanwhile may appear at its old and its new place, or at neither.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { SortField } from "../../contract/filter.ts";
import type { Db, EnterpriseRow, Prisma } from "./database.ts";

type Dir = "asc" | "desc";
type Column = keyof EnterpriseRow;
export interface KeyColumn {
  column: Column;
  dir: Dir;
}
type Where = Prisma.EnterpriseWhereInput;
type Value = EnterpriseRow[Column];

/** The columns a sort orders by before its tie-break, id ascending. */
export function sortKeyOf(sort: string): KeyColumn[] {
  const desc = sort.startsWith("-");
  const field = (desc ? sort.slice(1) : sort) as SortField;
  const dir: Dir = desc ? "desc" : "asc";
  // Priority: the federation's first targets (no union, then largest) at the top.
  if (field === "priority")
    return [
      { column: "hasUnion", dir },
      { column: "headcount", dir: desc ? "asc" : "desc" },
    ];
  // Names sort the Vietnamese way (đ after d, tones in order) through their stored key.
  return [{ column: field === "name" ? "sortName" : field, dir }];
}

/** The parts of the order read one after the other: enterprises without workers have no
 *  density and come last whichever way it sorts (by id among themselves). */
function segmentsOf(key: KeyColumn[]): { where: Where; key: KeyColumn[] }[] {
  if (key[0]?.column !== "density") return [{ where: {}, key }];
  return [
    { where: { density: { not: null } }, key },
    { where: { density: null }, key: [] },
  ];
}

const same = (a: Value, b: Value) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
const sameKey = (key: KeyColumn[], a: EnterpriseRow, b: EnterpriseRow) =>
  key.every((k) => same(a[k.column], b[k.column]));
const equalTo = (key: KeyColumn[], row: EnterpriseRow): Where[] => key.map((k) => ({ [k.column]: row[k.column] }));

/** Rows strictly after `row`'s key value in the key's order, or null when nothing can be.
 *  Booleans have no gt/lt in Prisma: after false (ascending) is true, after true nothing. */
function after(key: KeyColumn[], row: EnterpriseRow): Where | null {
  const beyond = (k: KeyColumn): Where | null => {
    const v = row[k.column];
    if (typeof v === "boolean") return v === (k.dir === "desc") ? { [k.column]: !v } : null;
    return { [k.column]: { [k.dir === "asc" ? "gt" : "lt"]: v } };
  };
  const branches: Where[] = [];
  key.forEach((k, i) => {
    const b = beyond(k);
    if (b) branches.push({ AND: [...equalTo(key.slice(0, i), row), b] });
  });
  if (!branches.length) return null;
  // The first column's bound stated on its own, so the database seeks the index to it rather
  // than scanning it from the start and filtering (which would make paging quadratic).
  const first = key[0]!;
  const v = row[first.column];
  const bound: Where =
    typeof v === "boolean"
      ? v === (first.dir === "asc")
        ? { [first.column]: v }
        : {}
      : { [first.column]: { [first.dir === "asc" ? "gte" : "lte"]: v } };
  return { AND: [bound, { OR: branches }] };
}

/** `rows` ordered by key (ties in any order) → the same rows with each value's ties by id. */
function tiesById(key: KeyColumn[], rows: EnterpriseRow[]): EnterpriseRow[] {
  const out: EnterpriseRow[] = [];
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i < rows.length && sameKey(key, rows[start]!, rows[i]!)) continue;
    out.push(...rows.slice(start, i).sort((a, b) => a.id - b.id));
    start = i;
  }
  return out;
}

/** Every row matching `where`, in the order of `sort`, in pages of at most `pageSize` rows. */
export async function* rowPagesInOrder(
  db: Db,
  where: Where,
  sort: string,
  pageSize = 2_000,
): AsyncGenerator<EnterpriseRow[]> {
  for (const segment of segmentsOf(sortKeyOf(sort))) {
    const { key } = segment;
    const base = [where, segment.where];
    // The key value whose ties are being read (by id after `afterId`); none: the segment's start.
    let tie: EnterpriseRow | null = null;
    let afterId = 0;
    let started = false;
    for (;;) {
      if (tie || !key.length) {
        await nextTurn();
        const ties: EnterpriseRow[] = await db.enterprise.findMany({
          where: { AND: [...base, ...(tie ? equalTo(key, tie) : []), { id: { gt: afterId } }] },
          orderBy: { id: "asc" },
          take: pageSize,
        });
        if (ties.length) yield ties;
        if (ties.length === pageSize) {
          afterId = ties[ties.length - 1]!.id;
          continue;
        }
        if (!key.length) break;
      }
      const beyond: Where | null = tie ? after(key, tie) : started ? null : {};
      if (!beyond) break;
      started = true;
      await nextTurn();
      const next: EnterpriseRow[] = await db.enterprise.findMany({
        where: { AND: [...base, beyond] },
        orderBy: key.map((k) => ({ [k.column]: k.dir })),
        take: pageSize,
      });
      if (next.length < pageSize) {
        // The end of the segment: every value in it is whole.
        if (next.length) yield tiesById(key, next);
        break;
      }
      // The last value may go on past this page: read it next as ties, from its first id.
      const last = next[next.length - 1]!;
      const whole = next.filter((r) => !sameKey(key, r, last));
      if (whole.length) yield tiesById(key, whole);
      tie = last;
      afterId = 0;
    }
  }
}
