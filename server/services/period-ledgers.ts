// Keeps this process's period ledgers (server/domain/period-ledger.ts), one per units view, in memory
// and up to date: built from the log on the first report asked for (in slices, so live pushes go
// on), then before each use every enterprise written since (by any process: read from the log by
// sequence number) has its part taken out and folded again from its own entries, so facts entered
// late and moves between units need no rebuild. A change of unit successions ("as now" maps erased
// enterprises through them) or a very large catch-up rebuilds. Nothing is stored: the log stays the truth.
import { currentSeq } from "../db/change-log.ts";
import type { Db } from "../db/database.ts";
import { enterpriseUnitsAfter, enterpriseUnitsOf } from "../db/enterprise-queries.ts";
import { changeLogAfterSeq, changeLogBefore, changeLogOfEnterprises } from "../db/history-queries.ts";
import { mergeSuccessions } from "../db/unit-changes.ts";
import { applyEntry, factDayOf, yieldToLoop, type PastState } from "../domain/history.ts";
import { PeriodLedger, type UnitOf } from "../domain/period-ledger.ts";
import { successorMap } from "../domain/units.ts";
import type { UnitsView } from "../../contract/units.ts";

const SLICE_MS = 8;
/** Far enough ahead that every fact (never dated in the future) is read. */
const END_OF_TIME = new Date(Date.UTC(9999, 0, 1));
/** Enterprises written since the last use above which a rebuild is cheaper than folding each again. */
const REFOLD_AT_MOST = 20_000;
/** Rows per read of today's units: a SQLite read runs on the event loop, so not too many. */
const READ_ROWS = 10_000;
/** Enterprises folded again per read of the log. */
const CHUNK = 500;

/** Today's unit of each enterprise not erased, by id (ids are dense: an array, not a map of a million). */
class UnitsToday {
  private units = new Int32Array(1024);

  get(id: number): number | undefined {
    const u = id < this.units.length ? this.units[id]! : 0;
    return u === 0 ? undefined : u;
  }

  set(id: number, unit: number | undefined): void {
    if (id >= this.units.length) {
      const grown = new Int32Array(Math.max(id + 1, this.units.length * 2));
      grown.set(this.units);
      this.units = grown;
    }
    this.units[id] = unit ?? 0;
  }
}

interface Kept {
  ledger: PeriodLedger;
  lastSeq: number;
  /** "as now" only: today's units and the successions they were mapped with. */
  today?: UnitsToday;
  successor?: (then: number) => number;
  successions?: string;
}

export function periodLedgers(db: Db) {
  const kept = new Map<UnitsView, Kept>();

  /** How an enterprise's units of the time map for this ledger. */
  const unitOf = (k: Kept, enterpriseId: number): UnitOf | undefined => {
    if (!k.today) return undefined;
    const now = k.today.get(enterpriseId);
    return now === undefined ? k.successor! : () => now;
  };

  async function build(view: UnitsView): Promise<Kept> {
    const head = await currentSeq(db);
    const k: Kept = { ledger: new PeriodLedger(), lastSeq: head };
    if (view === "now") {
      const successions = await mergeSuccessions(db);
      k.successions = JSON.stringify(successions);
      k.successor = successorMap(successions);
      k.today = new UnitsToday();
      for (let cursor = 0; ;) {
        const rows = await enterpriseUnitsAfter(db, cursor, READ_ROWS);
        if (rows.length === 0) break;
        for (const r of rows) k.today.set(r.id, r.districtId);
        cursor = rows[rows.length - 1]!.id;
      }
    }
    const states = new Map<number, PastState>();
    let sliceStart = performance.now();
    for await (const batch of changeLogBefore(db, END_OF_TIME))
      for (let i = 0; i < batch.length; i++) {
        const entry = batch[i]!;
        // Entries after `head` are folded by the catch-up, with their enterprise's others.
        if (entry.seq > head) continue;
        const before = states.get(entry.enterpriseId);
        const after = entry.action === "erase" ? undefined : applyEntry(before, entry);
        if (after) states.set(entry.enterpriseId, after);
        else states.delete(entry.enterpriseId);
        const map = unitOf(k, entry.enterpriseId);
        const mapped = (s: PastState | undefined) => (s && map ? { ...s, districtId: map(s.districtId) } : s);
        k.ledger.add(entry, factDayOf(entry), mapped(before), mapped(after), 1);
        // Every 256 entries and at each batch's end (the time of the read that follows counts too).
        if (((i & 255) === 255 || i === batch.length - 1) && performance.now() - sliceStart > SLICE_MS) {
          await yieldToLoop();
          sliceStart = performance.now();
        }
      }
    return k;
  }

  /** Folds again every enterprise written since; false when a rebuild is needed instead. */
  async function catchUp(k: Kept): Promise<boolean> {
    if (k.successions !== undefined && JSON.stringify(await mergeSuccessions(db)) !== k.successions) return false;
    const written = new Set<number>();
    let last = k.lastSeq;
    for await (const batch of changeLogAfterSeq(db, k.lastSeq)) {
      for (const entry of batch) {
        written.add(entry.enterpriseId);
        if (entry.seq > last) last = entry.seq;
      }
      // SQLite reads are synchronous: without this, reads of many batches would run back to back.
      await yieldToLoop();
    }
    if (written.size > REFOLD_AT_MOST) return false;
    const ids = [...written];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const logs = await changeLogOfEnterprises(db, chunk, last);
      const units = k.today ? new Map((await enterpriseUnitsOf(db, chunk)).map((r) => [r.id, r.districtId])) : null;
      for (const [id, entries] of logs) {
        k.ledger.addEnterprise(
          entries.filter((e) => e.seq <= k.lastSeq),
          -1,
          unitOf(k, id),
        );
        k.today?.set(id, units!.get(id));
        k.ledger.addEnterprise(entries, 1, unitOf(k, id));
      }
      await yieldToLoop();
    }
    k.lastSeq = last;
    return true;
  }

  async function current(view: UnitsView): Promise<PeriodLedger> {
    try {
      let k = kept.get(view) ?? (await build(view));
      if (!(await catchUp(k))) {
        k = await build(view);
        await catchUp(k);
      }
      kept.set(view, k);
      return k.ledger;
    } catch (e) {
      // A catch-up cut short leaves parts taken out: the next use builds afresh.
      kept.delete(view);
      throw e;
    }
  }

  /** One use at a time per view: a catch-up must not change the ledger under a report summing it. */
  const queue = new Map<UnitsView, Promise<unknown>>();

  return {
    /** Runs `read` on the ledger of a units view with every accepted change folded in. */
    use<T>(view: UnitsView, read: (ledger: PeriodLedger) => Promise<T>): Promise<T> {
      const run = (queue.get(view) ?? Promise.resolve()).then(async () => read(await current(view)));
      queue.set(
        view,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}
export type PeriodLedgers = ReturnType<typeof periodLedgers>;
