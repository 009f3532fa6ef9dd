// The province as it was at any past moment, rebuilt from the change log: an enterprise's state
// at time T is the fold of its entries up to T (a create entry carries every field, an update
// entry [old, new] for each field it changed). Walking the log forward once, with the aggregate
// cells updated per entry, gives the figures at every month end in one pass.
import type { Filter } from "../../contract/filter.ts";
import { Aggregates, type StatsBody } from "./aggregates.ts";
import type { Counted } from "./figures.ts";
import { searchTextOf } from "./search-text.ts";

export interface LogEntry {
  seq: number;
  enterpriseId: number;
  at: Date;
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

/** The state after one entry. A create starts afresh; an update of an enterprise never created
 *  (a log cut short) starts from empty values rather than being lost. Values of the wrong type are ignored. */
export function applyEntry(before: PastState | undefined, entry: LogEntry): PastState {
  const next: PastState = { ...(entry.action === "create" || !before ? EMPTY : before) };
  const value = (k: string) => {
    const pair = Object.hasOwn(entry.diff, k) ? entry.diff[k] : undefined;
    return Array.isArray(pair) ? pair[1] : undefined;
  };
  for (const k of NUMBERS) {
    const v = value(k);
    if (typeof v === "number") next[k] = v;
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

export class Replay {
  private readonly states = new Map<number, PastState>();
  private readonly aggregates = new Aggregates();
  private readonly words: string[];
  /** Sequence number of the last entry applied. */
  lastSeq = 0;

  constructor(
    q?: string,
    private readonly unitOf?: UnitMapping,
  ) {
    this.words = q ? searchTextOf(q).split(" ").filter(Boolean) : [];
  }

  apply(entry: LogEntry): void {
    const before = this.states.get(entry.enterpriseId);
    const after = entry.action === "erase" ? undefined : applyEntry(before, entry);
    if (after) this.states.set(entry.enterpriseId, after);
    else this.states.delete(entry.enterpriseId);
    this.aggregates.apply(this.counted(entry.enterpriseId, before), this.counted(entry.enterpriseId, after));
    if (entry.seq > this.lastSeq) this.lastSeq = entry.seq;
  }

  /** Figures for a filter as of the entries applied so far (its q is the one given to the constructor). */
  stats(filter: Filter): StatsBody {
    return this.aggregates.query({ ...filter, q: undefined });
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
  /** Figures include the entries strictly before this instant. */
  before: Date;
}

/**
 * Figures at each checkpoint (in increasing time) from the log read once, oldest first
 * (ordered by time, then sequence number). O(entries + checkpoints × cells).
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
  let i = 0;
  for await (const batch of log) {
    for (const entry of batch) {
      while (i < checkpoints.length && entry.at.getTime() >= checkpoints[i]!.before.getTime())
        out.push(take(replay, checkpoints[i++]!));
      if (i === checkpoints.length) return out;
      replay.apply(entry);
    }
  }
  while (i < checkpoints.length) out.push(take(replay, checkpoints[i++]!));
  return out;
}
