// The filters shared by the enterprise list, the statistics and live subscriptions, as they
// appear in a query string (comma-separated lists) and once parsed.
import { z } from "zod";
import { ORGANISATIONS, OWNERSHIPS, SECTOR_CODES, SIZE_BAND_KEYS } from "./codes.ts";

/** "a,b,c" → ["a","b","c"], each item checked; an empty string means no filter. */
function list<T extends z.ZodType<unknown, string>>(item: T, what: string) {
  return z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item, { error: `must be a comma-separated list of ${what}` }));
}
const districtId = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, "must be a district id")
  .transform(Number)
  .pipe(z.number().max(2_147_483_647, "must be a district id"));
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });
const bool = z.enum(["true", "false"], { error: "must be true or false" }).transform((v) => v === "true");

export const FilterQuery = z.object({
  district: list(districtId, "district ids").optional(),
  sector: list(
    z.enum(SECTOR_CODES, { error: "must be a VSIC section letter A–U" }),
    "VSIC section letters A–U",
  ).optional(),
  ownership: list(oneOf(OWNERSHIPS), OWNERSHIPS.join("/")).optional(),
  nonState: bool.optional().describe("true: only DOMESTIC, FDI and COOPERATIVE"),
  size: list(oneOf(SIZE_BAND_KEYS), SIZE_BAND_KEYS.join("/")).optional(),
  missing: list(oneOf(ORGANISATIONS), ORGANISATIONS.join("/"))
    .optional()
    .describe("enterprises missing ALL the listed organisations"),
  union: bool
    .optional()
    .describe("true: only enterprises with a grassroots union; false: only those without (same as missing=union)"),
  q: z
    .string()
    .trim()
    .max(100, "must be at most 100 characters")
    .optional()
    .describe("name or tax code, accents and case ignored"),
});
export type FilterQuery = z.input<typeof FilterQuery>;

/** A parsed filter: absent or empty lists mean "any". */
export interface Filter {
  district?: number[];
  sector?: string[];
  ownership?: string[];
  nonState?: boolean;
  size?: string[];
  missing?: string[];
  /** true: has a grassroots union; false: has none. */
  union?: boolean;
  q?: string;
}

export const SORT_FIELDS = [
  "name",
  "taxCode",
  "headcount",
  "unionMembers",
  "density",
  "districtId",
  "sector",
  "ownership",
  "updatedAt",
  "priority",
  "hasUnion",
  "hasParty",
  "hasYouthUnion",
  "hasWomenUnion",
  "hasVeterans",
  "partyRecommended",
  "partyAdmitted",
  "initiatives",
] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export const ListQuery = FilterQuery.extend({
  page: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .default(1),
  pageSize: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(500, "must be at most 500")
    .default(50),
  sort: z
    .string()
    .regex(
      new RegExp(`^-?(${SORT_FIELDS.join("|")})$`),
      `must be one of ${SORT_FIELDS.join(", ")}, with - in front for descending`,
    )
    .default("name")
    .describe("priority: enterprises without a union first, largest first"),
}).strict();
export type ListQuery = z.output<typeof ListQuery>;

export const StatsQuery = FilterQuery.strict();

/** Canonical text of a filter, used as a room name: equal filters give equal keys. */
export function filterKey(f: Filter): string {
  const parts: string[] = [];
  const add = (k: string, v: readonly (string | number)[] | undefined) => {
    if (v && v.length) parts.push(`${k}=${[...new Set(v.map(String))].sort().join(",")}`);
  };
  add("district", f.district);
  add("sector", f.sector);
  add("ownership", f.ownership);
  if (f.nonState) parts.push("nonState=true");
  add("size", f.size);
  add("missing", f.missing);
  if (f.union !== undefined) parts.push(`union=${f.union}`);
  if (f.q) parts.push(`q=${f.q}`);
  return parts.join("&");
}
