// The latest changes a display shows: a fixed number, newest first, merged from live batches and
// from GET /api/changes after a reconnect (by sequence number, so nothing shows twice). It never
// grows past its size, however long the screen runs.
import type { ChangeItem } from "../../../contract/changes.ts";
import type { Enterprise } from "../../../contract/enterprise.ts";
import { NON_STATE } from "../../../contract/codes.ts";
import type { LiveFilter } from "../live.ts";

export interface TickerStore {
  /** Newest first, at most `size`. */
  readonly items: readonly ChangeItem[];
  /** Adds changes; returns the sequence numbers that are new on screen. */
  merge(incoming: readonly ChangeItem[]): Set<number>;
  readonly newestSeq: number;
}

export function createTickerStore(size: number): TickerStore {
  let items: ChangeItem[] = [];
  return {
    get items() {
      return items;
    },
    get newestSeq() {
      return items[0]?.seq ?? 0;
    },
    merge(incoming) {
      const known = new Set(items.map((i) => i.seq));
      const fresh = new Set<number>();
      const all = [...items];
      for (const i of incoming) {
        if (known.has(i.seq)) continue;
        known.add(i.seq);
        all.push(i);
        fresh.add(i.seq);
      }
      all.sort((a, b) => b.seq - a.seq);
      items = all.slice(0, size);
      const kept = new Set(items.map((i) => i.seq));
      for (const seq of fresh) if (!kept.has(seq)) fresh.delete(seq);
      return fresh;
    },
  };
}

/**
 * Whether an enterprise is under the display's filter. Batches carry every change, whatever the
 * room; the enterprises in the same batch say where each one belongs.
 */
export function isUnderFilter(e: Pick<Enterprise, "districtId" | "ownership">, f: LiveFilter): boolean {
  if (f.district !== undefined && !String(f.district).split(",").map(Number).includes(e.districtId)) return false;
  if (f.nonState !== undefined && String(f.nonState) === "true" && !NON_STATE.includes(e.ownership)) return false;
  if (f.ownership !== undefined && !String(f.ownership).split(",").includes(e.ownership)) return false;
  return true;
}
