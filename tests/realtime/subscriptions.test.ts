// Each dashboard chooses its own filter, a wrong filter is refused with the field named, and a
// dashboard that lost its connection catches up on what it missed when it subscribes again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enterprise } from "../../contract/enterprise.ts";
import type { FilterQuery } from "../../contract/filter.ts";
import { ApiError } from "../../contract/errors.ts";
import { openDashboard, sleep, type Dashboard } from "../support/live.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let all: Enterprise[];
const dashboards: Dashboard[] = [];
beforeAll(async () => {
  server = await startTestServer();
  all = await server.enterprises();
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
const touched = new Set<number>();
async function save(e: Enterprise, change: Record<string, unknown>) {
  expect(touched.has(e.id), "each enterprise is saved once per file").toBe(false);
  touched.add(e.id);
  const r = await server.patch(e.id, { version: e.version, ...change });
  expect(r.status).toBe(200);
  return Enterprise.parse(r.body);
}

describe("dashboards with different filters", () => {
  it("each receives the figures for its own filter", async () => {
    const e = all.find((x) => x.ownership !== "STATE" && x.hasUnion && x.unionMembers < x.headcount)!;
    const district = e.districtId;
    const nonState = await dashboard();
    const oneDistrict = await dashboard();
    const s1 = await nonState.follow({ nonState: "true" });
    const s2 = await oneDistrict.follow({ district: String(district) });
    expect(s1.stats.totals).not.toEqual(s2.stats.totals);

    await save(e, { unionMembers: e.unionMembers + 1 });
    const b1 = await nonState.batchReaching(s1.stats.seq + 1);
    const b2 = await oneDistrict.batchReaching(s2.stats.seq + 1);
    expect(b1.stats).toEqual(await server.stats("nonState=true"));
    expect(b2.stats).toEqual(await server.stats(`district=${district}`));
    expect(b1.stats.totals.unionMembers).toBe(s1.stats.totals.unionMembers + 1);
    expect(b2.stats.totals.unionMembers).toBe(s2.stats.totals.unionMembers + 1);
    expect(b2.stats.byDistrict.map((r) => r.districtId)).toEqual([district]);
  });

  it("subscribing again replaces the filter", async () => {
    const d = await dashboard();
    await d.follow({ ownership: "FDI" });
    const snapshot = await d.follow({ ownership: "STATE" });
    const e = all.find((x) => x.ownership === "STATE" && !touched.has(x.id))!;
    await save(e, { initiatives: e.initiatives + 2 });
    const batch = await d.batchReaching(snapshot.stats.seq + 1);
    expect(batch.stats).toEqual(await server.stats("ownership=STATE"));
    expect(batch.stats.byOwnership.map((r) => r.ownership)).toEqual(["STATE"]);
  });
});

describe("a filter that is not valid", () => {
  const cases: [string, unknown, string][] = [
    ["a district that is not an id", { district: "abc" }, "district"],
    ["VSIC section Z", { sector: "Z" }, "sector"],
    ["an unknown ownership", { ownership: "PRIVATE" }, "ownership"],
    ["nonState that is not true or false", { nonState: "yes" }, "nonState"],
    ["a text search (live figures cannot search text)", { q: "an phat" }, "q"],
    ["an unknown filter", { colour: "red" }, "colour"],
  ];
  for (const [story, filter, field] of cases) {
    it(`${story} gets an error naming ${field}`, async () => {
      const d = await dashboard();
      const reply = await d.subscribe(filter as FilterQuery);
      expect("ok" in reply).toBe(false);
      const { error } = ApiError.parse(reply);
      expect(error.code).toBe("VALIDATION");
      const named = Object.keys(error.fields ?? {});
      expect(
        named.some((n) => n === field || n.startsWith(`${field}.`)),
        named.join(", "),
      ).toBe(true);
    });
  }

  it("a refused filter subscribes to nothing", async () => {
    const d = await dashboard();
    const watcher = await dashboard();
    const snapshot = await watcher.follow({});
    await d.subscribe({ sector: "Z" } as unknown as FilterQuery);
    const e = all.find((x) => !touched.has(x.id))!;
    await save(e, { initiatives: e.initiatives + 1 });
    await watcher.batchReaching(snapshot.stats.seq + 1);
    await sleep(50);
    expect(d.batches).toEqual([]);
  });
});

describe("a dashboard that lost its connection", () => {
  it("re-subscribes and gets a snapshot that includes the changes made while it was away", async () => {
    const d = await dashboard();
    const before = await d.follow({ nonState: "true" });
    d.socket.disconnect();

    const away = all.filter((x) => x.ownership !== "STATE" && !touched.has(x.id)).slice(0, 3);
    let last: Enterprise | undefined;
    for (const e of away) last = await save(e, { initiatives: e.initiatives + 5 });
    await sleep(150);
    expect(d.batches).toEqual([]);

    await d.connect();
    const after = await d.follow({ nonState: "true" });
    expect(after.stats.seq).toBe(before.stats.seq + 3);
    expect(after.stats.totals.initiatives).toBe(before.stats.totals.initiatives + 15);
    expect(after.stats).toEqual(await server.stats("nonState=true"));
    expect(after.at).toBe(last!.updatedAt);

    const next = all.find((x) => x.ownership !== "STATE" && !touched.has(x.id))!;
    await save(next, { initiatives: next.initiatives + 1 });
    const batch = await d.batchReaching(after.stats.seq + 1);
    expect(batch.fromSeq).toBe(after.stats.seq + 1);
  });
});
