// Several server processes behind one proxy (REDIS_URL set). Socket.io's Redis Streams adapter
// links them; the process that commits a change passes it to every other process, and each one
// feeds it to its own ChangeFeed, which orders by sequence number, drops duplicates and rebuilds
// from the database on a gap. Dashboards get batches from the process they are connected to only.
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import { z } from "zod";
import { Enterprise } from "../../contract/enterprise.ts";
import type { ClusterChange } from "../../contract/events.ts";
import type { Logger } from "../log.ts";
import type { AppliedChange, ChangeFeed } from "../services/change-feed.ts";
import type { IoServer } from "./socket-types.ts";

export interface ClusterOptions {
  redisUrl: string;
  /** Names this deployment's stream, channels and keys in Redis. */
  prefix: string;
  /** The last sequence number committed to the database. */
  latestSeq: () => Promise<number>;
  log: Logger;
  /** Another process changed the province or a unit: tell this process's sockets. */
  onUnitsChanged?: () => void;
  /** How often to compare our sequence number with the database's. */
  checkEveryMs?: number;
}

const PING_TIMEOUT_MS = 1500;

// Redis is a trust boundary like any other edge: a malformed message must not corrupt the figures.
const ClusterChanges = z.array(
  z.object({
    seq: z.number().int().positive(),
    at: z.iso.datetime(),
    before: Enterprise.nullable(),
    after: Enterprise,
  }),
);

const toWire = (c: AppliedChange): ClusterChange => ({
  seq: c.seq,
  at: c.at.toISOString(),
  before: c.before ?? null,
  after: c.after,
});
const fromWire = (c: ClusterChange): AppliedChange => ({
  seq: c.seq,
  at: new Date(c.at),
  before: c.before ?? undefined,
  after: c.after,
});

export async function joinCluster(io: IoServer, feed: ChangeFeed, opts: ClusterOptions) {
  const { log } = opts;
  const target = new URL(opts.redisUrl).host; // for messages: never the password
  let everConnected = false;
  const redis = createClient({
    url: opts.redisUrl,
    socket: {
      connectTimeout: 5000,
      // Once up, keep retrying for as long as it takes; at start, give up after a few seconds so a
      // wrong REDIS_URL stops the process with a clear message instead of a silent wait.
      reconnectStrategy: (retries, cause) =>
        everConnected || retries < 5
          ? Math.min(100 * 2 ** retries, 2000)
          : new Error(`Redis at ${target} is unreachable: ${cause.message}`),
    },
  });
  let connected = false;
  redis.on("error", (e: Error) => {
    // Reconnection retries fail every couple of seconds while Redis is down: say it once.
    if (connected)
      log.error(`Redis: ${e.message}. Changes from other processes wait; the database stays the reference.`);
    connected = false;
  });
  redis.on("ready", () => {
    if (!connected) log.info(`Redis connected (${target})`);
    connected = everConnected = true;
  });
  await redis.connect();
  // The adapter (0.3.x) sends serverSideEmit with PUBLISH and drops the promise: while Redis is away,
  // the command times out and the unhandled rejection would end this process. A lost message is
  // healed like any other (watchSequence), so swallow the failure here.
  const publish = redis.publish.bind(redis);
  Object.assign(redis, { publish: (...args: Parameters<typeof publish>) => publish(...args).catch(() => 0) });

  io.adapter(
    createAdapter(redis, {
      streamName: `${opts.prefix}:socket.io`,
      channelPrefix: `${opts.prefix}:socket.io`,
      sessionKeyPrefix: `${opts.prefix}:socket.io:session:`,
      onlyPlaintext: true,
    }),
  );

  io.on("accepted", (changes) => {
    const parsed = ClusterChanges.safeParse(changes);
    if (!parsed.success) {
      log.error("ignored a malformed change message from another process", parsed.error.issues.slice(0, 3));
      return;
    }
    feed.publish(parsed.data.map(fromWire));
  });

  io.on("unitsChanged", () => opts.onUnitsChanged?.());

  const stopWatch = watchSequence(feed, opts);
  log.debug(`joined the cluster through Redis (prefix ${opts.prefix})`);

  return {
    /** Passes changes this process committed to the other processes. */
    share(changes: AppliedChange[]) {
      if (changes.length) io.serverSideEmit("accepted", changes.map(toWire));
    },
    /** Tells the other processes the province or units changed (they re-read and tell their sockets). */
    shareUnitsChanged() {
      io.serverSideEmit("unitsChanged");
    },
    /** Readiness: Redis answers PING. */
    async ping() {
      if (!redis.isReady) throw new Error("Redis is not connected");
      await withTimeout(redis.ping(), PING_TIMEOUT_MS, "Redis did not answer PING");
    },
    /** After the Socket.io server closed: sends what is queued, then disconnects. */
    async close() {
      stopWatch();
      await redis.close().catch(() => redis.destroy());
    },
  };
}
export type Cluster = Awaited<ReturnType<typeof joinCluster>>;

/** Changes whose message never came (the writer died between commit and send, Redis was down, this
 *  process had not subscribed yet) leave no gap to notice until the next change. So every few
 *  seconds: a change committed one check ago that is still not here is taken as lost, and the
 *  aggregates are rebuilt from the database. */
function watchSequence(feed: ChangeFeed, opts: ClusterOptions) {
  let committed = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      if (feed.seq < committed) {
        opts.log.info(`changes up to ${committed} did not arrive (at ${feed.seq}): rebuilding from the database`);
        await feed.rebuild();
      }
      committed = await opts.latestSeq();
    })()
      .catch((e: unknown) => opts.log.debug(`sequence check failed: ${(e as Error).message}`))
      .finally(() => {
        busy = false;
      });
  }, opts.checkEveryMs ?? 2000);
  timer.unref();
  return () => clearInterval(timer);
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
