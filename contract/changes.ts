// Recent accepted changes, as GET /api/changes lists them and live batches carry them: what a wall
// display's ticker says ("Huyện X: Công ty Y +12 đoàn viên"). The name and district are the
// enterprise's as of the change (after it).
import { z } from "zod";
import { FilterQuery } from "./filter.ts";

/** Editable fields hold text, numbers and flags; the old value of a created enterprise is null. */
const DiffValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type DiffValue = z.infer<typeof DiffValue>;

export const ChangeItem = z.object({
  seq: z.number().int(),
  at: z.string().describe("ISO 8601 time the change was accepted"),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  districtId: z.number().int(),
  action: z.enum(["create", "update", "erase"]).describe("erase: an administrator erased a record made by mistake"),
  diff: z.record(z.string(), z.tuple([DiffValue, DiffValue])).describe("field → [old, new]; old is null on create"),
});
export type ChangeItem = z.infer<typeof ChangeItem>;

export const ChangeList = z.object({ items: z.array(ChangeItem).describe("newest first") });
export type ChangeList = z.infer<typeof ChangeList>;

export const MAX_CHANGES = 100;

/** GET /api/changes: how many, and optionally only those of enterprises under a wall's filter. */
export const ChangesQuery = FilterQuery.pick({ district: true, ownership: true, nonState: true })
  .extend({
    limit: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(MAX_CHANGES, `must be at most ${MAX_CHANGES}`)
      .default(20),
  })
  .strict();
export type ChangesQuery = z.input<typeof ChangesQuery>;
