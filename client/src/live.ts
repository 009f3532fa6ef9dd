// The live feed: one Socket.io connection following the figures of one filter. It keeps the
// sequence number of what the page shows and tells the page about snapshots, change batches
// and the connection; a gap in the sequence or a reconnect fetches a fresh snapshot.
import { io, type Socket } from "socket.io-client";
import type { ApiError } from "../../contract/errors.ts";
import type { ChangeBatch, ClientToServerEvents, ServerToClientEvents, UnitsEvent } from "../../contract/events.ts";
import type { FilterQuery } from "../../contract/filter.ts";
import type { Stats } from "../../contract/stats.ts";

export type ConnectionState = "connected" | "reconnecting" | "offline";
/** Live figures come from the server's memory, which has no text search. */
export type LiveFilter = Omit<FilterQuery, "q">;

export interface LiveEvents {
  /** Figures as of a (re)subscription. resync: the page may have missed changes, refetch lists. */
  snapshot: { stats: Stats; at: string | null; resync: boolean };
  batch: ChangeBatch;
  connection: ConnectionState;
  seq: number;
  error: ApiError;
  /** The server turned the connection away (no or revoked credentials): its reason. */
  refused: string;
  /** The province or a unit changed (set up, created, renamed, merged, split, retired): every unit. */
  units: UnitsEvent;
}

const ACK_TIMEOUT_MS = 5000;
/** Failed attempts in a row after which we say "offline" rather than "reconnecting". */
const OFFLINE_AFTER_ATTEMPTS = 3;
/** How long to wait before asking again after the server refused the connection. */
const REFUSED_RETRY_MS = 15_000;

type Listener<K extends keyof LiveEvents> = (value: LiveEvents[K]) => void;

export type SeqDecision = "ignore" | "apply" | "resync";

/**
 * What to do with a batch, given the sequence number the page is at. A batch may overlap the
 * snapshot (it was being gathered while we subscribed): it carries the whole figures and the
 * enterprises as they are now, so applying it is safe and saves a round trip. Only a hole, a
 * fromSeq beyond lastSeq + 1, means changes were lost.
 */
export function decideBatch(lastSeq: number, batch: Pick<ChangeBatch, "fromSeq" | "toSeq">): SeqDecision {
  if (batch.toSeq <= lastSeq) return "ignore";
  if (batch.fromSeq > lastSeq + 1) return "resync";
  return "apply";
}

export interface Live {
  /** Follow another filter: the page gets a snapshot for it, then its batches. */
  follow(filter: LiveFilter): void;
  on<K extends keyof LiveEvents>(event: K, listener: (value: LiveEvents[K]) => void): () => void;
  readonly connection: ConnectionState;
  /** Date.now() when the server was last heard from (a heartbeat, a batch, an answer). */
  readonly lastHeardAt: number;
  /** Asks for a fresh snapshot now, e.g. after the page was hidden for a long time. */
  resync(): void;
  /** Drops the connection and opens a new one at once, e.g. after the machine slept. */
  reconnect(): void;
  close(): void;
}

export interface LiveOptions {
  /** Longest wait between reconnection attempts; Socket.io's default is 5 s. */
  reconnectionDelayMax?: number;
  /** Sent as the handshake's auth.token (a read-only display token, once accounts exist). */
  token?: string | null;
}

export function connectLive(initial: LiveFilter, options: LiveOptions = {}): Live {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: "/socket.io",
    autoConnect: false,
    // Never give up: a screen nobody touches must come back whenever the server does.
    reconnectionAttempts: Infinity,
    ...(options.reconnectionDelayMax ? { reconnectionDelayMax: options.reconnectionDelayMax } : {}),
    ...(options.token ? { auth: { token: options.token } } : {}),
  });
  // Listeners of every event in one map; on() and emit() keep each set to its event's type.
  const listeners = new Map<keyof LiveEvents, Set<Listener<never>>>();
  const emit = <K extends keyof LiveEvents>(event: K, value: LiveEvents[K]) => {
    for (const l of listeners.get(event) ?? []) (l as Listener<K>)(value);
  };

  let filter = initial;
  /** Sequence number of the figures shown; null until a snapshot for this filter arrives. */
  let lastSeq: number | null = null;
  /** Each subscribe gets a number; only the answer to the latest one counts. */
  let subscription = 0;
  let awaitingSnapshot = false;
  let retryTimer: number | undefined;
  let refusedTimer: number | undefined;
  let failedAttempts = 0;
  let connection: ConnectionState = "reconnecting";
  let lastHeardAt = Date.now();
  const heard = () => {
    lastHeardAt = Date.now();
  };
  // The server's heartbeat (every 10 s): proof the connection still carries traffic.
  socket.io.on("ping", heard);

  const setConnection = (state: ConnectionState) => {
    if (state === connection) return;
    connection = state;
    emit("connection", state);
  };

  const subscribe = () => {
    window.clearTimeout(retryTimer);
    // While disconnected, socket.io would buffer the emit and send it after the connect
    // handler's own subscribe; the connect handler is enough.
    if (!socket.connected) return;
    const token = ++subscription;
    awaitingSnapshot = true;
    socket.timeout(ACK_TIMEOUT_MS).emit("subscribe", filter, (err, reply) => {
      if (token !== subscription) return;
      awaitingSnapshot = false;
      if (!err) heard();
      if (err) {
        retryTimer = window.setTimeout(subscribe, 1000);
        return;
      }
      if ("error" in reply) {
        emit("error", reply);
        return;
      }
      const resync = lastSeq !== null;
      lastSeq = reply.ok.stats.seq;
      emit("snapshot", { stats: reply.ok.stats, at: reply.ok.at, resync });
      emit("seq", lastSeq);
    });
  };

  socket.on("changes", (batch) => {
    heard();
    // Batches that arrive before the snapshot may belong to the previous filter, and the
    // snapshot already includes them.
    if (awaitingSnapshot || lastSeq === null) return;
    const decision = decideBatch(lastSeq, batch);
    if (decision === "ignore") return;
    if (decision === "resync") {
      subscribe();
      return;
    }
    lastSeq = batch.toSeq;
    emit("batch", batch);
    emit("seq", lastSeq);
  });

  // Not tied to the filter or the sequence: pages relabel and refilter from the whole list.
  socket.on("units", (payload) => {
    heard();
    emit("units", payload);
  });

  socket.on("connect", () => {
    heard();
    failedAttempts = 0;
    setConnection("connected");
    subscribe();
  });
  socket.on("disconnect", (reason) => {
    awaitingSnapshot = false;
    subscription++;
    // After a server-side disconnect socket.io does not reconnect by itself.
    if (reason === "io server disconnect") socket.connect();
    setConnection(navigator.onLine ? "reconnecting" : "offline");
  });
  socket.on("connect_error", (err) => {
    failedAttempts++;
    setConnection(!navigator.onLine || failedAttempts >= OFFLINE_AFTER_ATTEMPTS ? "offline" : "reconnecting");
    // Turned away by the server's middleware (credentials, or a database that did not answer):
    // socket.io does not retry that by itself, and a page nobody touches must not stay stuck.
    if (!socket.active) {
      if (/^(UNAUTHORIZED|FORBIDDEN)/.test(err.message)) emit("refused", err.message);
      window.clearTimeout(refusedTimer);
      refusedTimer = window.setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
    }
  });
  const wentOffline = () => setConnection("offline");
  const cameOnline = () => {
    if (!socket.connected) setConnection("reconnecting");
  };
  window.addEventListener("offline", wentOffline);
  window.addEventListener("online", cameOnline);

  socket.connect();

  return {
    follow(next) {
      filter = next;
      lastSeq = null;
      if (socket.connected) subscribe();
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const added = listener as Listener<never>;
      set.add(added);
      return () => {
        set.delete(added);
      };
    },
    get connection() {
      return connection;
    },
    get lastHeardAt() {
      return lastHeardAt;
    },
    resync() {
      if (socket.connected) subscribe();
    },
    reconnect() {
      window.clearTimeout(refusedTimer);
      // disconnect() closes the engine and cancels a pending backoff timer; connect() opens anew.
      socket.disconnect();
      socket.connect();
    },
    close() {
      window.clearTimeout(retryTimer);
      window.clearTimeout(refusedTimer);
      window.removeEventListener("offline", wentOffline);
      window.removeEventListener("online", cameOnline);
      socket.close();
    },
  };
}
