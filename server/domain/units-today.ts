// Today's unit of each enterprise not erased, by id: what the period ledger "as now" counts an
// enterprise under. Ids are dense, so an array, not a map of a million; it crosses to another thread
// as it is (a worker's build, issue 13 item 6).
export class UnitsToday {
  private units: Int32Array;

  constructor(from?: Int32Array) {
    this.units = from ?? new Int32Array(1024);
  }

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

  /** The array itself, to post to another thread; this object must not be used afterwards. */
  toTransfer(): Int32Array {
    return this.units;
  }
}
