// Reading a whole selection in the table's order, for downloads. The order is taken once (ids
// only: a few MB even for half a million rows), then the rows are read by id in chunks. Paging
// with OFFSET would sort the selection again for every page: quadratic on a large province.
import type { Enterprise } from "../../contract/enterprise.ts";
import type { Filter } from "../../contract/filter.ts";
import type { Db } from "./database.ts";
import { orderByOf, whereOf } from "./enterprise-queries.ts";
import { toEnterprise } from "./records.ts";

export async function* enterprisesInOrder(db: Db, f: Filter, sort: string, chunk = 2_000): AsyncGenerator<Enterprise> {
  const ids = (await db.enterprise.findMany({ where: whereOf(f), orderBy: orderByOf(sort), select: { id: true } })).map(
    (r) => r.id,
  );
  for (let i = 0; i < ids.length; i += chunk) {
    const part = ids.slice(i, i + chunk);
    const rows = new Map((await db.enterprise.findMany({ where: { id: { in: part } } })).map((r) => [r.id, r]));
    // A row cannot disappear (enterprises are never deleted), but stay safe if one did.
    for (const id of part) {
      const row = rows.get(id);
      if (row) yield toEnterprise(row);
    }
  }
}
