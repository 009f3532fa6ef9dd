// Socket.io event maps, typed once for server and client: a misspelt event or a wrong payload
// is a compile error on both sides.
import type { Enterprise } from "./enterprise.ts";
import type { FilterQuery } from "./filter.ts";
import type { Stats } from "./stats.ts";
import type { ApiError } from "./errors.ts";

/** Changes accepted since the last batch, coalesced (at most one batch per 100 ms). */
export interface ChangeBatch {
  /** First and last sequence number in this batch; fromSeq = previous toSeq + 1, else resync. */
  fromSeq: number;
  toSeq: number;
  /** The changed enterprises as they are now (empty and truncated=true for very large batches). */
  enterprises: Enterprise[];
  truncated: boolean;
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
}

export interface ClientToServerEvents {
  /** Follow the figures for a filter (query-string form); replaces any earlier subscription. */
  subscribe: (filter: FilterQuery, ack: (reply: SubscribeReply) => void) => void;
}

export type InterServerEvents = Record<string, never>;
