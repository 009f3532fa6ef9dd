// A dashboard on the wall follows the figures live: every saved change reaches it, in sequence
// order, coalesced into at most one batch per 100 ms, with the figures for its own filter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideBatch } from "../../client/src/live.ts";
import type { ChangeBatch, Snapshot } from "../../contract/events.ts";
import { Enterprise } from "../../contract/enterprise.ts";
import { openDashboard, sleep, type Dashboard } from "../support/live.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let pool: Enterprise[];
const dashboards: Dashboard[] = [];
beforeAll(async () => {
  server = await startTestServer();
  pool = (await server.enterprises("nonState=true")).filter((e) => e.headcount > 0);
});
afterAll(async () => {
  for (const d of dashboards) d.close();
  await server?.close();
});

async function dashboard(on = server) {
  const d = await openDashboard(on.url, { cookie: await on.cookieOf("local") });
  dashboards.push(d);
  return d;
}
/** One more initiative for an enterprise not touched before in this file. */
async function save(on = server, from = pool) {
  const e = from.shift()!;
  const r = await on.patch(e.id, { version: e.version, initiatives: e.initiatives + 1 });
  expect(r.status).toBe(200);
  return Enterprise.parse(r.body);
}

/** What a page shows after its snapshot and these batches, each taken as client/src/live.ts takes it. */
function followAsThePageDoes(snapshot: Snapshot, batches: ChangeBatch[]) {
  let seq = snapshot.stats.seq;
  let stats = snapshot.stats;
  const resyncs: number[] = [];
  /** Sequence numbers of the changes the page learnt of after its snapshot, in order, repeats kept. */
  const learnt: number[] = [];
  for (const b of batches) {
    const decision = decideBatch(seq, b);
    if (decision === "resync") resyncs.push(b.fromSeq);
    if (decision !== "apply") continue;
    learnt.push(...(b.changes ?? []).map((c) => c.seq).filter((s) => s > seq));
    seq = b.toSeq;
    stats = b.stats;
  }
  return { seq, stats, resyncs, learnt };
}

describe("following the figures live", () => {
  it("a saved change arrives as the next batch, with the enterprise and the new figures", async () => {
    const d = await dashboard();
    const snapshot = await d.follow({ nonState: "true" });
    expect(snapshot.stats).toEqual(await server.stats("nonState=true"));

    const saved = await save();
    const batch = await d.batchReaching(snapshot.stats.seq + 1);
    expect(batch.fromSeq).toBe(snapshot.stats.seq + 1);
    expect(batch.toSeq).toBe(batch.fromSeq);
    expect(batch.truncated).toBe(false);
    expect(batch.enterprises).toEqual([saved]);
    expect(batch.stats.seq).toBe(batch.toSeq);
    expect(batch.stats.totals.initiatives).toBe(snapshot.stats.totals.initiatives + 1);
    expect(batch.stats).toEqual(await server.stats("nonState=true"));
    expect(batch.at).toBe(saved.updatedAt);
  });

  it("a burst of 20 saves arrives as far fewer batches, contiguous, covering all 20", async () => {
    const d = await dashboard();
    const snapshot = await d.follow({ nonState: "true" });
    const first = snapshot.stats.seq + 1;

    const started = Date.now();
    const saved = await Promise.all(Array.from({ length: 20 }, () => save()));
    const elapsed = Date.now() - started;
    await d.batchReaching(first + 19);
    await sleep(250); // nothing more may follow

    const batches = d.batches;
    expect(batches.length).toBeLessThan(20);
    // At most one batch per 100 ms while the saves went on, and one more for the last of them.
    expect(batches.length).toBeLessThanOrEqual(Math.floor(elapsed / 100) + 2);
    expect(batches[0]!.fromSeq).toBe(first);
    for (let i = 1; i < batches.length; i++) expect(batches[i]!.fromSeq).toBe(batches[i - 1]!.toSeq + 1);
    expect(batches.at(-1)!.toSeq).toBe(first + 19);
    const ids = new Set(batches.flatMap((b) => b.enterprises.map((e) => e.id)));
    expect([...ids].sort()).toEqual(saved.map((e) => e.id).sort());
    expect(batches.at(-1)!.stats).toEqual(await server.stats("nonState=true"));
  });

  it("a socket that has not subscribed receives no batches", async () => {
    const idle = await dashboard();
    const watcher = await dashboard();
    const snapshot = await watcher.follow({});
    await save();
    await watcher.batchReaching(snapshot.stats.seq + 1);
    await sleep(50);
    expect(idle.batches).toEqual([]);
  });
});

describe("a dashboard that subscribes while a change is held back for the next batch", () => {
  // A window of seconds instead of 100 ms, so the subscription lands inside it every time, not by luck.
  const WINDOW_MS = 1500;
  let held: TestServer;
  let enterprises: Enterprise[];
  beforeAll(async () => {
    held = await startTestServer({ env: { LIVE_COALESCE_MS: String(WINDOW_MS) } });
    enterprises = (await held.enterprises("nonState=true")).filter((e) => e.headcount > 0);
  });
  afterAll(async () => {
    await held?.close();
  });

  it("applies the next batch over its snapshot without resyncing: every change once, none lost", async () => {
    const early = await dashboard(held);
    const start = (await early.follow({})).stats.seq;
    const a = await save(held, enterprises); // the first change of a quiet period goes out at once…
    await early.batchReaching(start + 1);
    const b = await save(held, enterprises); // …and opens the window: this one is held back
    // A filter nobody follows yet: its room and figures are made inside the window.
    const late = await dashboard(held);
    const snapshot = await late.follow({ nonState: "true" });
    // The race: the late dashboard's figures include the held-back change, which no dashboard has yet.
    expect(snapshot.stats.seq).toBe(start + 2);
    expect(early.batches.map((x) => x.toSeq)).toEqual([start + 1]);
    const c = await save(held, enterprises);
    await late.batchReaching(start + 3, WINDOW_MS + 5000);
    await early.batchReaching(start + 3, WINDOW_MS + 5000);
    const now = await held.stats("");
    const nowNonState = await held.stats("nonState=true");

    // The held batch overlaps the late snapshot by the held-back change (contract/events.ts allows it).
    expect(late.batches.map((x) => [x.fromSeq, x.toSeq])).toEqual([[start + 2, start + 3]]);
    const shown = followAsThePageDoes(snapshot, late.batches);
    expect(shown.resyncs, "the late dashboard resubscribed at these batches").toEqual([]);
    expect(shown.seq).toBe(start + 3);
    expect(shown.learnt).toEqual([start + 3]);
    expect(late.batches[0]!.enterprises.find((e) => e.id === c.id)).toEqual(c);
    expect(shown.stats).toEqual(nowNonState);
    expect(shown.stats.totals.initiatives).toBe(snapshot.stats.totals.initiatives + 1);

    // The early dashboard got all three changes once each, in contiguous batches.
    expect(early.batches.map((x) => [x.fromSeq, x.toSeq])).toEqual([
      [start + 1, start + 1],
      [start + 2, start + 3],
    ]);
    const fromStart = followAsThePageDoes({ stats: { ...now, seq: start }, at: null }, early.batches);
    expect(fromStart.resyncs).toEqual([]);
    expect(fromStart.learnt).toEqual([start + 1, start + 2, start + 3]);
    expect(early.batches.flatMap((x) => x.enterprises.map((e) => e.id))).toEqual([a.id, b.id, c.id]);
    expect(fromStart.stats).toEqual(now);
  });
});
