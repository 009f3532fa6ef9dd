// The live ticker: the latest changes under the display's filter, from each batch as it arrives and
// from GET /api/changes at start, after a reconnect (what happened while the screen was away) and
// after a batch too large to list. Every list on screen that shows it (the footer strip, the
// ticker panel) is redrawn from the same bounded store.
import type { ChangeBatch } from "../../../contract/events.ts";
import { api } from "../api.ts";
import type { LiveFilter } from "../live.ts";
import { createTickerStore, isUnderFilter } from "./ticker-store.ts";
import type { TickerView } from "./ticker-view.ts";

/** Changes kept: as many as the ticker panel shows. */
export const TICKER_SIZE = 12;
const RETRY_MS = 10_000;

export interface Ticker {
  fromBatch(batch: ChangeBatch): void;
  /** Reads the latest changes over HTTP; announce: flash the ones that are new on screen. */
  refetch(announce: boolean): void;
  attach(view: TickerView): void;
  /** Rewrites the lists, e.g. once district names are known. */
  redraw(): void;
}

export function createTicker(filter: LiveFilter, districtName: (id: number) => string): Ticker {
  const store = createTickerStore(TICKER_SIZE);
  const views: TickerView[] = [];
  const none = new Set<number>();
  let request: AbortController | null = null;
  let retryTimer: number | undefined;
  const { district, ownership, nonState } = filter;
  const query = { district, ownership, nonState };

  const show = (fresh: ReadonlySet<number>) => {
    for (const v of views) v.render(store.items, fresh, districtName);
  };
  // Times of changes gain their day once it is past: rewritten every minute, even on a quiet weekend.
  window.setInterval(() => show(none), 60_000);

  const refetch = async (announce: boolean) => {
    window.clearTimeout(retryTimer);
    request?.abort();
    const mine = (request = new AbortController());
    try {
      const { items } = await api.changes(query, TICKER_SIZE, mine.signal);
      if (mine !== request) return;
      const fresh = store.merge(items);
      show(announce ? fresh : none);
    } catch {
      if (mine.signal.aborted) return;
      retryTimer = window.setTimeout(() => void refetch(announce), RETRY_MS);
    } finally {
      if (mine === request) request = null;
    }
  };

  return {
    fromBatch(batch) {
      if (!batch.changes) {
        void refetch(true);
        return;
      }
      const enterprises = new Map(batch.enterprises.map((e) => [e.id, e]));
      const mine = batch.changes.filter((c) => {
        const e = enterprises.get(c.enterpriseId);
        return e !== undefined && isUnderFilter(e, filter);
      });
      if (mine.length) show(store.merge(mine));
    },
    refetch: (announce) => void refetch(announce),
    attach(view) {
      views.push(view);
      view.render(store.items, none, districtName);
    },
    redraw: () => show(none),
  };
}
