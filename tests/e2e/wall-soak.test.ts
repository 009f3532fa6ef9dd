// A wall left on for a long time with changes streaming in does not grow: after a warm-up (every
// panel shown once), the DOM node count stays within a small constant slack and the JS heap, after
// a forced garbage collection, within a modest bound. Measured through the Chrome DevTools Protocol.
import type { Browser, CDPSession } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise, EnterpriseList } from "../../contract/enterprise.ts";
import type { RunningApp } from "../../server/compose.ts";
import { randomSource } from "../../server/seed/random.ts";
import { simulatedChange } from "../../server/seed/simulated-change.ts";
import { launchBrowser, openPage } from "./support/browser.ts";
import { appHome, credentials, getJson, patchEnterprise, waitLive, wallState, type AppHome, type Credentials } from "./support/wall.ts";

/** Eight panels at 3 s: one full round, so every panel has built its nodes and charts. */
const ROTATE_S = 3;
const WARM_UP_MS = 26_000;
const MEASURE_MS = 36_000;
const CHANGES_PER_SECOND = 4;
/** Nodes that may come and go with the moment of sampling (a line of the ticker, an empty row). */
const NODE_SLACK = 40;
const HEAP_SLACK_BYTES = 3 * 1024 * 1024;

let home: AppHome;
let app: RunningApp;
let browser: Browser;
let auth: Credentials;

beforeAll(async () => {
  home = appHome();
  app = await home.start();
  auth = await credentials(app.url);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  home?.remove();
});

interface Sample { nodes: number; heap: number; listeners: number; taskSeconds: number }

async function sample(cdp: CDPSession): Promise<Sample> {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { nodes: metric("Nodes"), heap: metric("JSHeapUsedSize"), listeners: metric("JSEventListeners"), taskSeconds: metric("TaskDuration") };
}

/** Sends simulator-like changes through the API until `until`; returns how many were accepted. */
async function streamChanges(base: string, until: number): Promise<number> {
  const r = randomSource(20240601);
  const { items } = await getJson<EnterpriseList>(`${base}/api/enterprises?pageSize=400`, auth);
  const current = new Map(items.map((e) => [e.id, e]));
  const ids = [...current.keys()];
  let accepted = 0;
  while (Date.now() < until) {
    const started = Date.now();
    const e = current.get(r.pick(ids))!;
    const res = await patchEnterprise(base, auth, e.id, simulatedChange(e, r));
    if (res.status === 200) {
      accepted++;
      current.set(e.id, res.body as Enterprise);
    } else if (res.status === 409) {
      current.set(e.id, (res.body as { error: { current: Enterprise } }).error.current);
    } else {
      throw new Error(`PATCH ${e.id} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / CHANGES_PER_SECOND - (Date.now() - started))));
  }
  return accepted;
}

describe("the wall display over a long run", () => {
  it("keeps its DOM node count and heap flat while changes stream in and panels rotate", async () => {
    const { page, problems, screenshot } = await openPage(browser, `${app.url}/wall?rotate=${ROTATE_S}&token=${auth.token}`, { width: 1920, height: 1080 });
    await waitLive(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");

    const started = Date.now();
    const stream = streamChanges(app.url, started + WARM_UP_MS + MEASURE_MS);
    await new Promise((r) => setTimeout(r, WARM_UP_MS));
    const warm = await sample(cdp);
    const warmAt = Date.now();
    const accepted = await stream;
    // Let the last batch arrive, then measure at rest.
    const { seq } = await getJson<{ seq: number }>(`${app.url}/api/health`, auth);
    await page.waitForFunction((s) => Number(document.documentElement.dataset.seq) >= s, seq, { timeout: 5000 });
    const end = await sample(cdp);
    const measuredS = (Date.now() - warmAt) / 1000;

    console.info(`soak: ${accepted} changes in ${((Date.now() - started) / 1000).toFixed(0)} s; nodes ${warm.nodes} → ${end.nodes}; ` +
      `heap ${(warm.heap / 1e6).toFixed(2)} → ${(end.heap / 1e6).toFixed(2)} MB; listeners ${warm.listeners} → ${end.listeners}; ` +
      `main-thread busy ${((end.taskSeconds - warm.taskSeconds) / measuredS * 100).toFixed(1)} % of the measured time`);
    expect(accepted).toBeGreaterThan((WARM_UP_MS + MEASURE_MS) / 1000 * CHANGES_PER_SECOND * 0.6);
    expect(end.nodes - warm.nodes).toBeLessThanOrEqual(NODE_SLACK);
    expect(end.listeners - warm.listeners).toBeLessThanOrEqual(5);
    expect(end.heap - warm.heap).toBeLessThan(HEAP_SLACK_BYTES);
    // Busy well under half the time: rendering a few batches a second must stay cheap.
    expect((end.taskSeconds - warm.taskSeconds) / measuredS).toBeLessThan(0.5);
    expect((await wallState(page)).stale).toBe(false);
    await screenshot("wall-1920x1080-dark-after-soak");
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
