// The two one-off builds of history from the whole change log (issue 13 item 6): the period ledger
// of a units view (./period-ledgers.ts) and the monthly snapshots (./history-snapshots.ts). They run
// in a worker thread (./history-worker.ts) or, where none can start, here in slices of 8 ms so live
// pushes go on; either way they read the log up to the sequence number they start at, and the owner
// catches up from it. Each also has a form to post between threads (typed arrays transferred).
import { currentSeq } from "../db/change-log.ts";
import type { Db } from "../db/database.ts";
import { enterpriseUnitsAfter } from "../db/enterprise-queries.ts";
import { changeLogBefore } from "../db/history-queries.ts";
import { mergeSuccessions } from "../db/unit-changes.ts";
import { applyEntry, factDayOf, yieldToLoop, type PastState } from "../domain/history.ts";
import { PeriodLedger, type LedgerTransfer, type UnitOf } from "../domain/period-ledger.ts";
import { MonthlySnapshots, type SnapshotsTransfer } from "../domain/snapshots.ts";
import { UnitsToday } from "../domain/units-today.ts";
import { successorMap } from "../domain/units.ts";
import type { UnitsView } from "../../contract/units.ts";

const SLICE_MS = 8;
/** Far enough ahead that every fact (never dated in the future) is read. */
const END_OF_TIME = new Date(Date.UTC(9999, 0, 1));
/** Rows per read of today's units: a SQLite read runs on the event loop, so not too many. */
const READ_ROWS = 10_000;

export type Successions = { from: number; into: number }[];

/** A period ledger as built, valid at `lastSeq`. */
export interface BuiltLedger {
  ledger: PeriodLedger;
  lastSeq: number;
  /** "as now" only: today's units and the successions they were mapped with. */
  today?: UnitsToday;
  successions?: Successions;
}

/** Which unit an enterprise's figures count under in a ledger "as now" (undefined: as then). */
export function unitMapper(today: UnitsToday | undefined, successions: Successions | undefined) {
  if (!today) return () => undefined;
  const successor = successorMap(successions ?? []);
  return (enterpriseId: number): UnitOf => {
    const now = today.get(enterpriseId);
    return now === undefined ? successor : () => now;
  };
}

/** Lets the loop run when this slice has held it long enough; returns the new slice's start. */
async function sliced(sliceStart: number): Promise<number> {
  if (performance.now() - sliceStart <= SLICE_MS) return sliceStart;
  await yieldToLoop();
  return performance.now();
}

export async function buildLedger(db: Db, view: UnitsView): Promise<BuiltLedger> {
  const head = await currentSeq(db);
  const built: BuiltLedger = { ledger: new PeriodLedger(), lastSeq: head };
  if (view === "now") {
    built.successions = await mergeSuccessions(db);
    built.today = new UnitsToday();
    for (let cursor = 0; ;) {
      const rows = await enterpriseUnitsAfter(db, cursor, READ_ROWS);
      if (rows.length === 0) break;
      for (const r of rows) built.today.set(r.id, r.districtId);
      cursor = rows[rows.length - 1]!.id;
    }
  }
  const unitOf = unitMapper(built.today, built.successions);
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
      const map = unitOf(entry.enterpriseId);
      const mapped = (s: PastState | undefined) => (s && map ? { ...s, districtId: map(s.districtId) } : s);
      built.ledger.add(entry, factDayOf(entry), mapped(before), mapped(after), 1);
      // Every 256 entries and at each batch's end (the time of the read that follows counts too).
      if ((i & 255) === 255 || i === batch.length - 1) sliceStart = await sliced(sliceStart);
    }
  return built;
}

export async function buildSnapshots(db: Db): Promise<MonthlySnapshots> {
  const head = await currentSeq(db);
  const built = MonthlySnapshots.empty();
  let sliceStart = performance.now();
  for await (const batch of changeLogBefore(db, END_OF_TIME))
    for (let i = 0; i < batch.length; i++) {
      const entry = batch[i]!;
      // Entries after `head` are applied by the catch-up, in sequence order.
      if (entry.seq <= head) built.apply(entry);
      if ((i & 255) === 255 || i === batch.length - 1) sliceStart = await sliced(sliceStart);
    }
  built.lastSeq = head;
  return built;
}

/** A build as posted from the worker, with the buffers to transfer. */
export type PostedBuild =
  | {
      kind: "ledger";
      ledger: LedgerTransfer;
      lastSeq: number;
      today?: Int32Array;
      successions?: Successions;
    }
  | { kind: "snapshots"; snapshots: SnapshotsTransfer };

export function postLedger(b: BuiltLedger): { message: PostedBuild; transfer: ArrayBuffer[] } {
  const ledger = b.ledger.toTransfer();
  const today = b.today?.toTransfer();
  const message: PostedBuild = { kind: "ledger", ledger, lastSeq: b.lastSeq, today, successions: b.successions };
  const transfer = PeriodLedger.transferables(ledger);
  if (today) transfer.push(today.buffer as ArrayBuffer);
  return { message, transfer };
}

export function postSnapshots(s: MonthlySnapshots): { message: PostedBuild; transfer: ArrayBuffer[] } {
  const snapshots = s.toTransfer();
  return { message: { kind: "snapshots", snapshots }, transfer: MonthlySnapshots.transferables(snapshots) };
}

export function ledgerFromPost(m: Extract<PostedBuild, { kind: "ledger" }>): BuiltLedger {
  return {
    ledger: PeriodLedger.fromTransfer(m.ledger),
    lastSeq: m.lastSeq,
    ...(m.today ? { today: new UnitsToday(m.today), successions: m.successions } : {}),
  };
}
