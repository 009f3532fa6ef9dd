// A Redis prefix of its own per test file, so runs never see each other's messages; its keys
// (the adapter's stream, if any) are deleted afterwards.
import { randomBytes } from "node:crypto";
import { createClient } from "redis";

export const REDIS_URL = process.env.SCALE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function testPrefix() {
  return `unionpulse_test_${randomBytes(6).toString("hex")}`;
}

export async function deleteKeys(prefix: string) {
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
