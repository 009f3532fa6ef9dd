// Reference data: the province, its units (the union level under it; "districts" in the API) and the VSIC sections.
import { SECTORS } from "../../contract/codes.ts";
import type { District, Province } from "../../contract/units.ts";
import type { Db } from "../db/database.ts";
import { findProvince, listUnits } from "../db/unit-queries.ts";

export function referenceService(db: Db) {
  return {
    districts: (includeRetired = false): Promise<District[]> => listUnits(db, includeRetired),
    sectors: () => SECTORS.map((s) => ({ code: s.code, vi: s.vi, en: s.en })),
    province: (): Promise<Province | null> => findProvince(db),
  };
}
export type ReferenceService = ReturnType<typeof referenceService>;
