// Where a filter's unit goes when the units change (issue 10): a unit still active stays; one merged
// away follows to its target, one split to its new units. The `units` event carries the whole list,
// so the successors are read from what changed between two lists, and, when that cannot say (a
// merge into a unit that already existed), from the retired unit's own history.
import type { District, UnitHistoryEntry } from "../../../contract/units.ts";
import { unitsApi } from "./units-api.ts";

/** Units active in `before` and not in `after`, each with the units that appeared in `after` (a
 *  merge into a new unit, or a split), or none when nothing appeared (a merge into an existing one). */
export function successorsByDiff(before: readonly District[], after: readonly District[]): Map<number, number[]> {
  const wasActive = new Set(before.filter((d) => d.active !== false).map((d) => d.id));
  const known = new Set(before.map((d) => d.id));
  const activeNow = new Set(after.filter((d) => d.active).map((d) => d.id));
  const appeared = after.filter((d) => d.active && !known.has(d.id)).map((d) => d.id);
  const out = new Map<number, number[]>();
  for (const id of wasActive) if (!activeNow.has(id)) out.set(id, appeared);
  return out;
}

/** Unit ids named in a merge's history entry as its target (the server's diff names it "into" or "target"). */
export function targetsInHistory(entries: readonly UnitHistoryEntry[], self: number): number[] {
  for (const h of [...entries].reverse()) {
    if (h.action !== "merge" && h.action !== "split") continue;
    const found: number[] = [];
    const collect = (v: unknown) => {
      if (typeof v === "number" && v !== self) found.push(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (typeof o.id === "number") collect(o.id);
        else Object.values(o).forEach(collect);
      }
    };
    for (const [k, v] of Object.entries(h.diff)) if (/into|target|created|successor/i.test(k)) collect(v);
    if (found.length) return [...new Set(found)];
  }
  return [];
}

/**
 * The ids `ids` become after the units changed from `before` to `after`: unchanged ids kept, retired
 * ones replaced by their successors (active ones only), in order, without repeats. An id whose
 * successor cannot be found is dropped.
 */
export async function followUnits(
  ids: readonly number[],
  before: readonly District[],
  after: readonly District[],
): Promise<number[]> {
  const active = new Set(after.filter((d) => d.active).map((d) => d.id));
  const byDiff = successorsByDiff(before, after);
  const out: number[] = [];
  for (const id of ids) {
    if (active.has(id)) {
      out.push(id);
      continue;
    }
    let next = byDiff.get(id) ?? [];
    if (!next.length) {
      const h = await unitsApi.history(id);
      next = h.ok ? targetsInHistory(h.value, id) : [];
    }
    out.push(...next.filter((n) => active.has(n)));
  }
  return [...new Set(out)];
}
