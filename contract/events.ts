// Socket.io event maps, typed once for server and client: a misspelt event or a wrong payload
// is a compile error on both sides.
import type { ChangeItem } from "./changes.ts";
import type { Enterprise } from "./enterprise.ts";
import type { FilterQuery } from "./filter.ts";
import type { Stats } from "./stats.ts";
import type { ApiError } from "./errors.ts";
import type { UnitsEvent } from "./units.ts";

export type { UnitsEvent } from "./units.ts";

/** Changes accepted since the last batch, coalesced (at most one batch per 100 ms, the server's LIVE_COALESCE_MS). */
export interface ChangeBatch {
  /** First and last sequence number in this batch. A client that has seen up to lastSeq:
   *  toSeq <= lastSeq → already seen, ignore; fromSeq > lastSeq + 1 → it missed changes, subscribe
   *  again for a snapshot; otherwise apply (a batch gathered while the client subscribed may overlap
   *  its snapshot: the figures and enterprises in it are current, so applying it is safe). */
  fromSeq: number;
  toSeq: number;
  /** The changed enterprises as they are now (empty and truncated=true for very large batches). */
  enterprises: Enterprise[];
  truncated: boolean;
  /** Each change in the batch, oldest first, for tickers; absent when truncated (GET /api/changes then). */
  changes?: ChangeItem[];
  /** The figures for the filter this client subscribed to, after the batch. */
  stats: Stats;
  /** ISO time the last change in the batch was accepted. */
  at: string;
}

export interface Snapshot {
  stats: Stats;
  at: string | null;
}

export type SubscribeReply = { ok: Snapshot } | ApiError;

export interface ServerToClientEvents {
  changes: (batch: ChangeBatch) => void;
  /** After any province or unit change (create, rename, merge, split, retire, units sheet): the
   *  province and every unit, retired included. Enterprises a merge or split moved arrive as
   *  ordinary `changes` batches. */
  units: (payload: UnitsEvent) => void;
}

export interface ClientToServerEvents {
  /** Follow the figures for a filter (query-string form); replaces any earlier subscription. */
  subscribe: (filter: FilterQuery, ack: (reply: SubscribeReply) => void) => void;
}

/** One accepted change as one server process passes it to the others (times as ISO strings). */
export interface ClusterChange {
  seq: number;
  at: string;
  /** null when the enterprise was created by this change. */
  before: Enterprise | null;
  after: Enterprise;
}

/** Between server processes (through the Redis adapter, never to browsers). */
export interface InterServerEvents {
  /** Changes one process committed, in sequence order, for every other process's aggregates. */
  accepted: (changes: ClusterChange[]) => void;
  /** The province or a unit changed on another process: re-read and tell this process's sockets. */
  unitsChanged: () => void;
  /** Sessions or display tokens another process ended, or a user whose rights changed there: drop
   *  them from this process's credential cache (and close what ended). */
  credentials: (i: CredentialInvalidation) => void;
}

/** What makes a cached session or display token stale (server/services/accounts.ts). */
export type CredentialInvalidation =
  | { ended: { userId: number } | { sessionId: string } | { displayTokenId: number } }
  | { userChanged: number }
  | { all: true };
