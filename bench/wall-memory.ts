// A wall left on for days with changes streaming in must not grow (issue 12). Debian's Chromium
// shows the wall rotating its panels every 3 s; after a warm-up of 1,000 changes (every panel shown
// at least once) 9,000 more stream in at 100 a second, far above a busy province's rate. Compared
// at rest, after a full garbage collection: the DOM nodes, the event listeners, and the JavaScript
// objects of a heap snapshot (without V8's compiled code, which V8 caps and flushes by itself:
// it grew 0.3 MB in an 8-minute soak while the objects the page keeps stayed flat).
import fs from "node:fs";
import path from "node:path";
import type { CDPSession, Page } from "playwright-core";
import { startUnionPulse } from "../server/compose.ts";
import { loadConfig } from "../server/config.ts";
import { DEMO_PASSWORD, issueDisplayToken, login } from "../tests/support/accounts.ts";
import { launchBrowser } from "../tests/e2e/support/browser.ts";
import { streamChanges } from "./support/change-stream.ts";
import type { Measurement } from "./support/context.ts";
import { judged, type Row } from "./support/table.ts";

const ROTATE_S = 3;
const WARM_UP_MIN_MS = 26_000; // eight panels at 3 s: every one has built its nodes and charts
const PER_SECOND = 100;
/** Longer than any highlight (a ticker line's 4 s). */
const QUIET_MS = 4_500;
/** Nodes that may come and go with the moment of sampling (a ticker line, an empty row). */
const NODE_SLACK = 40;
/** 11 bytes a change over 9,000: a ticker line, a Map entry or a closure kept per change (60 bytes
 *  and more) exceeds it, while two snapshots of the same idle page (a few kB apart) stay under. */
const OBJECT_SLACK_BYTES = 100_000;

interface Sample {
  nodes: number;
  /** Runtime.getHeapUsage after GC: compiled code included. */
  heap: number;
  /** Self sizes of the snapshot's JavaScript objects: everything but compiled code and native parts. */
  objects: number;
  listeners: number;
}

async function objectBytes(cdp: CDPSession): Promise<number> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
  const snapshot = JSON.parse(chunks.join("")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
  };
  const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
  const [typeAt, sizeAt] = [fields.indexOf("type"), fields.indexOf("self_size")];
  let bytes = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[0][snapshot.nodes[i + typeAt]!];
    if (type !== "code" && type !== "native") bytes += snapshot.nodes[i + sizeAt]!;
  }
  return bytes;
}

/** At rest, so both samples see the same moment: the last change shown, highlights over, GC twice. */
async function sampleAtRest(page: Page, cdp: CDPSession, base: string, cookie: string): Promise<Sample> {
  const { seq } = (await (await fetch(`${base}/api/health`, { headers: { cookie } })).json()) as { seq: number };
  await page.waitForFunction((s) => Number(document.documentElement.dataset.seq) >= s, seq, { timeout: 30_000 });
  await new Promise((r) => setTimeout(r, QUIET_MS));
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return {
    nodes: metric("Nodes"),
    heap: usedSize,
    objects: await objectBytes(cdp),
    listeners: metric("JSEventListeners"),
  };
}

export const wallMemory: Measurement = {
  name: "wall-memory",
  async run(ctx) {
    const clientDir = path.resolve(import.meta.dirname, "../dist/client/wall.html");
    if (!fs.existsSync(clientDir)) throw new Error("the client is not built: npm run build");
    const total = ctx.quick ? 4_000 : 10_000;
    const warmUp = ctx.quick ? 500 : 1_000;
    const dir = fs.mkdtempSync(path.join(ctx.tmpDir, "wall-"));
    ctx.progress(`wall memory: ${total.toLocaleString("en-US")} changes at ${PER_SECOND}/s`);
    const app = await startUnionPulse(
      loadConfig({ DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_ENTERPRISES: "400" }),
    );
    const browser = await launchBrowser();
    try {
      const cookie = await login(app.url, "admin", DEMO_PASSWORD);
      const token = await issueDisplayToken(app.url, cookie, "bench");
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${app.url}/wall?rotate=${ROTATE_S}&token=${token}`);
      await page.waitForFunction(() => document.documentElement.dataset.connection === "connected", null, {
        timeout: 30_000,
      });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Performance.enable");
      const stream = await streamChanges(app, cookie, PER_SECOND);
      let warm: Sample, warmAt: number, accepted: number;
      try {
        await Promise.all([stream.reach(warmUp), new Promise((r) => setTimeout(r, WARM_UP_MIN_MS))]);
        await stream.pause();
        warm = await sampleAtRest(page, cdp, app.url, cookie);
        warmAt = stream.accepted;
        stream.resume();
        await stream.reach(total);
      } finally {
        accepted = await stream.stop(); // no write may outlive the database removed at the end
      }
      const end = await sampleAtRest(page, cdp, app.url, cookie);
      const measured = accepted - warmAt;
      const what = `over ${measured.toLocaleString("en-US")} changes after ${warmAt.toLocaleString("en-US")}`;
      const kb = (b: number) => `${(b / 1000).toFixed(1)} KB`;
      const row = (measure: string, figure: string, reference: string, target: string) => ({
        measure,
        figure,
        reference,
        target,
      });
      const grew = end.objects - warm.objects;
      return [
        judged(
          row(
            `Wall page objects after GC, growth ${what}`,
            `${kb(grew)} (${(grew / measured).toFixed(1)} B a change)`,
            `${kb(warm.objects)} after the warm-up`,
            `≤ ${kb(OBJECT_SLACK_BYTES)}`,
          ),
          grew,
          { max: OBJECT_SLACK_BYTES, absolute: true },
        ),
        judged(
          row(`  DOM nodes, growth`, `${end.nodes - warm.nodes}`, `${warm.nodes} nodes`, `≤ ${NODE_SLACK}`),
          end.nodes - warm.nodes,
          { max: NODE_SLACK, absolute: true },
        ),
        judged(
          row(`  event listeners, growth`, `${end.listeners - warm.listeners}`, `${warm.listeners}`, "≤ 5"),
          end.listeners - warm.listeners,
          { max: 5, absolute: true },
        ),
        {
          ...row(`  JS heap used after GC (compiled code included)`, kb(end.heap - warm.heap), kb(warm.heap), "—"),
          ratio: "",
          verdict: "info",
        } satisfies Row,
      ];
    } finally {
      await browser.close();
      await app.close();
    }
  },
};
