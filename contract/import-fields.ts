// What a column of an import file can be taken as: the fields a person may map a column of his own
// sheet to on the dry-run page, or "ignore". Without zod, so the page can list them cheaply.
import type { EnterpriseFields } from "./enterprise.ts";

export const IMPORT_FIELD_NAMES = [
  "taxCode",
  "name",
  "districtId",
  "sector",
  "ownership",
  "headcount",
  "unionMembers",
  "hasUnion",
  "hasParty",
  "hasYouthUnion",
  "hasWomenUnion",
  "hasVeterans",
  "partyRecommended",
  "partyAdmitted",
  "initiatives",
  "status",
  "factDate",
] as const satisfies readonly (keyof EnterpriseFields | "status" | "factDate")[];
export type ImportFieldName = (typeof IMPORT_FIELD_NAMES)[number];

/** The mapping's word for "this column is not imported". */
export const IGNORE_COLUMN = "ignore";
export type ColumnTarget = ImportFieldName | typeof IGNORE_COLUMN;

/** How the dry run took a column: by its header (template or a common variant), by the account's
 *  mapping, left out on purpose (mapped to "ignore", or a column such as STT), or not known. */
export const COLUMN_HOWS = ["recognised", "mapped", "ignored", "unrecognised"] as const;
export type ColumnHow = (typeof COLUMN_HOWS)[number];
