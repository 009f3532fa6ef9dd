// A dashboard's live connection as the browser makes it: socket.io-client over WebSocket,
// typed by the contract's event maps, recording every change batch it receives.
import { io, type Socket } from "socket.io-client";
import type {
  ChangeBatch,
  ClientToServerEvents,
  ServerToClientEvents,
  Snapshot,
  SubscribeReply,
} from "../../contract/events.ts";
import type { FilterQuery } from "../../contract/filter.ts";

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Dashboard {
  socket: LiveSocket;
  /** Every batch received so far, in arrival order. */
  batches: ChangeBatch[];
  /** Date.now() at the arrival of each batch in `batches`. */
  arrivals: number[];
  subscribe(filter: FilterQuery): Promise<SubscribeReply>;
  /** subscribe, and fail unless the server answers with a snapshot. */
  follow(filter: FilterQuery): Promise<Snapshot>;
  /** Resolves with the first batch (already received or still to come) whose toSeq reaches seq. */
  batchReaching(seq: number, timeoutMs?: number): Promise<ChangeBatch>;
  connect(): Promise<void>;
  close(): void;
}

/** auth: a session cookie ("up_session=…") or a display token; without it the server refuses. */
export async function openDashboard(url: string, auth: { cookie?: string; token?: string } = {}): Promise<Dashboard> {
  const socket: LiveSocket = io(url, {
    transports: ["websocket"],
    reconnection: false,
    autoConnect: false,
    forceNew: true,
    ...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
    ...(auth.token ? { auth: { token: auth.token } } : {}),
  });
  const batches: ChangeBatch[] = [];
  const arrivals: number[] = [];
  socket.on("changes", (b) => {
    batches.push(b);
    arrivals.push(Date.now());
  });

  const connect = () =>
    new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => {
        socket.off("connect", onConnect);
        reject(e);
      };
      const onConnect = () => {
        socket.off("connect_error", onError);
        resolve();
      };
      socket.once("connect", onConnect);
      socket.once("connect_error", onError);
      socket.connect();
    });

  const subscribe = (filter: FilterQuery) => socket.timeout(5000).emitWithAck("subscribe", filter);

  await connect();
  return {
    socket,
    batches,
    arrivals,
    subscribe,
    async follow(filter) {
      const reply = await subscribe(filter);
      if (!("ok" in reply)) throw new Error(`subscribe refused: ${JSON.stringify(reply)}`);
      return reply.ok;
    },
    batchReaching(seq, timeoutMs = 5000) {
      const found = batches.find((b) => b.toSeq >= seq);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          socket.off("changes", onBatch);
          reject(
            new Error(
              `no batch reached seq ${seq} within ${timeoutMs} ms; got ${JSON.stringify(batches.map((b) => [b.fromSeq, b.toSeq]))}`,
            ),
          );
        }, timeoutMs);
        const onBatch = (b: ChangeBatch) => {
          if (b.toSeq < seq) return;
          clearTimeout(timer);
          socket.off("changes", onBatch);
          resolve(b);
        };
        socket.on("changes", onBatch);
      });
    },
    connect,
    close: () => {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
