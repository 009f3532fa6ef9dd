// SQLite reads a page of the non-state selection in name order through the name's index once the
// server has gathered the planner's statistics at start (server/db/sqlite-planner-stats.ts);
// without them it took the ownership index and sorted the whole selection for every page. They are
// gathered again only once the table has grown by half (a restart reads two rows, not the table).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openDatabase, type Db } from "../../server/db/database.ts";
import { refreshPlannerStats } from "../../server/db/sqlite-planner-stats.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "unionpulse-planner-"));
const file = path.join(dir, "t.db");
let db: Db;
const OWNERSHIPS = ["STATE", "DOMESTIC", "FDI", "COOPERATIVE"];
const PAGE = `SELECT "id" FROM "Enterprise" WHERE "erasedAt" IS NULL AND "ownership" IN ('DOMESTIC','FDI','COOPERATIVE')
  AND "sortName" >= 'm' ORDER BY "sortName" LIMIT 500`;

async function addEnterprises(districtId: number, from: number, count: number) {
  await db.enterprise.createMany({
    data: Array.from({ length: count }, (_, k) => from + k).map((i) => ({
      taxCode: `01${String(i).padStart(8, "0")}`,
      name: `Công ty ${i}`,
      searchText: `cong ty ${i}`,
      sortName: `cong ty ${String(i).split("").reverse().join("")}`,
      districtId,
      sector: "C",
      ownership: OWNERSHIPS[i % 4]!,
      headcount: 10 + (i % 50),
      unionMembers: 5,
      hasUnion: i % 2 === 0,
      hasParty: false,
      hasYouthUnion: false,
      hasWomenUnion: false,
      hasVeterans: false,
      updatedBy: "test",
    })),
  });
}

let districtId = 0;
beforeAll(async () => {
  await migrate(`file:${file}`);
  ({ db } = await openDatabase(`file:${file}`));
  const province = await db.province.create({ data: { code: "99", name: "Thử" } });
  const d = await db.district.create({ data: { code: "A", name: "Huyện A", provinceId: province.id } });
  districtId = d.id;
  await addEnterprises(districtId, 0, 2_000);
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const plan = async () =>
  (await db.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${PAGE}`)).map((r) => r.detail).join(" | ");

describe("the planner's statistics", () => {
  it("once gathered, a page in name order is a range of the name's index, not a sort; a second start keeps them", async () => {
    expect(await refreshPlannerStats(db)).toBe(true);
    const after = await plan();
    expect(after).toMatch(/Enterprise_sortName_idx/);
    expect(after).not.toMatch(/TEMP B-TREE/);
    expect(await refreshPlannerStats(db)).toBe(false);
  });

  it("are gathered again once the table has grown by half, not before", async () => {
    await addEnterprises(districtId, 2_000, 900); // 2,900: under 1.5 × 2,000
    expect(await refreshPlannerStats(db)).toBe(false);
    await addEnterprises(districtId, 2_900, 200); // 3,100
    expect(await refreshPlannerStats(db)).toBe(true);
    expect(await refreshPlannerStats(db)).toBe(false);
  });
});
