// Accepted changes in sequence order: applies each to the in-memory aggregates once, in order,
// and tells listeners (the realtime layer). Changes that arrive out of order wait for the
// missing ones; a gap that does not fill rebuilds everything from the database, and listeners
// hear which sequence numbers the rebuild took in without their changes. The figures of the filters
// live rooms watch are kept up to date change by change (watch), so a batch does not sum every cell.
import type { Enterprise } from "../../contract/enterprise.ts";
import { filterKey, type Filter } from "../../contract/filter.ts";
import type { Stats } from "../../contract/stats.ts";
import { Aggregates, statsFold, statsOf } from "../domain/aggregates.ts";
import type { LiveFigures } from "../domain/live-figures.ts";
import type { Counted } from "../domain/figures.ts";
import type { FeedSnapshot } from "../db/snapshot.ts";

export interface AppliedChange {
  seq: number;
  at: Date;
  /** undefined when the enterprise was created by this change. */
  before: Enterprise | undefined;
  after: Enterprise;
}

type Listener = (changes: AppliedChange[]) => void;
/** A rebuild moved the feed from `previous` to `seq` without the changes in between. */
type RebuildListener = (previous: number, seq: number, lastAt: Date | null) => void;

export class ChangeFeed {
  private aggregates = new Aggregates();
  private seqValue = 0;
  private lastAtValue: Date | null = null;
  private readonly pending = new Map<number, AppliedChange>();
  /** filterKey → the figures of a watched filter, as of seqValue. */
  private readonly live = new Map<string, LiveFigures>();
  private readonly listeners = new Set<Listener>();
  private readonly rebuildListeners = new Set<RebuildListener>();
  private rebuilding: Promise<void> | null = null;
  private gapTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly readSnapshot: (use: (s: FeedSnapshot) => Promise<void>) => Promise<void>,
    private readonly gapTimeoutMs = 2000,
  ) {}

  get seq() {
    return this.seqValue;
  }
  get lastAt() {
    return this.lastAtValue;
  }

  /** Reads the whole state from the database. Changes published meanwhile are kept and replayed. */
  rebuild(): Promise<void> {
    this.rebuilding ??= (async () => {
      const previous = this.seqValue; // nothing drains while rebuilding, so this holds until the swap
      try {
        await this.readSnapshot(async (snap) => {
          const fresh = await Aggregates.build(snap.enterprises);
          this.aggregates = fresh;
          for (const [key, figures] of this.live) this.live.set(key, fresh.live(figures.filter));
          this.seqValue = snap.seq;
          this.lastAtValue = snap.lastAt;
        });
      } finally {
        this.rebuilding = null;
      }
      if (this.seqValue > previous) for (const l of this.rebuildListeners) l(previous, this.seqValue, this.lastAtValue);
      for (const s of [...this.pending.keys()]) if (s <= this.seqValue) this.pending.delete(s);
      this.drain();
    })();
    return this.rebuilding;
  }

  publish(changes: AppliedChange[]): void {
    for (const c of changes) if (c.seq > this.seqValue) this.pending.set(c.seq, c);
    if (!this.rebuilding) this.drain();
  }

  private drain() {
    const applied: AppliedChange[] = [];
    for (let next = this.pending.get(this.seqValue + 1); next; next = this.pending.get(this.seqValue + 1)) {
      this.pending.delete(next.seq);
      this.aggregates.apply(next.before, next.after);
      for (const figures of this.live.values()) figures.apply(next.before, next.after);
      this.seqValue = next.seq;
      this.lastAtValue = next.at;
      applied.push(next);
    }
    this.watchGap();
    if (applied.length) for (const l of this.listeners) l(applied);
  }

  private watchGap() {
    if (this.pending.size === 0) {
      if (this.gapTimer) clearTimeout(this.gapTimer);
      this.gapTimer = null;
      return;
    }
    this.gapTimer ??= setTimeout(() => {
      this.gapTimer = null;
      if (this.pending.size) void this.rebuild().catch((e) => console.error("rebuild after a sequence gap failed", e));
    }, this.gapTimeoutMs);
    this.gapTimer.unref();
  }

  onApplied(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  onRebuilt(l: RebuildListener): () => void {
    this.rebuildListeners.add(l);
    return () => this.rebuildListeners.delete(l);
  }

  /** Keeps the figures of `filter` (without text search) up to date from now on, until unwatch: for
   *  a filter asked for on every batch, the figures of a live room. */
  watch(filter: Filter): void {
    const key = filterKey(filter);
    if (!this.live.has(key)) this.live.set(key, this.aggregates.live(filter));
  }

  unwatch(filter: Filter): void {
    this.live.delete(filterKey(filter));
  }

  get watched() {
    return this.live.size;
  }

  /** Figures for a filter without text search, from memory: a watched filter's own sums, else the cells. */
  stats(filter: Filter): Stats {
    const live = this.live.get(filterKey(filter));
    return { seq: this.seqValue, ...(live ? live.result() : this.aggregates.query(filter)) };
  }

  /** Figures for any filter, computing from the given enterprises (used for text search). */
  statsFrom(enterprises: Iterable<Counted>, filter: Filter): Stats {
    return { seq: this.seqValue, ...statsOf(enterprises, filter) };
  }

  /** statsFrom over rows read in batches, each folded in as it comes (none kept). */
  async statsFromBatches(batches: AsyncIterable<Counted[]>, filter: Filter): Promise<Stats> {
    const fold = statsFold(filter);
    for await (const batch of batches) fold.add(batch);
    return { seq: this.seqValue, ...fold.result() };
  }

  get cellCount() {
    return this.aggregates.cellCount;
  }

  close() {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.listeners.clear();
    this.rebuildListeners.clear();
  }
}
