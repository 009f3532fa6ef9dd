// Live pushes going on in the bench's own process while it reads history: a Socket.io server on a
// random port sends a small message every 20 ms to a real client; the longest gap between two
// messages received shows how long a live client waited while the event loop was held.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";

const EVERY_MS = 20;

/** The longest gap between arrivals, and how many came, since the last reset (the time since the
 *  last arrival counts as a gap too, so a stream that stopped shows). */
export function arrivalGaps() {
  let last = performance.now();
  let maxGap = 0;
  let received = 0;
  return {
    arrived() {
      const t = performance.now();
      maxGap = Math.max(maxGap, t - last);
      last = t;
      received++;
    },
    reset() {
      last = performance.now();
      maxGap = 0;
      received = 0;
    },
    read: () => ({ maxGapMs: Math.max(maxGap, performance.now() - last), received }),
  };
}

export interface LivePushes {
  /** Starts counting afresh: the longest gap and the messages received from now on. */
  reset(): void;
  /** The longest gap (ms) between two messages since reset, and how many came. */
  read(): { maxGapMs: number; received: number };
  close(): Promise<void>;
}

export async function livePushes(): Promise<LivePushes> {
  const server = http.createServer();
  const ioServer = new Server(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const client = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"] });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", resolve);
    client.once("connect_error", reject);
  });
  const gaps = arrivalGaps();
  client.on("batch", gaps.arrived);
  let seq = 0;
  const timer = setInterval(
    () => ioServer.emit("batch", { seq: ++seq, changes: [{ id: seq, headcount: 1 }] }),
    EVERY_MS,
  );
  return {
    reset: gaps.reset,
    read: gaps.read,
    async close() {
      clearInterval(timer);
      client.close();
      await new Promise<void>((resolve) => ioServer.close(() => resolve()));
    },
  };
}
