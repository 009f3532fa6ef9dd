// An analyst combines filters (sector, ownership or non-state, district, size band, union present
// or not, organisations missing, text) and sorts the table by any column: every answer equals an
// independent recount over all enterprises, written in the test without server code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../contract/enterprise.ts";
import { SORT_FIELDS, type Filter } from "../../contract/filter.ts";
import { keyedStats, matchesFilter, naiveStats } from "../support/naive-stats.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let all: Enterprise[];
let analyst: string;
beforeAll(async () => {
  server = await startTestServer({ enterprises: 400 });
  analyst = await server.cookieOf("Analyst", { role: "ANALYST" });
  all = await server.enterprises();
});
afterAll(async () => {
  await server?.close();
});

const get = (p: string) => server.api(p, { headers: { cookie: analyst } });
/** The independent selection: the shared naive matcher plus "union present or not". */
const selects = (e: Enterprise, f: Filter) => matchesFilter(e, f) && (f.union === undefined || e.hasUnion === f.union);

/** Query string → the same filter, parsed by hand (not by the contract). */
function filterOf(query: string): Filter {
  const q = new URLSearchParams(query);
  const f: Filter = {};
  const list = (k: string) => q.get(k)?.split(",");
  if (q.has("district")) f.district = list("district")!.map(Number);
  if (q.has("sector")) f.sector = list("sector");
  if (q.has("ownership")) f.ownership = list("ownership");
  if (q.has("nonState")) f.nonState = q.get("nonState") === "true";
  if (q.has("size")) f.size = list("size");
  if (q.has("missing")) f.missing = list("missing");
  if (q.has("union")) f.union = q.get("union") === "true";
  if (q.has("q")) f.q = q.get("q")!;
  return f;
}

async function checkFilter(query: string) {
  const f = filterOf(query);
  const expected = all.filter((e) => selects(e, f));
  const stats = await get(`/api/stats?${query}`);
  expect(stats.status).toBe(200);
  expect(keyedStats(stats.body as Parameters<typeof keyedStats>[0])).toEqual(naiveStats(expected, {}));
  const listed = await server.enterprises(query);
  expect(listed.map((e) => e.id).sort((a, b) => a - b)).toEqual(expected.map((e) => e.id).sort((a, b) => a - b));
  return expected.length;
}

describe("each filter alone equals a recount", () => {
  const district = () => all[0]!.districtId;
  const single: (() => string)[] = [
    () => `district=${district()}`,
    () => "sector=C",
    () => "sector=C,F,G",
    () => "ownership=FDI",
    () => "ownership=DOMESTIC,COOPERATIVE",
    () => "nonState=true",
    () => "size=lt25",
    () => "size=25-99",
    () => "size=100-499",
    () => "size=500-999",
    () => "size=gte1000",
    () => "union=true",
    () => "union=false",
    () => "missing=union",
    () => "missing=party",
    () => "missing=youth",
    () => "missing=women",
    () => "missing=veterans",
    () => "q=cong%20ty",
  ];
  for (const make of single) {
    const name = make === single[0] ? "one district" : make();
    // Each filter alone selects some of the seeded province, so the comparison says something.
    it(name, async () => {
      expect(await checkFilter(make())).toBeGreaterThan(0);
    });
  }
});

describe("filters combine (AND across kinds, OR within one)", () => {
  const combos = [
    "ownership=FDI&sector=C&size=100-499,500-999,gte1000&missing=youth",
    "nonState=true&union=false&size=25-99,100-499",
    "nonState=true&ownership=STATE",
    "union=true&missing=party,women",
    "union=false&missing=union",
    "union=true&missing=union",
    "sector=C&ownership=FDI&union=true&q=cong",
    "nonState=true&sector=A,C,F,G,H&size=gte1000,500-999&missing=veterans",
  ];
  for (const query of combos)
    it(query, async () => {
      await checkFilter(query);
    });

  it("the issue's selection (FDI, manufacturing, 100+ workers, no Youth Union) is not empty here", async () => {
    expect(await checkFilter(combos[0]!)).toBeGreaterThan(0);
  });

  it("a combination that selects something for every district", async () => {
    const district = [...new Set(all.map((e) => e.districtId))].slice(0, 2).join(",");
    expect(await checkFilter(`district=${district}&nonState=true&union=false`)).toBeGreaterThan(0);
  });

  it("union=false is the same selection as missing=union", async () => {
    expect((await get("/api/stats?union=false")).body).toEqual((await get("/api/stats?missing=union")).body);
  });

  it("a bad union value is refused in the error shape", async () => {
    const r = await get("/api/stats?union=yes");
    expect(r.status).toBe(400);
    expect(errorOf(r).fields).toEqual({ union: "must be true or false" });
  });
});

describe("the table sorts by every column, server-side", () => {
  const value = (e: Enterprise, field: string): number | string | boolean | null =>
    field === "density"
      ? e.headcount > 0
        ? e.unionMembers / e.headcount
        : null
      : (e as unknown as Record<string, number | string | boolean>)[field]!;
  const cmp = (a: number | string | boolean, b: number | string | boolean) => (a < b ? -1 : a > b ? 1 : 0);

  // name sorts by the Vietnamese collation key and priority by a rule; both have their own tests.
  for (const field of SORT_FIELDS.filter((f) => f !== "name" && f !== "priority")) {
    for (const dir of ["", "-"]) {
      it(`${dir}${field}`, async () => {
        const r = await get(`/api/enterprises?nonState=true&sort=${dir}${field}&pageSize=500`);
        expect(r.status).toBe(200);
        const items = (r.body as { items: Enterprise[] }).items;
        const expected = all
          .filter((e) => selects(e, { nonState: true }))
          .sort((a, b) => {
            const va = value(a, field),
              vb = value(b, field);
            // Enterprises without workers have no density: last in either direction.
            if (va === null || vb === null) return va === vb ? a.id - b.id : va === null ? 1 : -1;
            return (dir ? -cmp(va, vb) : cmp(va, vb)) || a.id - b.id;
          });
        expect(items.map((e) => e.id)).toEqual(expected.map((e) => e.id));
      });
    }
  }

  it("pages do not overlap and cover the whole selection", async () => {
    const ids: number[] = [];
    for (let page = 1; page <= 8; page++) {
      const r = await get(`/api/enterprises?sort=-density&pageSize=50&page=${page}`);
      ids.push(...(r.body as { items: Enterprise[] }).items.map((e) => e.id));
    }
    expect(new Set(ids).size).toBe(all.length);
  });
});
