// Reference data: the province's districts (the union level under it) and the VSIC sections.
import { SECTORS } from "../../contract/codes.ts";
import type { District } from "../../contract/enterprise.ts";
import type { Db } from "../db/database.ts";

export function referenceService(db: Db) {
  return {
    districts: (): Promise<District[]> =>
      db.district.findMany({
        orderBy: { code: "asc" },
        select: { id: true, code: true, name: true, provinceId: true },
      }),
    sectors: () => SECTORS.map((s) => ({ code: s.code, vi: s.vi, en: s.en })),
    province: () => db.province.findFirst({ orderBy: { id: "asc" }, select: { id: true, code: true, name: true } }),
  };
}
export type ReferenceService = ReturnType<typeof referenceService>;
