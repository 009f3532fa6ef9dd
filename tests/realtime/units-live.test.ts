// An open dashboard follows a reorganisation without a reload: a merge arrives as a `units` event
// (the province and every unit, the retired ones marked) and the enterprises it moved arrive as an
// ordinary change batch, one change each, with figures whose province totals did not move.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UnitsEvent } from "../../contract/events.ts";
import { MergeResult } from "../../contract/units.ts";
import { openDashboard, type Dashboard } from "../support/live.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let d: Dashboard | undefined;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 80 });
}, 120_000);
afterAll(async () => {
  d?.close();
  await server?.close();
});

describe("a merge, live", () => {
  it("reaches an open socket as a units event plus the moved enterprises", async () => {
    d = await openDashboard(server.url, { cookie: await server.cookieOf("local") });
    const snapshot = await d.follow({});
    const events: UnitsEvent[] = [];
    d.socket.on("units", (e) => events.push(e));
    const units = await server.districts();
    const [a, b] = [units.find((u) => u.code === "AP06")!, units.find((u) => u.code === "AP07")!];
    const inA = await server.enterprises(`district=${a.id}`);
    expect(inA.length).toBeGreaterThan(0);

    const r = await server.api("/api/districts/merge", {
      method: "POST",
      json: { sourceIds: [a.id], into: b.id, effectiveDate: "2026-11-01" },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const merged = MergeResult.parse(r.body);
    expect(merged.movedEnterprises).toBe(inA.length);

    const batch = await d.batchReaching(snapshot.stats.seq + inA.length, 10_000);
    const moved = d.batches.flatMap((x) => x.enterprises).filter((e) => inA.some((m) => m.id === e.id));
    expect(moved.map((e) => e.id).sort()).toEqual(inA.map((e) => e.id).sort());
    expect(moved.every((e) => e.districtId === b.id)).toBe(true);
    expect(d.batches.flatMap((x) => x.changes ?? []).every((c) => c.diff.districtId?.[1] === b.id)).toBe(true);
    expect(batch.stats.totals).toEqual(snapshot.stats.totals);
    expect(batch.stats.byDistrict.find((x) => x.districtId === a.id)).toBeUndefined();

    await expect.poll(() => events.length).toBeGreaterThan(0);
    const last = events.at(-1)!;
    expect(last.province).toMatchObject({ code: "AP" });
    expect(last.districts.find((u) => u.id === a.id)).toMatchObject({ active: false, validTo: "2026-11-01" });
    expect(last.districts.some((u) => !u.active && u.kind === "DISTRICT")).toBe(true);
  });
});
