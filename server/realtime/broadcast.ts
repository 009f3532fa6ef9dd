// Pushes accepted changes to dashboards, coalesced: at most one batch per room every
// `intervalMs` (the first change of a quiet period goes out at once). Each room is one filter;
// its figures are computed once per batch and encoded once for all its sockets.
import type { ChangeBatch } from "../../contract/events.ts";
import type { Enterprise } from "../../contract/enterprise.ts";
import type { Filter } from "../../contract/filter.ts";
import type { AppliedChange, ChangeFeed } from "../services/change-feed.ts";

/** Above this many enterprises in one batch, send none and let clients refetch what they show. */
export const MAX_ENTERPRISES_PER_BATCH = 200;

export interface RoomSink {
  /** The filter rooms that have at least one socket now. */
  activeRooms(): Iterable<{ room: string; filter: Filter }>;
  emit(room: string, batch: ChangeBatch): void;
}

export function startBroadcast(feed: ChangeFeed, sink: RoomSink, intervalMs = 100) {
  let fromSeq: number | null = null;
  let toSeq = 0;
  let at: Date | null = null;
  let changed = new Map<number, Enterprise>();
  let lastFlush = 0;
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    timer = null;
    if (fromSeq === null) return;
    lastFlush = Date.now();
    const truncated = changed.size > MAX_ENTERPRISES_PER_BATCH;
    const enterprises = truncated ? [] : [...changed.values()];
    for (const { room, filter } of sink.activeRooms()) {
      sink.emit(room, { fromSeq, toSeq, enterprises, truncated, stats: feed.stats(filter), at: at!.toISOString() });
    }
    fromSeq = null;
    changed = new Map();
  };

  const off = feed.onApplied((changes: AppliedChange[]) => {
    for (const c of changes) {
      fromSeq ??= c.seq;
      toSeq = c.seq;
      at = c.at;
      changed.set(c.after.id, c.after);
    }
    if (timer) return;
    const wait = Math.max(0, lastFlush + intervalMs - Date.now());
    timer = setTimeout(flush, wait);
  });

  return {
    /** Sends what is pending now (used at shutdown). */
    flush: () => { if (timer) clearTimeout(timer); flush(); },
    stop: () => { if (timer) clearTimeout(timer); timer = null; off(); },
  };
}
