// Reads of a whole selection in small pieces (so none holds the event loop) give what one read
// would, on SQLite and on PostgreSQL. An analyst's download holds exactly the table she sees, in
// its order, for every sort key both ways, although the export reads it a few rows at a time:
// values shared by many enterprises (ties) run across the page boundaries, the enterprises without
// workers (no density) come last, erased records appear in neither. A text search's figures are
// summed from the same rows whether read at once or in small windows of ids.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SORT_FIELDS, type Filter } from "../../contract/filter.ts";
import { migrate, openDatabase, type Db } from "../../server/db/database.ts";
import { countedEnterprises, listEnterprises } from "../../server/db/enterprise-queries.ts";
import { enterprisesInOrder } from "../../server/db/export-queries.ts";
import { createTestDatabase, type TestDatabase } from "../scale/support/postgres.ts";

const COUNT = 140;
const PAGE = 7;
const SECTORS = ["C", "F", "G"];
const OWNERSHIPS = ["STATE", "DOMESTIC", "FDI", "COOPERATIVE"];
const DAYS = [new Date("2026-01-05T08:00:00Z"), new Date("2026-03-01T08:00:00Z"), new Date("2026-11-30T08:00:00Z")];

/** A small province where every sort key has many ties (a few values each), reproducibly. */
async function fill(db: Db) {
  let s = 20261130;
  const pick = <T>(xs: readonly T[]): T => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return xs[Math.floor(s / 65_536) % xs.length]!;
  };
  const province = await db.province.create({ data: { code: "99", name: "Thử" } });
  const districts = await Promise.all(
    ["A", "B", "C"].map((code) =>
      db.district.create({ data: { code, name: `Huyện ${code}`, provinceId: province.id } }),
    ),
  );
  await db.enterprise.createMany({
    data: Array.from({ length: COUNT }, (_, i) => {
      const headcount = pick([0, 10, 20, 40]);
      const unionMembers = headcount ? pick([0, 5, 10]) : 0;
      const name = pick(["Công ty An", "Công ty Bình", "Đại Phát", "Công ty An"]);
      return {
        taxCode: `01${String(i).padStart(8, "0")}`,
        name,
        searchText: name.toLowerCase(),
        sortName: name.toLowerCase(),
        districtId: pick(districts).id,
        sector: pick(SECTORS),
        ownership: pick(OWNERSHIPS),
        headcount,
        unionMembers,
        density: headcount ? unionMembers / headcount : null,
        hasUnion: pick([true, false]),
        hasParty: pick([true, false]),
        hasYouthUnion: pick([true, false]),
        hasWomenUnion: pick([true, false]),
        hasVeterans: pick([true, false]),
        partyRecommended: pick([0, 0, 0, 2]),
        partyAdmitted: pick([0, 1]),
        initiatives: pick([0, 0, 3]),
        updatedAt: pick(DAYS),
        updatedBy: "test",
        // A few records erased by an administrator: gone from every read.
        erasedAt: i % 29 === 5 ? new Date() : null,
      };
    }),
  });
}

function ordersAsTheTable(open: () => Promise<{ db: Db; close: () => Promise<void> }>) {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await open());
    await fill(db);
  }, 60_000);
  afterAll(async () => {
    await close?.();
  });

  const table = async (f: Filter, sort: string) => (await listEnterprises(db, f, 1, 500, sort)).items;
  const exported = async (f: Filter, sort: string) => {
    const out = [];
    for await (const e of enterprisesInOrder(db, f, sort, PAGE)) out.push(e);
    return out;
  };

  for (const field of SORT_FIELDS)
    for (const sort of [field, `-${field}`])
      it(`sorted by ${sort}: the same rows in the same order as the table`, async () => {
        const expected = await table({}, sort);
        expect(expected.length).toBeGreaterThan(120);
        expect(await exported({}, sort)).toEqual(expected);
      });

  it("a filtered selection (non-state, with a union) likewise, by density both ways", async () => {
    const f: Filter = { nonState: true, union: true };
    for (const sort of ["density", "-density", "-priority"]) {
      const expected = await table(f, sort);
      expect(expected.length).toBeGreaterThan(20);
      expect(await exported(f, sort)).toEqual(expected);
    }
  });

  it("a text search's counted rows, read in windows of 9 ids, are those of one read", async () => {
    const all = async (opts: Parameters<typeof countedEnterprises>[2]) => {
      const out = [];
      for await (const batch of countedEnterprises(db, { q: "an", nonState: true }, opts)) out.push(...batch);
      return out;
    };
    const once = await all({ batch: 10_000 });
    expect(once.length).toBeGreaterThan(20);
    expect(await all({ batch: 4, idWindow: 9 })).toEqual(once);
    expect(await all({ batch: 1_000, idWindow: 9 })).toEqual(once);
  });

  it("an empty selection gives no rows", async () => {
    expect(await exported({ q: "không có doanh nghiệp này" }, "-headcount")).toEqual([]);
  });
}

describe("on SQLite", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-export-order-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  ordersAsTheTable(async () => {
    const url = `file:${path.join(dir, "t.db")}`;
    await migrate(url);
    const { db } = await openDatabase(url);
    return { db, close: () => db.$disconnect() };
  });
});

describe("on PostgreSQL", () => {
  let pg: TestDatabase;
  ordersAsTheTable(async () => {
    pg = await createTestDatabase();
    await migrate(pg.url);
    const { db } = await openDatabase(pg.url);
    return {
      db,
      close: async () => {
        await db.$disconnect();
        await pg.drop();
      },
    };
  });
});
