// The machine's Redis (BENCH_REDIS_URL elsewhere) for benches that run several processes: a key
// prefix of the run's own, so it never meets another deployment's messages, deleted at the end.
import { randomBytes } from "node:crypto";
import { createClient } from "redis";

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

export const benchRedisPrefix = () => `unionpulse_bench_${randomBytes(6).toString("hex")}`;

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = createClient({ url: REDIS_URL });
  redis.on("error", () => {});
  await redis.connect();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 }))
      if (keys.length) await redis.del(keys);
  } finally {
    redis.destroy();
  }
}
