// Keeps this process's period ledgers (server/domain/period-ledger.ts), one per units view, in memory
// and up to date: built from the log in a worker thread (./history-worker.ts) shortly after start or
// on the first report asked for, then before each use every enterprise written since (by any process:
// read from the log by sequence number) has its part taken out and folded again from its own entries,
// so facts entered late and moves between units need no rebuild. A change of unit successions ("as
// now" maps erased enterprises through them) or a very large catch-up rebuilds. Nothing is stored:
// the log stays the truth.
import type { Db } from "../db/database.ts";
import { enterpriseUnitsOf } from "../db/enterprise-queries.ts";
import { changeLogAfterSeq, changeLogOfEnterprises } from "../db/history-queries.ts";
import { mergeSuccessions } from "../db/unit-changes.ts";
import { yieldToLoop } from "../domain/history.ts";
import type { PeriodLedger, UnitOf } from "../domain/period-ledger.ts";
import type { UnitsToday } from "../domain/units-today.ts";
import type { UnitsView } from "../../contract/units.ts";
import { unitMapper } from "./history-builds.ts";
import { inProcessBuilds, type HistoryBuilds } from "./history-worker.ts";

/** Enterprises written since the last use above which a rebuild is cheaper than folding each again. */
const REFOLD_AT_MOST = 20_000;
/** Enterprises folded again per read of the log. */
const CHUNK = 500;

interface Kept {
  ledger: PeriodLedger;
  lastSeq: number;
  /** "as now" only: today's units and the successions they were mapped with. */
  today?: UnitsToday;
  successions?: string;
  /** How an enterprise's units of the time map for this ledger (undefined: as then). */
  unitOf: (enterpriseId: number) => UnitOf | undefined;
}

/** `builds`: where the one-off builds run (server/services/history-worker.ts); in this process unless given. */
export function periodLedgers(db: Db, builds: HistoryBuilds = inProcessBuilds(db)) {
  const kept = new Map<UnitsView, Kept>();

  async function build(view: UnitsView): Promise<Kept> {
    const b = await builds.ledger(view);
    return {
      ledger: b.ledger,
      lastSeq: b.lastSeq,
      today: b.today,
      successions: b.successions && JSON.stringify(b.successions),
      unitOf: unitMapper(b.today, b.successions),
    };
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
          k.unitOf(id),
        );
        k.today?.set(id, units!.get(id));
        k.ledger.addEnterprise(entries, 1, k.unitOf(id));
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

  /** Runs `read` on the ledger of a units view with every accepted change folded in. */
  function use<T>(view: UnitsView, read: (ledger: PeriodLedger) => Promise<T>): Promise<T> {
    const run = (queue.get(view) ?? Promise.resolve()).then(async () => read(await current(view)));
    queue.set(
      view,
      run.catch(() => undefined),
    );
    return run;
  }

  return {
    use,
    /** Builds the ledger of a view now (in the background after start), so the first report need not wait. */
    prepare: (view: UnitsView): Promise<void> => use(view, async () => undefined),
  };
}
export type PeriodLedgers = ReturnType<typeof periodLedgers>;
