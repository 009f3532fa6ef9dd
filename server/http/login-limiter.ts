// Slows down password guessing: at most MAX_FAILURES failed logins per username and address in
// WINDOW_MS, and MAX_PER_ADDRESS per address whatever the username. In memory, so per process:
// behind several processes an attacker gets that many tries on each (docs: README, Accounts).
export const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES = 5;
const MAX_PER_ADDRESS = 50;
/** Beyond this many tracked keys the oldest are forgotten, so a flood cannot exhaust memory. */
const MAX_KEYS = 100_000;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function loginLimiter(now: () => number = Date.now) {
  const failures = new Map<string, number[]>();
  const recent = (key: string) => {
    const t = now();
    const kept = (failures.get(key) ?? []).filter((at) => t - at < WINDOW_MS);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  // Behind a proxy on this machine every request comes from loopback: an address-wide limit there
  // would let anyone lock everybody out, so loopback counts per username only.
  const keysOf = (username: string, address: string) =>
    [`u:${username.trim().toLowerCase()}|${address}`, LOOPBACK.test(address) ? null : `a:${address}`] as const;

  return {
    /** Seconds to wait before the next try, or 0 when a try is allowed now. */
    retryAfter(username: string, address: string): number {
      const [pair, addr] = keysOf(username, address);
      const limits: [number[], number][] = [
        [recent(pair), MAX_FAILURES],
        ...(addr ? [[recent(addr), MAX_PER_ADDRESS] as [number[], number]] : []),
      ];
      let wait = 0;
      for (const [list, max] of limits) {
        if (list.length >= max) wait = Math.max(wait, Math.ceil((list[list.length - max]! + WINDOW_MS - now()) / 1000));
      }
      return wait;
    },
    failed(username: string, address: string): void {
      for (const key of keysOf(username, address)) {
        if (!key) continue;
        const list = [...recent(key), now()];
        failures.delete(key); // re-insert: Map order is then least recently failed first
        failures.set(key, list);
      }
      while (failures.size > MAX_KEYS) failures.delete(failures.keys().next().value!);
    },
    /** A successful login forgets that pair's failures (not the address's). */
    succeeded(username: string, address: string): void {
      failures.delete(keysOf(username, address)[0]);
    },
  };
}
export type LoginLimiter = ReturnType<typeof loginLimiter>;
