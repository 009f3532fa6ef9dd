// Reads of the province and its units, and the row ↔ API mapping of a unit.
import { UNIT_KINDS, type District, type Province, type UnitKind } from "../../contract/units.ts";
import type { Db } from "./database.ts";

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  active: boolean;
  validFrom: string | null;
  validTo: string | null;
  provinceId: number;
}

export function toDistrict(r: UnitRow): District {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: (UNIT_KINDS as readonly string[]).includes(r.kind) ? (r.kind as UnitKind) : "DISTRICT",
    active: r.active,
    validFrom: r.validFrom,
    validTo: r.validTo,
    provinceId: r.provinceId,
  };
}

const unitSelect = {
  id: true,
  code: true,
  name: true,
  kind: true,
  active: true,
  validFrom: true,
  validTo: true,
  provinceId: true,
} as const;

/** Units ordered by code; active ones only unless includeRetired. */
export async function listUnits(db: Db, includeRetired = false): Promise<District[]> {
  const rows = await db.district.findMany({
    where: includeRetired ? {} : { active: true },
    orderBy: { code: "asc" },
    select: unitSelect,
  });
  return rows.map(toDistrict);
}

export async function findUnit(db: Db, id: number): Promise<District | null> {
  const row = await db.district.findUnique({ where: { id }, select: unitSelect });
  return row ? toDistrict(row) : null;
}

/** The province this installation serves (the first one), or null before it is set up. */
export function findProvince(db: Db): Promise<Province | null> {
  return db.province.findFirst({ orderBy: { id: "asc" }, select: { id: true, code: true, name: true } });
}
