// What talks to a deployment: the typed API calls the tests make, and a dashboard's live
// connection (socket.io-client, typed by the contract) that records every batch it receives.
import { io, type Socket } from "socket.io-client";
import { Enterprise, EnterpriseList } from "../../../contract/enterprise.ts";
import type {
  ChangeBatch,
  ClientToServerEvents,
  ServerToClientEvents,
  Snapshot,
  UnitsEvent,
} from "../../../contract/events.ts";
import type { FilterQuery } from "../../../contract/filter.ts";
import { Stats } from "../../../contract/stats.ts";
import { DEMO_PASSWORD, login } from "../../support/accounts.ts";

// Every deployment here is a demo start, with the demo accounts: each base gets one administrator session.
const sessions = new Map<string, Promise<string>>();
const cookieFor = (base: string) => {
  let c = sessions.get(base);
  if (!c) {
    c = login(base, "admin", DEMO_PASSWORD);
    sessions.set(base, c);
    c.catch(() => sessions.delete(base));
  }
  return c;
};
const authed = async (base: string) => ({ cookie: await cookieFor(base) });

export async function getEnterprise(base: string, id: number): Promise<Enterprise> {
  const res = await fetch(`${base}/api/enterprises/${id}`, { headers: await authed(base) });
  if (res.status !== 200) throw new Error(`GET enterprise ${id} from ${base}: ${res.status}`);
  return Enterprise.parse(await res.json());
}

export async function listEnterprises(base: string, query = ""): Promise<Enterprise[]> {
  const res = await fetch(`${base}/api/enterprises?${query}`, { headers: await authed(base) });
  if (res.status !== 200) throw new Error(`GET /api/enterprises?${query} from ${base}: ${res.status}`);
  return EnterpriseList.parse(await res.json()).items;
}

export async function getStats(base: string): Promise<Stats> {
  const res = await fetch(`${base}/api/stats`, { headers: await authed(base) });
  if (res.status !== 200) throw new Error(`GET /api/stats from ${base}: ${res.status}`);
  return Stats.parse(await res.json());
}

export async function patch(
  base: string,
  id: number,
  change: Record<string, unknown>,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}/api/enterprises/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", ...(await authed(base)) },
    body: JSON.stringify(change),
  });
  return { status: res.status, body: await res.json() };
}

/** POST a JSON body as the demo administrator. */
export async function post(base: string, pathname: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(await authed(base)) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export interface Dashboard {
  batches: ChangeBatch[];
  /** Every `units` event received (after a province or unit change anywhere in the cluster). */
  units: UnitsEvent[];
  snapshot: Snapshot;
  /** The first batch whose toSeq reaches seq (already received or still to come). */
  batchReaching(seq: number, timeoutMs?: number): Promise<ChangeBatch>;
  close(): void;
}

/** Connects like the dashboard does (websocket, or the browser's default polling-then-upgrade) and subscribes. */
export async function openDashboard(
  base: string,
  filter: FilterQuery = {},
  transports: ("websocket" | "polling")[] = ["websocket"],
): Promise<Dashboard> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(base, {
    transports,
    reconnection: false,
    forceNew: true,
    timeout: 5000,
    extraHeaders: await authed(base),
  });
  const batches: ChangeBatch[] = [];
  socket.on("changes", (b) => batches.push(b));
  const units: UnitsEvent[] = [];
  socket.on("units", (e) => units.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const reply = await socket.timeout(5000).emitWithAck("subscribe", filter);
  if (!("ok" in reply)) throw new Error(`subscribe refused: ${JSON.stringify(reply)}`);
  return {
    batches,
    units,
    snapshot: reply.ok,
    batchReaching(seq, timeoutMs = 10_000) {
      const found = batches.find((b) => b.toSeq >= seq);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onBatch = (b: ChangeBatch) => {
          if (b.toSeq < seq) return;
          clearTimeout(timer);
          socket.off("changes", onBatch);
          resolve(b);
        };
        const timer = setTimeout(() => {
          socket.off("changes", onBatch);
          reject(
            new Error(
              `no batch reached seq ${seq} within ${timeoutMs} ms; got ${JSON.stringify(batches.map((b) => [b.fromSeq, b.toSeq]))}`,
            ),
          );
        }, timeoutMs);
        socket.on("changes", onBatch);
      });
    },
    close: () => {
      socket.close();
    },
  };
}

/** null when the batches follow one another without a gap or an overlap from the snapshot on; else the first break. */
export function sequenceGap(d: Dashboard): string | null {
  let last = d.snapshot.stats.seq;
  for (const b of d.batches) {
    if (b.fromSeq !== last + 1 || b.toSeq < b.fromSeq) return `batch ${b.fromSeq}..${b.toSeq} after ${last}`;
    last = b.toSeq;
  }
  return null;
}
