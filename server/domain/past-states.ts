// Enterprises' past states kept in flat typed arrays indexed by id (ids are dense), instead of a map
// of a million objects: about 60 bytes an enterprise, and the arrays cross to another thread without
// a copy (history builds in a worker, issue 13 item 6). Names and tax codes are not kept: only for
// replays without text search, which never read them.
import type { PastState } from "./history.ts";

// Positions of the counts in an enterprise's slot of `numbers`.
const HEADCOUNT = 0,
  MEMBERS = 1,
  RECOMMENDED = 2,
  ADMITTED = 3,
  INITIATIVES = 4,
  NUMBERS = 5;
const FLAGS = ["hasUnion", "hasParty", "hasYouthUnion", "hasWomenUnion", "hasVeterans"] as const;

/** The arrays of CompactStates, as posted between threads (the typed arrays' buffers transferred). */
export interface CompactStatesTransfer {
  texts: string[];
  districts: Int32Array;
  numbers: Float64Array;
  flags: Uint8Array;
  /** Index + 1 into texts; status 0: no enterprise (absent or erased). */
  sectors: Uint16Array;
  ownerships: Uint16Array;
  statuses: Uint16Array;
}

export class CompactStates {
  private texts: string[] = [];
  private readonly textIds = new Map<string, number>();
  private a: Omit<CompactStatesTransfer, "texts">;

  constructor(from?: CompactStatesTransfer) {
    if (from) {
      const { texts, ...arrays } = from;
      this.a = arrays;
      this.texts = texts;
      texts.forEach((t, i) => this.textIds.set(t, i + 1));
    } else this.a = allocate(1024);
  }

  get(id: number): PastState | undefined {
    const a = this.a;
    if (id >= a.statuses.length || a.statuses[id] === 0) return undefined;
    const n = id * NUMBERS;
    const flags = a.flags[id]!;
    return {
      name: "",
      taxCode: "",
      districtId: a.districts[id]!,
      sector: this.texts[a.sectors[id]! - 1]!,
      ownership: this.texts[a.ownerships[id]! - 1]!,
      status: this.texts[a.statuses[id]! - 1]!,
      headcount: a.numbers[n + HEADCOUNT]!,
      unionMembers: a.numbers[n + MEMBERS]!,
      partyRecommended: a.numbers[n + RECOMMENDED]!,
      partyAdmitted: a.numbers[n + ADMITTED]!,
      initiatives: a.numbers[n + INITIATIVES]!,
      hasUnion: (flags & 1) !== 0,
      hasParty: (flags & 2) !== 0,
      hasYouthUnion: (flags & 4) !== 0,
      hasWomenUnion: (flags & 8) !== 0,
      hasVeterans: (flags & 16) !== 0,
    };
  }

  set(id: number, s: PastState): void {
    if (id >= this.a.statuses.length) this.grow(id + 1);
    const a = this.a;
    const n = id * NUMBERS;
    a.districts[id] = s.districtId;
    a.numbers[n + HEADCOUNT] = s.headcount;
    a.numbers[n + MEMBERS] = s.unionMembers;
    a.numbers[n + RECOMMENDED] = s.partyRecommended;
    a.numbers[n + ADMITTED] = s.partyAdmitted;
    a.numbers[n + INITIATIVES] = s.initiatives;
    let flags = 0;
    for (let i = 0; i < FLAGS.length; i++) if (s[FLAGS[i]!]) flags |= 1 << i;
    a.flags[id] = flags;
    a.sectors[id] = this.textId(s.sector);
    a.ownerships[id] = this.textId(s.ownership);
    a.statuses[id] = this.textId(s.status);
  }

  delete(id: number): void {
    if (id < this.a.statuses.length) this.a.statuses[id] = 0;
  }

  /** The arrays as they stand; this store must not be used afterwards (their buffers may be transferred). */
  toTransfer(): CompactStatesTransfer {
    return { texts: this.texts, ...this.a };
  }

  /** The buffers toTransfer's arrays can hand over without a copy. */
  static transferables(t: CompactStatesTransfer): ArrayBuffer[] {
    return [t.districts, t.numbers, t.flags, t.sectors, t.ownerships, t.statuses].map((x) => x.buffer as ArrayBuffer);
  }

  /** Bytes held by the arrays (memory reports). */
  get bytes(): number {
    const a = this.a;
    return [a.districts, a.numbers, a.flags, a.sectors, a.ownerships, a.statuses].reduce((s, x) => s + x.byteLength, 0);
  }

  private textId(t: string): number {
    let i = this.textIds.get(t);
    if (i === undefined) {
      // Sectors, ownerships and statuses are short code lists: far below the 65,535 a Uint16 holds.
      if (this.texts.length === 0xfffe) throw new Error("too many distinct codes for a compact state");
      this.texts.push(t);
      this.textIds.set(t, (i = this.texts.length));
    }
    return i;
  }

  private grow(atLeast: number): void {
    const old = this.a;
    const a = allocate(Math.max(atLeast, old.statuses.length * 2));
    a.districts.set(old.districts);
    a.numbers.set(old.numbers);
    a.flags.set(old.flags);
    a.sectors.set(old.sectors);
    a.ownerships.set(old.ownerships);
    a.statuses.set(old.statuses);
    this.a = a;
  }
}

function allocate(size: number): Omit<CompactStatesTransfer, "texts"> {
  return {
    districts: new Int32Array(size),
    numbers: new Float64Array(size * NUMBERS),
    flags: new Uint8Array(size),
    sectors: new Uint16Array(size),
    ownerships: new Uint16Array(size),
    statuses: new Uint16Array(size),
  };
}
