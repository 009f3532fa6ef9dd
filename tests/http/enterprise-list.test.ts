// A federation officer browsing enterprises: every filter, page and sort order of the list is
// checked against the same question asked of the full list in plain TypeScript.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../contract/enterprise.ts";
import type { Filter } from "../../contract/filter.ts";
import { EnterpriseList } from "../../contract/enterprise.ts";
import { folded, matchesFilter, sizeOf } from "../support/naive-stats.ts";
import { errorOf, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let all: Enterprise[];
beforeAll(async () => {
  server = await startTestServer();
  all = await server.enterprises();
});
afterAll(async () => {
  await server?.close();
});

const idsOf = (list: Enterprise[]) => list.map((e) => e.id).sort((a, b) => a - b);
const mostCommon = <T>(values: T[]): T => {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
};

/** The API's answer for a query equals the naive filter over the full list, and the filter really filters. */
async function expectListMatches(query: string, filter: Filter) {
  const expected = all.filter((e) => matchesFilter(e, filter));
  expect(expected.length, `${query} should keep some enterprises`).toBeGreaterThan(0);
  expect(expected.length, `${query} should drop some enterprises`).toBeLessThan(all.length);
  const got = await server.enterprises(query);
  expect(idsOf(got)).toEqual(idsOf(expected));
  const page = EnterpriseList.parse((await server.api(`/api/enterprises?${query}&pageSize=1`)).body);
  expect(page.total).toBe(expected.length);
}

describe("the enterprise list", () => {
  it("holds every enterprise in the database", async () => {
    expect(all.length).toBe(await server.db.enterprise.count());
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  describe("filters", () => {
    it("by district, one or several", async () => {
      const [a, b] = [...new Set(all.map((e) => e.districtId))];
      await expectListMatches(`district=${a}`, { district: [a!] });
      await expectListMatches(`district=${a},${b}`, { district: [a!, b!] });
    });

    it("by VSIC section", async () => {
      const sector = mostCommon(all.map((e) => e.sector));
      await expectListMatches(`sector=${sector}`, { sector: [sector] });
      await expectListMatches(`sector=${sector},A,G`, { sector: [sector, "A", "G"] });
    });

    it("by ownership", async () => {
      await expectListMatches("ownership=FDI", { ownership: ["FDI"] });
      await expectListMatches("ownership=FDI,COOPERATIVE", { ownership: ["FDI", "COOPERATIVE"] });
    });

    it("non-state only: everything but state enterprises", async () => {
      expect(all.some((e) => e.ownership === "STATE")).toBe(true);
      await expectListMatches("nonState=true", { nonState: true });
      expect((await server.enterprises("nonState=false")).length).toBe(all.length);
    });

    it("by size band, the bands meeting at 25, 100, 500 and 1000 workers", async () => {
      await expectListMatches("size=lt25", { size: ["lt25"] });
      await expectListMatches("size=25-99,gte1000", { size: ["25-99", "gte1000"] });
      for (const size of ["lt25", "25-99", "100-499", "500-999", "gte1000"]) {
        for (const e of await server.enterprises(`size=${size}`)) expect(sizeOf(e.headcount)).toBe(size);
      }
    });

    it("by missing organisations: those that lack ALL the listed ones", async () => {
      await expectListMatches("missing=union", { missing: ["union"] });
      await expectListMatches("missing=party,youth", { missing: ["party", "youth"] });
    });

    it("several filters at once must all hold", async () => {
      const district = mostCommon(all.map((e) => e.districtId));
      await expectListMatches(`district=${district}&nonState=true&size=lt25,25-99&missing=union`, {
        district: [district],
        nonState: true,
        size: ["lt25", "25-99"],
        missing: ["union"],
      });
    });

    it("an empty value means no filter", async () => {
      expect((await server.enterprises("district=&sector=")).length).toBe(all.length);
    });
  });

  describe("search by name or tax code, ignoring accents and case", () => {
    const accented = () => {
      const e =
        all.find((x) => /[đĐ]/.test(x.name) && folded(x.name) !== x.name.toLowerCase()) ??
        all.find((x) => folded(x.name) !== x.name.toLowerCase());
      if (!e) throw new Error("the demo province has no accented name");
      return e;
    };

    it("typed without accents, in capitals, finds the accented name", async () => {
      const e = accented();
      const words = e.name.split(" ").slice(-2).join(" ");
      const typed = folded(words).toUpperCase();
      expect(typed).not.toBe(words);
      const found = await server.enterprises(`q=${encodeURIComponent(typed)}`);
      expect(found.map((x) => x.id)).toContain(e.id);
      expect(idsOf(found)).toEqual(idsOf(all.filter((x) => matchesFilter(x, { q: typed }))));
    });

    it("typed with accents finds the same as without", async () => {
      const words = accented().name.split(" ").slice(-2).join(" ");
      const withAccents = await server.enterprises(`q=${encodeURIComponent(words)}`);
      const without = await server.enterprises(`q=${encodeURIComponent(folded(words))}`);
      expect(withAccents.length).toBeGreaterThan(0);
      expect(idsOf(withAccents)).toEqual(idsOf(without));
    });

    it("đ is found by d", async () => {
      const e = all.find((x) => /Đ|đ/.test(x.name));
      expect(e, "the demo province has a name with Đ").toBeDefined();
      const word = e!.name.split(" ").find((w) => /Đ|đ/.test(w))!;
      const found = await server.enterprises(`q=${encodeURIComponent(word.replace(/Đ/g, "D").replace(/đ/g, "d"))}`);
      expect(found.map((x) => x.id)).toContain(e!.id);
    });

    it("finds an enterprise by the start of its tax code", async () => {
      const e = all[17]!;
      const prefix = e.taxCode.slice(0, 7);
      await expectListMatches(`q=${prefix}`, { q: prefix });
    });

    it("every word must match, in any order", async () => {
      const e = accented();
      const [first, ...rest] = e.name.split(" ");
      const reversed = [...rest.slice(-1), first].join(" ");
      const found = await server.enterprises(`q=${encodeURIComponent(reversed)}`);
      expect(found.map((x) => x.id)).toContain(e.id);
      expect(idsOf(found)).toEqual(idsOf(all.filter((x) => matchesFilter(x, { q: reversed }))));
    });

    it("a search longer than 100 characters is refused, naming q", async () => {
      const r = await server.api(`/api/enterprises?q=${"a".repeat(101)}`);
      expect(r.status).toBe(400);
      expect(errorOf(r).fields).toHaveProperty("q");
    });

    it("a search for a literal % or _ finds only names that contain it, not everything", async () => {
      for (const q of ["%", "_", "38_"]) {
        const expected = all.filter((x) => matchesFilter(x, { q }));
        const found = await server.enterprises(`q=${encodeURIComponent(q)}`);
        expect(found.length, `q=${q}`).toBe(expected.length);
      }
    });
  });

  describe("pages", () => {
    it("page after page gives every enterprise once, in the same order as one big page", async () => {
      const pageSize = 7;
      const seen: number[] = [];
      for (let page = 1; ; page++) {
        const p = EnterpriseList.parse((await server.api(`/api/enterprises?pageSize=${pageSize}&page=${page}`)).body);
        expect(p.total).toBe(all.length);
        expect(p.page).toBe(page);
        expect(p.pageSize).toBe(pageSize);
        if (p.items.length === 0) break;
        expect(p.items.length).toBeLessThanOrEqual(pageSize);
        seen.push(...p.items.map((e) => e.id));
      }
      expect(seen).toEqual(all.map((e) => e.id));
    });

    it("defaults to page 1 of 50", async () => {
      const p = EnterpriseList.parse((await server.api("/api/enterprises")).body);
      expect([p.page, p.pageSize, p.items.length]).toEqual([1, 50, Math.min(50, all.length)]);
    });

    it("accepts up to 500 a page and refuses 501, naming pageSize", async () => {
      expect((await server.api("/api/enterprises?pageSize=500")).status).toBe(200);
      const r = await server.api("/api/enterprises?pageSize=501");
      expect(r.status).toBe(400);
      expect(errorOf(r).fields).toHaveProperty("pageSize");
    });

    it("refuses page 0, a negative or a fractional page, and words", async () => {
      for (const q of ["page=0", "page=-1", "page=1.5", "page=two", "pageSize=0", "pageSize=ten"]) {
        const r = await server.api(`/api/enterprises?${q}`);
        expect(r.status, q).toBe(400);
        expect(Object.keys(errorOf(r).fields ?? {}), q).toEqual([q.split("=")[0]]);
      }
    });

    it("a page past the end is empty but still tells the total", async () => {
      const p = EnterpriseList.parse((await server.api("/api/enterprises?page=1000&pageSize=50")).body);
      expect(p.items).toEqual([]);
      expect(p.total).toBe(all.length);
    });
  });

  describe("sort orders", () => {
    type Key = "taxCode" | "headcount" | "unionMembers" | "districtId" | "sector" | "ownership" | "updatedAt";
    const byField = (key: Key, a: Enterprise, b: Enterprise) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0);

    for (const key of [
      "taxCode",
      "headcount",
      "unionMembers",
      "districtId",
      "sector",
      "ownership",
      "updatedAt",
    ] as const) {
      it(`by ${key}, ascending and descending, ties by id`, async () => {
        const up = await server.enterprises(`sort=${key}`);
        expect(up.map((e) => e.id)).toEqual(
          [...all].sort((a, b) => byField(key, a, b) || a.id - b.id).map((e) => e.id),
        );
        const down = await server.enterprises(`sort=-${key}`);
        expect(down.map((e) => e.id)).toEqual(
          [...all].sort((a, b) => byField(key, b, a) || a.id - b.id).map((e) => e.id),
        );
      });
    }

    it("priority: enterprises without a union first, the largest first", async () => {
      const priority = (a: Enterprise, b: Enterprise) =>
        Number(a.hasUnion) - Number(b.hasUnion) || b.headcount - a.headcount || a.id - b.id;
      const got = await server.enterprises("sort=priority");
      expect(got.map((e) => e.id)).toEqual([...all].sort(priority).map((e) => e.id));
      expect(got[0]!.hasUnion).toBe(false);
    });

    it("by name, in Vietnamese alphabetical order as a reader expects it", async () => {
      // Letters in Vietnamese order (a ă â b c d đ e ê …); tone marks and case may tie.
      const vi = new Intl.Collator("vi", { sensitivity: "base" });
      const names = (await server.enterprises("sort=name")).map((e) => e.name);
      const outOfOrder = names.findIndex((n, i) => i > 0 && vi.compare(names[i - 1]!, n) > 0);
      expect(outOfOrder, `"${names[outOfOrder - 1]}" is listed before "${names[outOfOrder]}"`).toBe(-1);
    });

    it("refuses an unknown sort key, naming sort", async () => {
      const r = await server.api("/api/enterprises?sort=salary");
      expect(r.status).toBe(400);
      expect(errorOf(r).fields).toHaveProperty("sort");
    });
  });
});
