// Pushes accepted changes to dashboards, coalesced: at most one batch per room every
// `intervalMs` (the first change of a quiet period goes out at once). Each room is one filter;
// its figures are computed once per batch and encoded once for all its sockets.
import type { ChangeItem } from "../../contract/changes.ts";
import type { ChangeBatch } from "../../contract/events.ts";
import type { Enterprise } from "../../contract/enterprise.ts";
import type { Filter } from "../../contract/filter.ts";
import { changeItemOf } from "../domain/change-item.ts";
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
  /** Each change for tickers; one more than the cap means "too many to list". */
  let items: ChangeItem[] = [];
  /** A rebuild took in changes we never saw: the batch cannot list what changed. */
  let skipped = false;
  let lastFlush = 0;
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    timer = null;
    if (fromSeq === null) return;
    lastFlush = Date.now();
    const truncated = skipped || changed.size > MAX_ENTERPRISES_PER_BATCH;
    const enterprises = truncated ? [] : [...changed.values()];
    const changes = truncated || items.length > MAX_ENTERPRISES_PER_BATCH ? undefined : items;
    for (const { room, filter } of sink.activeRooms()) {
      sink.emit(room, {
        fromSeq,
        toSeq,
        enterprises,
        truncated,
        stats: feed.stats(filter),
        at: at!.toISOString(),
        ...(changes ? { changes } : {}),
      });
    }
    fromSeq = null;
    changed = new Map();
    items = [];
    skipped = false;
  };

  const schedule = () => {
    if (timer) return;
    const wait = Math.max(0, lastFlush + intervalMs - Date.now());
    timer = setTimeout(flush, wait);
  };

  const offApplied = feed.onApplied((changes: AppliedChange[]) => {
    for (const c of changes) {
      fromSeq ??= c.seq;
      toSeq = c.seq;
      at = c.at;
      changed.set(c.after.id, c.after);
      if (items.length <= MAX_ENTERPRISES_PER_BATCH) items.push(changeItemOf(c));
    }
    schedule();
  });
  // Sequence numbers stay gapless for dashboards: the skipped ones go out as a truncated batch
  // (new figures, no list), so a dashboard refetches what it lists instead of resubscribing.
  const offRebuilt = feed.onRebuilt((previous, seq, lastAt) => {
    fromSeq ??= previous + 1;
    toSeq = seq;
    at = lastAt ?? new Date();
    skipped = true;
    schedule();
  });

  return {
    /** Sends what is pending now (used at shutdown). */
    flush: () => {
      if (timer) clearTimeout(timer);
      flush();
    },
    stop: () => {
      if (timer) clearTimeout(timer);
      timer = null;
      offApplied();
      offRebuilt();
    },
  };
}
