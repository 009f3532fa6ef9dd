// Writes the demo province into an empty database, with a change-log "create" entry per
// enterprise dated over the past two years, so history and trends have something to show.
import { EDITABLE_FIELDS } from "../../contract/enterprise.ts";
import type { Db } from "../db/database.ts";
import { SEQ_COUNTER } from "../db/change-log.ts";
import { derivedColumns } from "../db/records.ts";
import { DEMO_DISTRICTS, DEMO_PROVINCE, demoEnterprises } from "./demo-province.ts";

const CHUNK = 500;
const HISTORY_MS = 730 * 24 * 3600 * 1000;

export async function isEmpty(db: Db): Promise<boolean> {
  return (await db.district.count()) === 0;
}

export async function seedDemo(
  db: Db,
  count: number,
  now = new Date(),
): Promise<{ districts: number; enterprises: number }> {
  const province = await db.province.create({ data: DEMO_PROVINCE });
  await db.district.createMany({
    data: DEMO_DISTRICTS.map((d) => ({ code: d.code, name: d.name, provinceId: province.id })),
  });
  const districts = await db.district.findMany({ where: { provinceId: province.id }, orderBy: { code: "asc" } });
  const enterprises = demoEnterprises(
    count,
    districts.map((d) => d.id),
  );
  const start = now.getTime() - HISTORY_MS;
  const dateOf = (i: number) => new Date(start + Math.floor((HISTORY_MS * i) / Math.max(1, count)));

  await db.$transaction(
    async (tx) => {
      for (let from = 0; from < enterprises.length; from += CHUNK) {
        const chunk = enterprises.slice(from, from + CHUNK);
        await tx.enterprise.createMany({
          data: chunk.map((e, j) => ({
            ...e,
            ...derivedColumns(e),
            createdAt: dateOf(from + j),
            updatedAt: dateOf(from + j),
            updatedBy: "seed",
          })),
        });
        const ids = new Map(
          (
            await tx.enterprise.findMany({
              where: { taxCode: { in: chunk.map((e) => e.taxCode) } },
              select: { id: true, taxCode: true },
            })
          ).map((r) => [r.taxCode, r.id]),
        );
        await tx.changeLog.createMany({
          data: chunk.map((e, j) => ({
            seq: from + j + 1,
            enterpriseId: ids.get(e.taxCode)!,
            at: dateOf(from + j),
            actor: "seed",
            source: "seed",
            action: "create",
            diff: JSON.stringify(Object.fromEntries(EDITABLE_FIELDS.map((k) => [k, [null, e[k]]]))),
          })),
        });
      }
      await tx.counter.upsert({
        where: { name: SEQ_COUNTER },
        create: { name: SEQ_COUNTER, value: enterprises.length },
        update: { value: enterprises.length },
      });
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
  return { districts: districts.length, enterprises: enterprises.length };
}
