// Accepted changes in sequence order: applies each to the in-memory aggregates once, in order,
// and tells listeners (the realtime layer). Changes that arrive out of order wait for the
// missing ones; a gap that does not fill rebuilds everything from the database, and listeners
// hear which sequence numbers the rebuild took in without their changes. The figures of the filters
// live rooms watch are kept up to date change by change (watch), so a batch does not sum every cell.
// The first build may start from a stored checkpoint of the cells (./checkpoint.ts), which is then
// checked against a full count in the background (verify) and replaced if it differs.
import type { Enterprise } from "../../contract/enterprise.ts";
import { filterKey, type Filter } from "../../contract/filter.ts";
import type { Stats } from "../../contract/stats.ts";
import { Aggregates, statsFold, statsOf } from "../domain/aggregates.ts";
import { cellsDifference } from "../domain/cells-checkpoint.ts";
import type { FrozenCells } from "../domain/frozen-cells.ts";
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

/** How the first build may start from a stored checkpoint (./checkpoint.ts). */
export interface FeedStart {
  /** The cells at snap.seq from the checkpoint, or why the rows must be counted instead. */
  fromCheckpoint(
    snap: FeedSnapshot,
  ): Promise<{ aggregates: Aggregates; from: number; enterprises: number } | { reason: string }>;
  log: { info(msg: string): void; error(msg: string, err?: unknown): void };
  /** How long after a start from a checkpoint its check against a full count begins (ms). */
  verifyAfterMs: number;
}

/** What the check of cells started from a checkpoint found. */
export type Verification = "equal" | "corrected" | "recounted" | "skipped";

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
  private readonly correctedListeners = new Set<() => void>();
  /** Where the cells of the first build came from (null before it). */
  private origin: "checkpoint" | "rows" | null = null;
  /** False while cells started from a checkpoint are not yet checked against a full count. */
  private trusted = true;
  /** Counts swaps of the whole cells, so a check that read meanwhile knows it is out of date. */
  private generation = 0;
  /** While a check reads every row: the changes applied meanwhile, to bring its count up to date. */
  private recording: AppliedChange[] | null = null;
  private verifyTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** The check of cells started from a checkpoint, once the start has scheduled it (tests await it;
   *  it never settles if the feed is closed before it begins). */
  verification: Promise<Verification> | null = null;

  constructor(
    private readonly readSnapshot: (use: (s: FeedSnapshot) => Promise<void>) => Promise<void>,
    private readonly gapTimeoutMs = 2000,
    private readonly start?: FeedStart,
  ) {}

  /** "checkpoint" when the first build started from a stored checkpoint, "rows" when it counted every row. */
  get startedFrom() {
    return this.origin;
  }

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
          const first = this.origin === null;
          const stored = first && this.start ? await this.fromCheckpoint(this.start, snap) : null;
          const fresh = stored ?? (await Aggregates.build(snap.enterprises));
          if (first) this.origin = stored ? "checkpoint" : "rows";
          this.trusted = !stored;
          this.generation++;
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
      if (!this.trusted && this.start && !this.verification) {
        const start = this.start;
        this.verification = new Promise<void>((resolve) => {
          this.verifyTimer = setTimeout(resolve, start.verifyAfterMs);
          this.verifyTimer.unref();
        })
          .then(() => (this.closed ? "skipped" : this.verify()))
          .catch((e: unknown) => {
            start.log.error("the check of the aggregates started from a checkpoint failed; counting again", e);
            if (!this.closed) void this.rebuild().catch(() => undefined);
            return "skipped" as const;
          });
      }
    })();
    return this.rebuilding;
  }

  private async fromCheckpoint(start: FeedStart, snap: FeedSnapshot): Promise<Aggregates | null> {
    const t = performance.now();
    try {
      const r = await start.fromCheckpoint(snap);
      if ("reason" in r) {
        start.log.info(`aggregates counted from the rows: ${r.reason}`);
        return null;
      }
      start.log.info(
        `aggregates from the checkpoint at seq ${r.from}, ${r.enterprises} enterprise(s) caught up to seq ${snap.seq} in ${Math.round(performance.now() - t)} ms`,
      );
      return r.aggregates;
    } catch (e) {
      start.log.error("could not start the aggregates from the checkpoint; counting the rows", e);
      return null;
    }
  }

  /** Counts every row (in pages, the loop turning between them) and compares with the cells kept
   *  since the start from a checkpoint, at the same sequence number (the changes applied while it
   *  read are added to the count). If they differ, the count replaces them, the live rooms' figures
   *  are recomputed, an error names the difference and the correction listeners hear of it. */
  private async verify(): Promise<Verification> {
    const generation = this.generation;
    const recorded: AppliedChange[] = [];
    this.recording = recorded;
    let counted = new Aggregates();
    let at = 0;
    let lastAt: Date | null = null;
    try {
      await this.readSnapshot(async (snap) => {
        counted = await Aggregates.build(snap.enterprises);
        at = snap.seq;
        lastAt = snap.lastAt;
      });
      // Changes committed before the count's snapshot may not have reached this process yet (a write
      // between its commit and its publish, another process's through Redis): wait a little for them.
      const until = Date.now() + 2 * this.gapTimeoutMs;
      while (!this.closed && generation === this.generation && this.seqValue < at && Date.now() < until)
        await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      this.recording = null;
    }
    // A rebuild replaced the cells meanwhile, or is about to: they come from the rows then.
    if (this.closed || generation !== this.generation || this.rebuilding) return "skipped";
    if (this.seqValue < at) {
      // Still behind the count: no common seq to compare at; the count is taken in as a rebuild
      // would (it is the truth at `at`).
      const previous = this.seqValue;
      this.swap(counted);
      this.seqValue = at;
      this.lastAtValue = lastAt;
      this.trusted = true;
      for (const l of this.rebuildListeners) l(previous, at, lastAt);
      for (const s of [...this.pending.keys()]) if (s <= at) this.pending.delete(s);
      this.drain();
      this.start?.log.info(`aggregates from the checkpoint replaced by a full count at seq ${at}`);
      return "recounted";
    }
    for (const c of recorded) if (c.seq > at) counted.apply(c.before, c.after);
    this.trusted = true;
    const difference = cellsDifference(this.aggregates.freeze(), counted.freeze());
    if (!difference) return "equal";
    this.start?.log.error(
      `the aggregates started from the checkpoint differ from a full count at seq ${this.seqValue}, replaced by the count: ${difference}`,
    );
    this.swap(counted);
    for (const l of this.correctedListeners) l();
    return "corrected";
  }

  private swap(fresh: Aggregates) {
    this.generation++;
    this.aggregates = fresh;
    for (const [key, figures] of this.live) this.live.set(key, fresh.live(figures.filter));
  }

  /** The cells to store as a checkpoint and the seq they are exact at; null while cells started from a
   *  checkpoint are not yet checked (a wrong checkpoint is not written again) or before the first build. */
  trustedCells(): { seq: number; frozen: FrozenCells } | null {
    if (!this.trusted || this.origin === null || this.rebuilding) return null;
    return { seq: this.seqValue, frozen: this.aggregates.freeze() };
  }

  /** The check found the cells from the checkpoint wrong and replaced them (same seq, other figures). */
  onCorrected(l: () => void): () => void {
    this.correctedListeners.add(l);
    return () => this.correctedListeners.delete(l);
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
      this.recording?.push(next);
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
    this.closed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    if (this.verifyTimer) clearTimeout(this.verifyTimer);
    this.correctedListeners.clear();
    this.listeners.clear();
    this.rebuildListeners.clear();
  }
}
