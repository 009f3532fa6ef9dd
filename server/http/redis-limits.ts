// The login and write limits counted in Redis (REDIS_URL), so every process counts the same tries.
// While Redis is away each process falls back to its own in-memory counts (the library's
// insuranceLimiter): the limits go on, per process, and no request fails because of it. Loaded only
// when Redis is configured: the redis client costs a single process part of its start-up.
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { createClient } from "redis";
import type { Logger } from "../log.ts";
import type { RateLimitStore } from "./rate-limits.ts";

/** A Redis connection of its own: it never blocks the cluster link's, and it fails fast when Redis is
 *  away (no offline queue), so a request is counted in memory at once instead of waiting. */
export function redisLimits(opts: { redisUrl: string; prefix: string; log: Logger }): RateLimitStore {
  const redis = createClient({
    url: opts.redisUrl,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
  });
  let down = false;
  redis.on("error", (e: Error) => {
    if (!down) opts.log.error(`Redis (limits): ${e.message}. Login and write limits count per process meanwhile.`);
    down = true;
  });
  redis.on("ready", () => {
    if (down) opts.log.info("Redis (limits) is back: login and write limits are shared again");
    down = false;
  });
  // Not awaited: until Redis answers, the in-memory insurance counts (rejectIfRedisNotReady).
  redis.connect().catch(() => {});
  return {
    limiter: (name, points, duration) =>
      new RateLimiterRedis({
        storeClient: redis,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        keyPrefix: `${opts.prefix}:limit:${name}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
      }),
    shared: () => redis.isReady,
    close: async () => {
      // Never connected (Redis away since start): there is nothing to close gracefully.
      if (!redis.isOpen) return;
      await redis.close().catch(() => {
        try {
          redis.destroy();
        } catch {
          // closed meanwhile
        }
      });
    },
  };
}
