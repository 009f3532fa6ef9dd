// Where the login and write limits keep their counts (rate-limiter-flexible): in Redis when REDIS_URL
// is set, so every process counts the same tries (./redis-limits.ts, loaded only then); in memory for
// a single process.
import { RateLimiterMemory, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface RateLimitStore {
  /** A counter of `points` per `durationS` seconds, its keys named `name` (within the deployment's prefix). */
  limiter(name: string, points: number, durationS: number): RateLimiterAbstract;
  /** Redis answers (always true in memory): for /metrics. */
  shared(): boolean;
  close(): Promise<void>;
}

export function memoryLimits(): RateLimitStore {
  return {
    limiter: (name, points, duration) => new RateLimiterMemory({ keyPrefix: name, points, duration }),
    shared: () => true,
    close: async () => {},
  };
}
