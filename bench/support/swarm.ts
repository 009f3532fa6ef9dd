// A crowd of dashboards spread over a few client processes (./swarm-process.ts), so that
// thousands of sockets fit and their CPU is not the server's.
import type { ChangeBatch } from "../../contract/events.ts";
import type { FilterQuery } from "../../contract/filter.ts";
import { forkChild, type Child } from "./ipc.ts";
import type { SwarmSummary } from "./swarm-process.ts";

/** Sockets per client process: beyond this one process's event loop is what slows receipt. */
const PER_PROCESS = 2500;

export interface Swarm {
  size: number;
  /** Resolves with the time the last socket received the batch ending at seq (shared clock, ms). */
  lastReceipt(seq: number, timeoutMs?: number): Promise<number>;
  track(on: boolean): Promise<void>;
  summary(): Promise<SwarmSummary>;
  reset(): Promise<void>;
  sample(): Promise<ChangeBatch | null>;
  close(): Promise<void>;
}

/** A dashboard's session and the filter it follows; null for the bare server, which has neither. */
export interface Dashboards {
  cookie: string;
  subscribe: FilterQuery;
}

/** `localAddresses`: loopback source addresses the sockets connect from in turn (127.0.1.1, …), so a
 *  proxy that balances by client address (nginx's ip_hash) spreads them; none: the system's choice. */
export async function startSwarm(
  url: string,
  count: number,
  as: Dashboards | null,
  localAddresses: string[] = [],
): Promise<Swarm> {
  const processes = Math.max(1, Math.ceil(count / PER_PROCESS));
  const children: Child[] = Array.from({ length: processes }, () => forkChild("swarm-process.ts"));
  const done = new Map<number, { last: number; reports: number }>();
  const waiters = new Map<number, () => void>();
  for (const c of children) {
    c.on("round", (r: { seq: number; last: number }) => {
      const d = done.get(r.seq) ?? { last: 0, reports: 0 };
      d.last = Math.max(d.last, r.last);
      d.reports++;
      done.set(r.seq, d);
      if (d.reports === children.length) waiters.get(r.seq)?.();
    });
  }
  try {
    await Promise.all(
      children.map((c, i) => {
        const share = Math.floor(count / processes) + (i < count % processes ? 1 : 0);
        return c.ask(
          "connect",
          { url, count: share, subscribe: as?.subscribe ?? null, cookie: as?.cookie ?? null, localAddresses },
          300_000,
        );
      }),
    );
  } catch (e) {
    await Promise.all(children.map((c) => c.stop()));
    throw e;
  }
  const all = <T>(cmd: string, arg?: unknown) => Promise.all(children.map((c) => c.ask<T>(cmd, arg)));
  return {
    size: count,
    lastReceipt(seq, timeoutMs = 30_000) {
      const finish = () => {
        const d = done.get(seq)!;
        done.delete(seq);
        waiters.delete(seq);
        return d.last;
      };
      if (done.get(seq)?.reports === children.length) return Promise.resolve(finish());
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(seq);
          reject(new Error(`not every socket received seq ${seq} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(seq, () => {
          clearTimeout(timer);
          resolve(finish());
        });
      });
    },
    track: async (on) => {
      await all("track", on);
    },
    async summary() {
      const parts = await all<SwarmSummary>("summary");
      return {
        sockets: parts.reduce((s, p) => s + p.sockets, 0),
        batches: parts.reduce((s, p) => s + p.batches, 0),
        socketsWithGaps: parts.reduce((s, p) => s + p.socketsWithGaps, 0),
        maxBatchesPerSecond: Math.max(...parts.map((p) => p.maxBatchesPerSecond)),
        minInterArrivalMs: Math.min(...parts.map((p) => p.minInterArrivalMs)),
        lowestSeq: Math.min(...parts.map((p) => p.lowestSeq)),
      };
    },
    reset: async () => {
      await all("reset");
    },
    sample: () => children[0]!.ask<ChangeBatch | null>("sample"),
    async close() {
      await Promise.all(children.map((c) => c.ask("close").catch(() => {})));
      await Promise.all(children.map((c) => c.stop()));
    },
  };
}
