// Progress toward the targets is rebuilt from the whole change log: cheap for a province of a few
// thousand enterprises, about a second at a million. Every open dashboard asks for it, so answers are
// kept per query: served while nothing changed (the same change-log sequence number and target
// change log position, so a change made through another process counts too); after changes, an answer that
// cost more than EXPENSIVE_MS to make is still served for up to STALE_MS (the dashboard re-asks every
// 10 s anyway), a cheap one is made again at once. Requests for the same query share one replay.
export const EXPENSIVE_MS = 200;
export const STALE_MS = 10_000;
const MAX_ENTRIES = 200;

interface Entry<T> {
  version: string;
  at: number;
  costMs: number;
  value: T;
}

/** Whether a kept answer may be served now (pure, for the tests). */
export function isServable(e: { version: string; at: number; costMs: number }, version: string, now: number): boolean {
  return e.version === version || (e.costMs > EXPENSIVE_MS && now - e.at < STALE_MS);
}

export function progressCache<T>() {
  const kept = new Map<string, Entry<T>>();
  const running = new Map<string, Promise<T>>();
  return {
    async get(key: string, version: string, make: () => Promise<T>): Promise<T> {
      const e = kept.get(key);
      if (e && isServable(e, version, Date.now())) return e.value;
      const shared = running.get(key);
      if (shared) return shared;
      const started = performance.now();
      const p = make()
        .then((value) => {
          kept.delete(key); // re-inserted last: the map's order is the eviction order
          kept.set(key, { version, at: Date.now(), costMs: performance.now() - started, value });
          if (kept.size > MAX_ENTRIES) kept.delete(kept.keys().next().value!);
          return value;
        })
        .finally(() => running.delete(key));
      running.set(key, p);
      return p;
    },
    /** After targets change here: nothing kept may be served again. */
    clear() {
      kept.clear();
    },
  };
}
