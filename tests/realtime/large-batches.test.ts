// A bulk change (an import of a whole district's sheet) must not flood the dashboards: above 200
// enterprises a batch carries none, says truncated, and dashboards refetch what they show.
// No HTTP endpoint writes in bulk yet, so the changes are handed to the server's change feed the
// way a bulk import will hand them, each enterprise "changed" to what it already is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../contract/enterprise.ts";
import type { AppliedChange } from "../../server/services/change-feed.ts";
import { MAX_ENTERPRISES_PER_BATCH } from "../../server/realtime/broadcast.ts";
import { openDashboard, type Dashboard } from "../support/live.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let dashboard: Dashboard;
let all: Enterprise[];
beforeAll(async () => {
  server = await startTestServer({ enterprises: MAX_ENTERPRISES_PER_BATCH + 10 });
  all = await server.enterprises();
  dashboard = await openDashboard(server.url, { cookie: await server.cookieOf("local") });
});
afterAll(async () => {
  dashboard?.close();
  await server?.close();
});

function publishUnchanged(enterprises: Enterprise[]): { fromSeq: number; toSeq: number } {
  const first = server.app.feed.seq + 1;
  const at = new Date();
  const changes: AppliedChange[] = enterprises.map((e, i) => ({ seq: first + i, at, before: e, after: e }));
  server.app.feed.publish(changes);
  return { fromSeq: first, toSeq: first + enterprises.length - 1 };
}

describe("bulk changes", () => {
  it("200 enterprises in one batch are all sent; 201 are not, and the batch says truncated", async () => {
    expect(all.length).toBeGreaterThan(MAX_ENTERPRISES_PER_BATCH);
    const snapshot = await dashboard.follow({});

    const full = publishUnchanged(all.slice(0, MAX_ENTERPRISES_PER_BATCH));
    const first = await dashboard.batchReaching(full.toSeq);
    expect([first.fromSeq, first.toSeq]).toEqual([snapshot.stats.seq + 1, full.toSeq]);
    expect(first.truncated).toBe(false);
    expect(first.enterprises.map((e) => e.id).sort((a, b) => a - b)).toEqual(
      all
        .slice(0, MAX_ENTERPRISES_PER_BATCH)
        .map((e) => e.id)
        .sort((a, b) => a - b),
    );

    const over = publishUnchanged(all.slice(0, MAX_ENTERPRISES_PER_BATCH + 1));
    const second = await dashboard.batchReaching(over.toSeq);
    expect([second.fromSeq, second.toSeq]).toEqual([over.fromSeq, over.toSeq]);
    expect(second.truncated).toBe(true);
    expect(second.enterprises).toEqual([]);
    // Nothing really changed, so the figures are those of the snapshot but for the sequence number.
    expect({ ...second.stats, seq: 0 }).toEqual({ ...snapshot.stats, seq: 0 });
    expect(second.stats.seq).toBe(over.toSeq);
  });
});
