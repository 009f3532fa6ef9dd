// A dashboard on the wall follows the figures live: every saved change reaches it, in sequence
// order, coalesced into at most one batch per 100 ms, with the figures for its own filter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

async function dashboard() {
  const d = await openDashboard(server.url, { cookie: await server.cookieOf("local") });
  dashboards.push(d);
  return d;
}
/** One more initiative for an enterprise not touched before in this file. */
async function save() {
  const e = pool.shift()!;
  const r = await server.patch(e.id, { version: e.version, initiatives: e.initiatives + 1 });
  expect(r.status).toBe(200);
  return Enterprise.parse(r.body);
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

  it("a dashboard that subscribes while a batch is being coalesced can apply the next batch without resyncing", async () => {
    const early = await dashboard();
    let seen = (await early.follow({})).stats.seq;
    // The race needs a subscription inside a 100 ms window; try a few times until one lands in it.
    for (let attempt = 1; attempt <= 5; attempt++) {
      const late = await dashboard();
      await sleep(150); // a quiet period: the next save goes out at once and opens a coalescing interval
      await save();
      await save(); // held back until the interval ends
      const snapshot = await late.follow({}); // its figures already include the held-back save
      const subscribedAt = Date.now();
      await save();
      await late.batchReaching(snapshot.stats.seq + 1);
      const heldBatch = await early.batchReaching(seen + 2);
      seen += 3;
      const ranges = JSON.stringify(late.batches.map((b) => [b.fromSeq, b.toSeq]));
      // The protocol (contract/events.ts): a batch may overlap the snapshot, but never skip past it,
      // and every batch carries current figures, so the dashboard applies it instead of resyncing.
      const first = late.batches[0]!;
      expect(
        first.fromSeq,
        `attempt ${attempt}: snapshot at seq ${snapshot.stats.seq}, then batches ${ranges}`,
      ).toBeLessThanOrEqual(snapshot.stats.seq + 1);
      expect(first.toSeq, `attempt ${attempt}: ${ranges}`).toBeGreaterThan(snapshot.stats.seq);
      expect(late.batches.at(-1)!.stats).toEqual(await server.stats(""));
      // The race was run when the held-back save reached the early dashboard only after the late one subscribed.
      if (early.arrivals[early.batches.indexOf(heldBatch)]! > subscribedAt) break;
    }
  });
});
