// The province as it was at any past day, rebuilt from the change log: an enterprise's state at the
// end of day D is the fold of its entries whose fact happened by D (ChangeLog.factDate, issue 12),
// in the order (factDate, seq). A create entry carries every field, an update entry [old, new] for
// each field it changed. Counts (headcount, members, Party, initiatives) are applied as the change
// new − old, so a fact entered late moves the figures from its day on without undoing what was
// entered before it; flags and texts take the new value. Walking the log forward once, with the
// aggregate cells updated per entry, gives the figures at every month end in one pass.
import type { Filter } from "../../contract/filter.ts";
import { Aggregates, type StatsBody } from "./aggregates.ts";
import type { FrozenCells } from "./frozen-cells.ts";
import { yieldToLoop } from "./loop.ts";
import type { Counted } from "./figures.ts";
import type { Figures } from "../../contract/stats.ts";
import { dayOf } from "./calendar.ts";
import { searchTextOf } from "./search-text.ts";

export interface LogEntry {
  seq: number;
  enterpriseId: number;
  /** When the change was entered. */
  at: Date;
  /** The day the fact happened (YYYY-MM-DD, Viet Nam); absent: the day of `at`. */
  factDate?: string;
  /** erase: an administrator erased the record; it leaves the figures from then on. */
  action: "create" | "update" | "erase";
  /** field → [old, new]. */
  diff: Record<string, [unknown, unknown]>;
}

/** What the figures and the filters read of an enterprise, as of some time. */
export interface PastState extends Counted {
  name: string;
  taxCode: string;
  status: string;
}

const NUMBERS = [
  "districtId",
  "headcount",
  "unionMembers",
  "partyRecommended",
  "partyAdmitted",
  "initiatives",
] as const;
const FLAGS = ["hasUnion", "hasParty", "hasYouthUnion", "hasWomenUnion", "hasVeterans"] as const;
const TEXTS = ["name", "taxCode", "sector", "ownership", "status"] as const;

const EMPTY: PastState = {
  name: "",
  taxCode: "",
  districtId: 0,
  sector: "",
  ownership: "",
  headcount: 0,
  unionMembers: 0,
  hasUnion: false,
  hasParty: false,
  hasYouthUnion: false,
  hasWomenUnion: false,
  hasVeterans: false,
  partyRecommended: 0,
  partyAdmitted: 0,
  initiatives: 0,
  status: "ACTIVE",
};

/** The day an entry counts on. */
export const factDayOf = (entry: LogEntry): string => entry.factDate ?? dayOf(entry.at);

/** The state after one entry. A create starts afresh, unless changes dated before it were replayed
 *  already (facts entered late for an enterprise whose record began later): then its counts add to
 *  theirs, so the last state still equals the record. An update of an enterprise never created (a log
 *  cut short) starts from empty values rather than being lost. Values of the wrong type are ignored. */
export function applyEntry(before: PastState | undefined, entry: LogEntry): PastState {
  const next: PastState = { ...(entry.action === "create" && !before ? EMPTY : (before ?? EMPTY)) };
  const pair = (k: string) => {
    const p = Object.hasOwn(entry.diff, k) ? entry.diff[k] : undefined;
    return Array.isArray(p) ? p : undefined;
  };
  const value = (k: string) => pair(k)?.[1];
  for (const k of NUMBERS) {
    const p = pair(k);
    if (!p || typeof p[1] !== "number") continue;
    if (k === "districtId") next[k] = p[1];
    else next[k] += p[1] - (typeof p[0] === "number" ? p[0] : 0);
  }
  for (const k of FLAGS) {
    const v = value(k);
    if (typeof v === "boolean") next[k] = v;
  }
  for (const k of TEXTS) {
    const v = value(k);
    if (typeof v === "string") next[k] = v;
  }
  return next;
}

/**
 * Enterprises and their figures replayed up to some point of the log. Text search (q) is a gate:
 * only enterprises whose name or tax code matched at the time enter the cells, so a rename moves
 * an enterprise in or out of the selection when it happened.
 */
/** Which unit an enterprise's figures count under: "then" keeps the unit of the time (the default);
 *  "as now" passes a mapping onto today's units (server/services/history.ts). It must give the same
 *  answer for the same enterprise and unit every time (contributions are subtracted as they were added). */
export type UnitMapping = (enterpriseId: number, districtIdThen: number) => number;

/** Where a replay keeps each enterprise's state (a Map, or domain/past-states.ts CompactStates). */
export interface StateStore {
  get(id: number): PastState | undefined;
  set(id: number, s: PastState): void;
  delete(id: number): void;
}

export class Replay {
  private readonly words: string[];
  readonly states: StateStore;
  readonly aggregates: Aggregates;
  /** Sequence number of the last entry applied. */
  lastSeq = 0;

  /** `from`: go on from states and cells replayed elsewhere (a worker's build). */
  constructor(
    q?: string,
    private readonly unitOf?: UnitMapping,
    from?: { states: StateStore; aggregates: Aggregates; lastSeq: number },
  ) {
    this.words = q ? searchTextOf(q).split(" ").filter(Boolean) : [];
    this.states = from?.states ?? new Map<number, PastState>();
    this.aggregates = from?.aggregates ?? new Aggregates();
    this.lastSeq = from?.lastSeq ?? 0;
  }

  /** Applies one entry; returns the enterprise as counted before and after it (undefined: not
   *  counted: absent, or outside the text search), with its unit as the mapping gives it. */
  apply(entry: LogEntry): [PastState | undefined, PastState | undefined] {
    const before = this.states.get(entry.enterpriseId);
    const after = entry.action === "erase" ? undefined : applyEntry(before, entry);
    if (after) this.states.set(entry.enterpriseId, after);
    else this.states.delete(entry.enterpriseId);
    const pair: [PastState | undefined, PastState | undefined] = [
      this.counted(entry.enterpriseId, before),
      this.counted(entry.enterpriseId, after),
    ];
    this.aggregates.apply(pair[0], pair[1]);
    if (entry.seq > this.lastSeq) this.lastSeq = entry.seq;
    return pair;
  }

  /** The cells as of the entries applied so far, frozen (a monthly snapshot). */
  snapshot(): FrozenCells {
    return this.aggregates.freeze();
  }

  /** Figures for a filter as of the entries applied so far (its q is the one given to the constructor). */
  stats(filter: Filter): StatsBody {
    return this.aggregates.query({ ...filter, q: undefined });
  }

  /** The totals alone of stats(filter). */
  totals(filter: Filter): Figures {
    return this.aggregates.totals({ ...filter, q: undefined });
  }

  private counted(id: number, s: PastState | undefined): PastState | undefined {
    if (!s) return s;
    if (this.words.length) {
      const text = searchTextOf(s.name, s.taxCode);
      if (!this.words.every((w) => text.includes(w))) return undefined;
    }
    return this.unitOf ? { ...s, districtId: this.unitOf(id, s.districtId) } : s;
  }
}

export interface Checkpoint {
  /** Figures include the facts of the days before this instant (a day's end in Viet Nam). */
  before: Date;
}

/** How long replay may hold the event loop before it lets other work (live pushes, requests) run. */
const SLICE_MS = 8;

/**
 * Figures at each checkpoint (in increasing time) from the log read once, in fact order
 * (factDate, then sequence number). O(entries + checkpoints × cells). Yields to the event loop every
 * few milliseconds so a long replay never stalls live pushes.
 */
export async function replayAt<C extends Checkpoint, R>(
  log: AsyncIterable<LogEntry[]>,
  checkpoints: readonly C[],
  q: string | undefined,
  take: (replay: Replay, checkpoint: C) => R,
  unitOf?: UnitMapping,
): Promise<R[]> {
  const replay = new Replay(q, unitOf);
  const out: R[] = [];
  const lastDays = checkpoints.map((c) => dayOf(new Date(c.before.getTime() - 1)));
  let i = 0;
  let sliceStart = performance.now();
  for await (const batch of log) {
    for (let j = 0; j < batch.length; j++) {
      const entry = batch[j]!;
      const day = factDayOf(entry);
      while (i < checkpoints.length && day > lastDays[i]!) out.push(take(replay, checkpoints[i++]!));
      if (i === checkpoints.length) return out;
      replay.apply(entry);
      // Every 256 entries and at each batch's end (the time of the read that follows counts too).
      if (((j & 255) === 255 || j === batch.length - 1) && performance.now() - sliceStart > SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
  }
  while (i < checkpoints.length) out.push(take(replay, checkpoints[i++]!));
  return out;
}

export { yieldToLoop } from "./loop.ts";
