// Simulator-like changes at a steady rate, for the wall's long run (bench/wall-memory.ts): tens of thousands of them
// in a few minutes. They go through the server's own enterprise service, in the server's process
// and on its change feed, so they reach the wall exactly as an editor's save does (change log,
// aggregates, coalesced Socket.io batches); only the HTTP request in front is left out, which would
// cap the rate at the write limiter's 300 a minute and this machine's CPU.
import type { Enterprise, EnterpriseList } from "../../contract/enterprise.ts";
import type { RunningApp } from "../../server/compose.ts";
import type { Actor } from "../../server/domain/rights.ts";
import { randomSource } from "../../server/seed/random.ts";
import { simulatedChange } from "../../server/seed/simulated-change.ts";
import { enterpriseService } from "../../server/services/enterprises.ts";

export interface ChangeStream {
  /** Changes accepted so far. */
  readonly accepted: number;
  /** Resolves once `count` changes have been accepted. */
  reach(count: number): Promise<void>;
  /** Waits for the change in flight, then sends nothing until resume(). */
  pause(): Promise<void>;
  resume(): void;
  /** Stops for good; resolves with the number of changes accepted. */
  stop(): Promise<number>;
}

const SIMULATOR: Actor = { kind: "user", userId: 1, name: "soak test", role: "ADMIN", districtIds: [] };
const TICK_MS = 50;

/** cookie: a session that may read the enterprise list (the enterprises to change are taken from it). */
export async function streamChanges(app: RunningApp, cookie: string, perSecond: number): Promise<ChangeStream> {
  const service = enterpriseService(app.db, app.feed);
  const res = await fetch(`${app.url}/api/enterprises?pageSize=500`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET /api/enterprises: ${res.status}`);
  const { items } = (await res.json()) as EnterpriseList;
  const admin = await app.db.user.findFirst({ where: { username: "admin" } });
  const by = {
    actor: { ...SIMULATOR, userId: admin?.id ?? 1 },
    source: "session" as const,
    claimedSource: "simulator" as const,
  };
  const current = new Map<number, Enterprise>(items.map((e) => [e.id, e]));
  const ids = [...current.keys()];
  const r = randomSource(20261130);
  let accepted = 0;
  let paused = false;
  let stopped = false;
  let idle: () => void = () => {};
  const waiters: { count: number; resolve: () => void }[] = [];
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** The pace is counted from here; a pause starts it again. */
  let started = Date.now();
  let sent = 0;
  const done = (async () => {
    while (!stopped) {
      if (paused) {
        idle();
        await sleep(TICK_MS);
        continue;
      }
      // Catch up with the clock, but never by more than a second's worth at once.
      const due = Math.min(perSecond, Math.floor(((Date.now() - started) / 1000) * perSecond) - sent);
      for (let i = 0; i < due && !stopped; i++) {
        const e = current.get(r.pick(ids))!;
        current.set(e.id, await service.update(e.id, simulatedChange(e, r), by));
        accepted++;
        sent++;
      }
      for (const w of waiters.filter((w) => accepted >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      await sleep(TICK_MS);
    }
    return accepted;
  })();

  return {
    get accepted() {
      return accepted;
    },
    reach: (count) =>
      accepted >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    pause: () =>
      new Promise<void>((resolve) => {
        idle = resolve;
        paused = true;
      }),
    resume: () => {
      started = Date.now();
      sent = 0;
      paused = false;
      idle = () => {};
    },
    stop: () => {
      stopped = true;
      return done;
    },
  };
}
