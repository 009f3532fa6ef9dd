// Many dashboard connections in one process (socket.io-client over WebSocket, as the browser's
// live feed makes them). Records when each socket receives each batch on the shared clock, tells
// the bench when every socket has one, and checks what each socket saw: no gaps, how often.
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import type { ChangeBatch, ClientToServerEvents, ServerToClientEvents } from "../../contract/events.ts";
import type { FilterQuery } from "../../contract/filter.ts";
import { nowMs } from "./clock.ts";
import { answerRequests, sendEvent } from "./ipc.ts";
import { seqOnlyParser } from "./seq-only-parser.ts";

type Live = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Seen {
  /** The sequence number of the snapshot, then of the last batch. */
  lastSeq: number;
  arrivals: number[];
  gaps: number;
}

export interface SwarmSummary {
  sockets: number;
  batches: number;
  /** Sockets that received a batch starting after lastSeq + 1. */
  socketsWithGaps: number;
  /** The highest rate at any socket, batches per second between its first and last batch. */
  maxBatchesPerSecond: number;
  /** Smallest time between two batches at one socket, ms. */
  minInterArrivalMs: number;
  /** The lowest sequence number every socket has reached. */
  lowestSeq: number;
}

const sockets: Live[] = [];
const seen = new Map<Live, Seen>();
/** toSeq → how many sockets have it and when the first and last got it (fan-out rounds only). */
const rounds = new Map<number, { count: number; first: number; last: number }>();
let trackRounds = false;
let sample: ChangeBatch | null = null;
/** The one socket that parses batches in full (the others read only their sequence numbers). */
let fullSocket: Live | null = null;

function onBatch(socket: Live, b: ChangeBatch) {
  const at = nowMs();
  const s = seen.get(socket)!;
  if (b.fromSeq > s.lastSeq + 1) s.gaps++;
  s.lastSeq = Math.max(s.lastSeq, b.toSeq);
  s.arrivals.push(at);
  if (socket === fullSocket) sample = b;
  if (!trackRounds) return;
  let r = rounds.get(b.toSeq);
  if (!r) rounds.set(b.toSeq, (r = { count: 0, first: at, last: at }));
  r.count++;
  r.last = at;
  if (r.count === sockets.length) {
    rounds.delete(b.toSeq);
    sendEvent("round", { seq: b.toSeq, first: r.first, last: r.last });
  }
}

/** engine.io-client hands `localAddress` to the WebSocket it opens in Node (its websocket
 *  transport picks it from the options) but does not declare it. */
type Options = Partial<ManagerOptions & SocketOptions> & { localAddress?: string };

function open(
  url: string,
  subscribe: FilterQuery | null,
  cookie: string | null,
  parseInFull: boolean,
  localAddress: string | undefined,
): Promise<void> {
  const options: Options = {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
    ...(parseInFull ? {} : { parser: seqOnlyParser }),
    ...(localAddress ? { localAddress } : {}),
  };
  const socket: Live = io(url, options);
  if (parseInFull) fullSocket = socket;
  return new Promise<void>((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.once("connect", () => {
      socket.off("connect_error", reject);
      sockets.push(socket);
      seen.set(socket, { lastSeq: 0, arrivals: [], gaps: 0 });
      socket.on("changes", (b) => onBatch(socket, b));
      if (!subscribe) return resolve();
      socket
        .timeout(60_000)
        .emitWithAck("subscribe", subscribe)
        .then((reply) => {
          if (!("ok" in reply)) return reject(new Error(`subscribe refused: ${JSON.stringify(reply)}`));
          seen.get(socket)!.lastSeq = reply.ok.stats.seq;
          resolve();
        }, reject);
    });
  });
}

interface ConnectRequest {
  url: string;
  count: number;
  subscribe: FilterQuery | null;
  /** A logged-in session, as a browser's dashboard sends it with its WebSocket. */
  cookie: string | null;
  /** Source addresses, one socket from each in turn (none: the system's choice). */
  localAddresses?: string[];
  concurrency?: number;
}

async function connect({ url, count, subscribe, cookie, localAddresses = [], concurrency = 50 }: ConnectRequest) {
  let started = 0;
  // The first socket of the process parses batches in full: the sample, and a check that they are whole.
  const worker = async () => {
    while (started < count) {
      const k = started++;
      const from = localAddresses.length ? localAddresses[k % localAddresses.length] : undefined;
      await open(url, subscribe, cookie, k === 0, from);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return sockets.length;
}

function summary(): SwarmSummary {
  let batches = 0,
    socketsWithGaps = 0,
    maxRate = 0,
    minGap = Number.POSITIVE_INFINITY,
    lowestSeq = Number.POSITIVE_INFINITY;
  for (const s of seen.values()) {
    batches += s.arrivals.length;
    if (s.gaps) socketsWithGaps++;
    lowestSeq = Math.min(lowestSeq, s.lastSeq);
    const a = s.arrivals;
    for (let i = 1; i < a.length; i++) minGap = Math.min(minGap, a[i]! - a[i - 1]!);
    // Over the whole run, so delivery jitter (a few ms at either end) does not count as a burst.
    if (a.length > 1) maxRate = Math.max(maxRate, ((a.length - 1) * 1000) / (a[a.length - 1]! - a[0]!));
  }
  return {
    sockets: sockets.length,
    batches,
    socketsWithGaps,
    maxBatchesPerSecond: maxRate,
    minInterArrivalMs: minGap,
    lowestSeq,
  };
}

answerRequests({
  connect,
  track: (on: boolean) => {
    trackRounds = on;
    rounds.clear();
  },
  summary,
  /** Forget what was seen so far (keeps each socket's sequence number). */
  reset: () => {
    for (const s of seen.values()) {
      s.arrivals = [];
      s.gaps = 0;
    }
  },
  sample: () => sample,
  close: () => {
    for (const s of sockets) s.disconnect();
    sockets.length = 0;
    seen.clear();
    fullSocket = null;
  },
});
