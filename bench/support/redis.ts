// The machine's Redis (BENCH_REDIS_URL elsewhere) for benches that run several processes: a key
// prefix of the run's own, so it never meets another deployment's messages, deleted at the end.
import { randomBytes } from "node:crypto";
import { createClient } from "redis";

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

export const benchRedisPrefix = () => `unionpulse_bench_${randomBytes(6).toString("hex")}`;

/** A client that gives up at the first refused connection, so a missing Redis says so at once. */
async function connected() {
  const redis = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 5000 } });
  redis.on("error", () => {});
  try {
    await redis.connect();
  } catch (e) {
    throw new Error(`Redis at ${REDIS_URL} did not answer (${(e as Error).message}); BENCH_REDIS_URL points elsewhere`);
  }
  return redis;
}

export async function checkRedis(): Promise<void> {
  (await connected()).destroy();
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = await connected();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 }))
      if (keys.length) await redis.del(keys);
  } finally {
    redis.destroy();
  }
}
