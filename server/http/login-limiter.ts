// Slows down password guessing without letting anyone lock an account's owner out (OWASP's
// "Blocking Brute Force Attacks", rate-limiter-flexible's "login endpoint protection" example):
// - MAX_FAILURES failed logins per username and address in WINDOW_S, then that pair waits: the
//   guesser is stopped, the owner logging in from his own address is not;
// - MAX_PER_ADDRESS failures per address whatever the username (one address trying many accounts);
// - per username over every address, failures beyond SLOW_AFTER only slow the answer down (at most
//   MAX_DELAY_MS), for the owner too, never refuse it: a password spread over many addresses costs time.
// The address is the real client's behind the proxies named in TRUST_PROXY (app.ts). Counts live in
// Redis when set, so every process sees the same tries (./rate-limits.ts).
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { RateLimitStore } from "./rate-limits.ts";

export const WINDOW_S = 15 * 60;
export const MAX_FAILURES = 5;
export const MAX_PER_ADDRESS = 50;
export const SLOW_AFTER = 10;
export const MAX_DELAY_MS = 3000;
const DELAY_STEP_MS = 250;
/** A proxy on this machine that is not named in TRUST_PROXY makes every client loopback: an
 *  address-wide limit there would lock everybody out, so loopback counts per username only. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export interface LoginVerdict {
  /** Seconds to wait before this username may be tried from this address again; 0: try now. */
  retryAfterS: number;
  /** Hold the answer this long (the username is being guessed from elsewhere). */
  delayMs: number;
}

export function loginLimiter(store: RateLimitStore) {
  const pair = store.limiter("login:pair", MAX_FAILURES, WINDOW_S);
  const address = store.limiter("login:address", MAX_PER_ADDRESS, WINDOW_S);
  // Counted, never refused: only its count matters (see the delay below).
  const user = store.limiter("login:user", Number.MAX_SAFE_INTEGER, WINDOW_S);
  const keys = (username: string, ip: string) => {
    const u = username.trim().toLowerCase();
    return { pair: `${u}|${ip}`, address: LOOPBACK.test(ip) ? null : ip, user: u };
  };

  return {
    async check(username: string, ip: string): Promise<LoginVerdict> {
      const k = keys(username, ip);
      const [p, a, u] = await Promise.all([
        read(pair, k.pair),
        k.address ? read(address, k.address) : null,
        read(user, k.user),
      ]);
      let retryAfterS = 0;
      for (const [res, max] of [
        [p, MAX_FAILURES],
        [a, MAX_PER_ADDRESS],
      ] as const) {
        if (res && res.consumedPoints >= max)
          retryAfterS = Math.max(retryAfterS, Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      }
      const beyond = (u?.consumedPoints ?? 0) - SLOW_AFTER;
      return { retryAfterS, delayMs: beyond > 0 ? Math.min(MAX_DELAY_MS, beyond * DELAY_STEP_MS) : 0 };
    },
    async failed(username: string, ip: string): Promise<void> {
      const k = keys(username, ip);
      await Promise.all([count(pair, k.pair), k.address ? count(address, k.address) : null, count(user, k.user)]);
    },
    /** A successful login forgets that pair's failures (not the address's nor the username's). */
    async succeeded(username: string, ip: string): Promise<void> {
      await pair.delete(keys(username, ip).pair).catch(() => false);
    },
  };
}
export type LoginLimiter = ReturnType<typeof loginLimiter>;

/** A count that cannot be read (Redis and its insurance both failing) limits nothing rather than fail the login. */
const read = (l: RateLimiterAbstract, key: string) => l.get(key).catch(() => null);
const count = (l: RateLimiterAbstract, key: string) =>
  l.penalty(key, 1).catch((e: unknown) => (e instanceof RateLimiterRes ? e : null));
