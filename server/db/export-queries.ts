// Reading a whole selection in the table's order, for downloads: a page at a time on the sort key
// (server/db/sort-pages.ts says how, and what consistency a download gets), never the province in
// one query, with a turn of the event loop between pages.
import type { Enterprise } from "../../contract/enterprise.ts";
import type { Filter } from "../../contract/filter.ts";
import type { Db } from "./database.ts";
import { whereOf } from "./enterprise-queries.ts";
import { toEnterprise } from "./records.ts";
import { rowPagesInOrder } from "./sort-pages.ts";

export async function* enterprisesInOrder(
  db: Db,
  f: Filter,
  sort: string,
  // Small pages: reading a row through Prisma and writing it to xlsx each cost tens of µs, and a
  // page is read and written in one piece of the event loop's time.
  pageSize = 200,
): AsyncGenerator<Enterprise> {
  for await (const page of rowPagesInOrder(db, whereOf(f), sort, pageSize))
    for (const row of page) yield toEnterprise(row);
}
