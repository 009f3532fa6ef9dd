// A wall left on for a long time with changes streaming in does not grow: after a warm-up (every
// panel shown once), the DOM node count stays within a small constant slack and the JS heap, after
// a forced garbage collection, within a modest bound. Measured through the Chrome DevTools Protocol.
import type { CDPSession, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Enterprise, EnterpriseList } from "../../contract/enterprise.ts";
import { randomSource } from "../../server/seed/random.ts";
import { simulatedChange } from "../../server/seed/simulated-change.ts";
import { openPage } from "./support/browser.ts";
import { useWallRig, getJson, patchEnterprise, waitLive, wallState } from "./support/wall.ts";

/** Eight panels at 3 s: one full round, so every panel has built its nodes and charts. */
const ROTATE_S = 3;
const WARM_UP_MS = 26_000;
const MEASURE_MS = 32_000;
/** Longer than any highlight (a ticker line's 4 s). */
const QUIET_MS = 4_500;
const CHANGES_PER_SECOND = 4;
/** Nodes that may come and go with the moment of sampling (a line of the ticker, an empty row). */
const NODE_SLACK = 40;
const HEAP_SLACK_BYTES = 3 * 1024 * 1024;

const rig = useWallRig();

interface Sample {
  nodes: number;
  heap: number;
  listeners: number;
  taskSeconds: number;
}

async function sample(cdp: CDPSession): Promise<Sample> {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return {
    nodes: metric("Nodes"),
    heap: metric("JSHeapUsedSize"),
    listeners: metric("JSEventListeners"),
    taskSeconds: metric("TaskDuration"),
  };
}

async function busySeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return metrics.find((m) => m.name === "TaskDuration")?.value ?? Number.NaN;
}

interface ChangeStream {
  /** Waits for the change in flight, then sends nothing until resume(). */
  pause(): Promise<void>;
  resume(): void;
  /** Stops for good; resolves with the number of changes accepted. */
  stop(): Promise<number>;
}

/** Sends simulator-like changes through the API, CHANGES_PER_SECOND, until stopped. */
function streamChanges(base: string): ChangeStream {
  const r = randomSource(20240601);
  let paused = false;
  let stopped = false;
  let accepted = 0;
  let idle: () => void = () => {};
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const done = (async () => {
    const { items } = await getJson<EnterpriseList>(`${base}/api/enterprises?pageSize=400`, rig.auth);
    const current = new Map(items.map((e) => [e.id, e]));
    const ids = [...current.keys()];
    while (!stopped) {
      if (paused) {
        idle();
        await sleep(50);
        continue;
      }
      const started = Date.now();
      const e = current.get(r.pick(ids))!;
      const res = await patchEnterprise(base, rig.auth, e.id, simulatedChange(e, r));
      if (res.status === 200) {
        accepted++;
        current.set(e.id, res.body as Enterprise);
      } else if (res.status === 409) {
        current.set(e.id, (res.body as { error: { current: Enterprise } }).error.current);
      } else {
        throw new Error(`PATCH ${e.id} answered ${res.status}: ${JSON.stringify(res.body)}`);
      }
      await sleep(Math.max(0, 1000 / CHANGES_PER_SECOND - (Date.now() - started)));
    }
    return accepted;
  })();
  return {
    pause: () =>
      new Promise<void>((resolve) => {
        idle = resolve;
        paused = true;
      }),
    resume: () => {
      paused = false;
      idle = () => {};
    },
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

/**
 * Samples at rest, so both samples see the same kind of moment: the last change on screen, its
 * highlights (at most 4 s) over, garbage collected.
 */
async function sampleAtRest(base: string, page: Page, cdp: CDPSession): Promise<Sample> {
  const { seq } = await getJson<{ seq: number }>(`${base}/api/health`, rig.auth);
  await page.waitForFunction((s) => Number(document.documentElement.dataset.seq) >= s, seq, { timeout: 5000 });
  await new Promise((r) => setTimeout(r, QUIET_MS));
  return sample(cdp);
}

describe("the wall display over a long run", () => {
  it("keeps its DOM node count and heap flat while changes stream in and panels rotate", async () => {
    const { page, problems, screenshot } = await openPage(
      rig.browser,
      `${rig.app.url}/wall?rotate=${ROTATE_S}&token=${rig.auth.token}`,
      { width: 1920, height: 1080 },
    );
    await waitLive(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");

    const started = Date.now();
    const stream = streamChanges(rig.app.url);
    await new Promise((r) => setTimeout(r, WARM_UP_MS));
    await stream.pause();
    const warm = await sampleAtRest(rig.app.url, page, cdp);
    stream.resume();

    // Main-thread time in each half of the measured run: flat means the second half costs no more.
    const busy = [await busySeconds(cdp)];
    const at = [Date.now()];
    for (let half = 0; half < 2; half++) {
      await new Promise((r) => setTimeout(r, MEASURE_MS / 2));
      busy.push(await busySeconds(cdp));
      at.push(Date.now());
    }
    const accepted = await stream.stop();
    const end = await sampleAtRest(rig.app.url, page, cdp);
    const halves = [0, 1].map((i) => (busy[i + 1]! - busy[i]!) / ((at[i + 1]! - at[i]!) / 1000));
    const overall = (busy[2]! - busy[0]!) / ((at[2]! - at[0]!) / 1000);

    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    console.info(
      `soak: ${accepted} changes in ${((Date.now() - started) / 1000).toFixed(0)} s; nodes ${warm.nodes} → ${end.nodes}; ` +
        `heap ${(warm.heap / 1e6).toFixed(2)} → ${(end.heap / 1e6).toFixed(2)} MB; listeners ${warm.listeners} → ${end.listeners}; ` +
        `main thread busy ${pct(overall)} while changes streamed (halves ${pct(halves[0]!)}, ${pct(halves[1]!)})`,
    );
    expect(accepted).toBeGreaterThan(((WARM_UP_MS + MEASURE_MS) / 1000) * CHANGES_PER_SECOND * 0.6);
    expect(end.nodes - warm.nodes).toBeLessThanOrEqual(NODE_SLACK);
    expect(end.listeners - warm.listeners).toBeLessThanOrEqual(5);
    expect(end.heap - warm.heap).toBeLessThan(HEAP_SLACK_BYTES);
    // Busy well under half the time (software rendering here, no GPU), and no busier later than earlier.
    expect(overall).toBeLessThan(0.5);
    expect(halves[1]!).toBeLessThan(halves[0]! * 1.5 + 0.05);
    expect((await wallState(page)).stale).toBe(false);
    await screenshot("wall-1920x1080-dark-after-soak");
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
