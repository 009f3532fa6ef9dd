// The one error shape of the API: {"error":{"code","message","fields","fieldCodes"}}. `fields` keeps
// an English reason per field for scripts; `fieldCodes` says the same as a code with parameters,
// which pages translate through their catalogue (never by matching the English words).
import { z } from "zod";
import { TAX_CODE_PATTERN } from "./codes.ts";

export const ERROR_CODES = [
  "VALIDATION",
  "BAD_JSON",
  "UNAUTHORIZED",
  "NOT_FOUND",
  "CONFLICT",
  /** 422: the installation has no province or no unit yet (an administrator must set them up first). */
  "NOT_SET_UP",
  "FORBIDDEN",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "UNAVAILABLE",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What can be wrong with one field; each has an English reason below and words in every catalogue. */
export const FIELD_CODES = [
  "invalid", // none of the others; the English reason says more
  "not_number",
  "not_whole",
  "not_text",
  "not_flag",
  "not_list",
  "negative",
  "not_positive",
  "too_small", // {min}
  "too_large", // {max}
  "empty",
  "too_short", // {min} characters
  "too_long", // {max} characters
  "too_many", // {max} items
  "control_chars",
  "not_unicode",
  "tax_code",
  "bad_format",
  "not_in_list",
  "unknown_field",
  "unknown_district",
  "over_headcount", // {max}
  "over_recommended", // {max}
  "taken",
  "stale", // {version}
  "wrong_password",
  "self_demotion",
  "after_end",
  "range_too_long", // {max} months
  "bad_json",
  "bad_file",
  "forbidden", // the account may not change this field (a partner: any field but its organisation's flag)
  "required",
  // Days and the rules of an enterprise's lifecycle and of units (issues 10, 12).
  "not_day",
  "future", // {today}
  "before_day", // {day}
  "before_record", // {day}: before the enterprise's record began
  "before_unit", // {unit} {day}: before the unit began
  "needs_status",
  "ceased_already", // {day}
  "unit_retired", // {unit}
  "into_itself",
  "repeated", // {value}
  "taken_by_unit", // {unit} {name}
  "not_of_unit", // {unit} {ids}
  "placed_twice", // {ids}
  "unplaced", // {unit} {n} {ids}
  "unit_has_enterprises", // {unit} {n}
  "not_set_up",
  "sheet_has_errors", // {n} rows
  "changed_since", // {unit}: since the dry run
  "busy", // another dry run of the same account is being read
] as const;
export type FieldCode = (typeof FIELD_CODES)[number];
export type FieldParams = Record<string, string | number>;

export const FieldIssue = z.object({
  code: z.enum(FIELD_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** A field's problem inside the server: the code and parameters, and the English reason for `fields`. */
export interface FieldProblem extends FieldIssue {
  reason: string;
}
export type FieldProblems = Record<string, FieldProblem>;

export const ApiError = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    /** Field name (dotted for nested) → reason in English, for errors about input. */
    fields: z.record(z.string(), z.string()).optional(),
    /** The same fields → {code, params}: what a page translates. */
    fieldCodes: z.record(z.string(), FieldIssue).optional(),
    /** On CONFLICT: the record as it is now, so the caller can merge and retry. */
    current: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/** The error body: fields become `fields` (English reasons) and `fieldCodes` (codes and parameters). */
export function errorBody(code: ErrorCode, message: string, fields?: FieldProblems, current?: unknown): ApiError {
  return {
    error: {
      code,
      message,
      ...(fields ? { fields: reasonsOf(fields), fieldCodes: codesOf(fields) } : {}),
      ...(current !== undefined ? { current } : {}),
    },
  };
}

/** The English reason of each code the services raise themselves (zod's come with their own). */
const ENGLISH: Record<FieldCode, (p: FieldParams) => string> = {
  invalid: () => "is not valid",
  not_number: () => "must be a number",
  not_whole: () => "must be a whole number",
  not_text: () => "must be text",
  not_flag: () => "must be true or false",
  not_list: () => "must be a list",
  negative: () => "must not be negative",
  not_positive: () => "must be positive",
  too_small: (p) => `must be at least ${p.min}`,
  too_large: () => "is too large",
  empty: () => "must not be empty",
  too_short: (p) => `must be at least ${p.min} characters`,
  too_long: (p) => `must be at most ${p.max} characters`,
  too_many: () => "is too long",
  control_chars: () => "must not contain control characters",
  not_unicode: () => "must be valid Unicode text",
  tax_code: () => "must be 10 digits, or 10 digits-3 digits for a branch",
  bad_format: () => "is not in the expected format",
  not_in_list: () => "must be one of the listed values",
  unknown_field: () => "is not a known field",
  unknown_district: (p) => `is not a known district (${p.id})`,
  over_headcount: (p) => `must not exceed headcount (${p.max})`,
  over_recommended: (p) => `must not exceed partyRecommended (${p.max})`,
  taken: () => "is taken",
  stale: (p) => `is stale: the current version is ${p.version}`,
  wrong_password: () => "is not your current password",
  self_demotion: () => "an administrator cannot disable or demote himself",
  after_end: () => "must not be after `to`",
  range_too_long: (p) => `must be at most ${p.max} months after \`from\``,
  bad_json: () => "is not valid JSON",
  bad_file: () => "is not a file that can be read",
  forbidden: () => "your account may not change this field",
  required: () => "is required",
  not_day: () => "must be a real calendar day written YYYY-MM-DD",
  future: (p) => `must not be in the future (today is ${p.today})`,
  before_day: (p) => `must not be before ${p.day}`,
  before_record: (p) => `must not be before the enterprise's record began (${p.day})`,
  before_unit: (p) => `must not be before unit ${p.unit} began (${p.day})`,
  needs_status: () => "can only be set with a status, or on an enterprise that has one",
  ceased_already: (p) => `is CEASED already (since ${p.day})`,
  unit_retired: (p) => `unit ${p.unit} is retired already`,
  into_itself: () => "must not be one of the units merged (a unit cannot merge into itself)",
  repeated: (p) => `names ${p.value} twice`,
  taken_by_unit: (p) => `is already used by unit ${p.unit} (${p.name})`,
  not_of_unit: (p) => `are not enterprises of unit ${p.unit}: ${p.ids}`,
  placed_twice: (p) => `places enterprises twice: ${p.ids}`,
  unplaced: (p) => `leaves ${p.n} enterprise(s) of unit ${p.unit} unplaced: ${p.ids}`,
  unit_has_enterprises: (p) => `unit ${p.unit} still has ${p.n} enterprise(s): merge or split it instead`,
  not_set_up: () => "is not set up yet",
  sheet_has_errors: (p) => `has ${p.n} row(s) with errors`,
  changed_since: (p) => `unit ${p.unit} changed since the dry run`,
  busy: () => "another dry run of yours is still running",
};

/** A problem the server finds itself; reason overrides the English words where they say more. */
export function problem(code: FieldCode, params?: FieldParams, reason?: string): FieldProblem {
  return { code, ...(params ? { params } : {}), reason: reason ?? ENGLISH[code](params ?? {}) };
}

/** One zod issue → its code, read from the issue's structure (zod's code, bounds, expected type). */
function issueOf(i: ZodIssueLike): FieldIssue {
  switch (i.code) {
    case "invalid_type":
      if (i.expected === "int") return { code: "not_whole" };
      if (i.expected === "number") return { code: "not_number" };
      if (i.expected === "string") return { code: "not_text" };
      if (i.expected === "boolean") return { code: "not_flag" };
      if (i.expected === "array") return { code: "not_list" };
      return { code: "invalid" };
    case "too_small": {
      const min = Number(i.minimum);
      if (i.origin === "string") return min <= 1 ? { code: "empty" } : { code: "too_short", params: { min } };
      if (i.origin === "number") {
        if (min === 0) return { code: i.inclusive === false ? "not_positive" : "negative" };
        return { code: "too_small", params: { min } };
      }
      return { code: "invalid" };
    }
    case "too_big": {
      const max = Number(i.maximum);
      if (i.origin === "string") return { code: "too_long", params: { max } };
      if (i.origin === "array") return { code: "too_many", params: { max } };
      return { code: "too_large", params: { max } };
    }
    case "invalid_format":
      return { code: i.pattern === String(TAX_CODE_PATTERN) ? "tax_code" : "bad_format" };
    case "invalid_value":
      return { code: "not_in_list" };
    case "custom": {
      const code = (i.params as { code?: unknown } | undefined)?.code;
      return { code: (FIELD_CODES as readonly unknown[]).includes(code) ? (code as FieldCode) : "invalid" };
    }
    default:
      return { code: "invalid" };
  }
}

/** The parts of a zod issue read here (zod's own type is a union too wide to name in the client). */
interface ZodIssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  keys?: readonly string[];
  expected?: string;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  pattern?: string;
  params?: unknown;
}

/** zod issues → { field: problem }, first problem per field, zod's English message as the reason. */
export function fieldProblems(issues: readonly ZodIssueLike[]): FieldProblems {
  // No prototype: a field named "__proto__" or "constructor" must be reported like any other.
  const out: FieldProblems = Object.create(null);
  const note = (key: string, p: FieldProblem) => {
    if (!Object.hasOwn(out, key)) out[key] = p;
  };
  for (const i of issues) {
    if (i.code === "unrecognized_keys" && i.keys) {
      for (const k of i.keys) note([...i.path.map(String), k].join("."), problem("unknown_field"));
      continue;
    }
    note(i.path.map(String).join(".") || "(body)", { ...issueOf(i), reason: i.message });
  }
  return out;
}

/** zod issues → { field: reason }, first reason per field. */
export function fieldErrors(issues: readonly ZodIssueLike[]): Record<string, string> {
  return reasonsOf(fieldProblems(issues));
}

/** The English side of problems: `fields` of the error body. */
export function reasonsOf(problems: FieldProblems): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, p] of Object.entries(problems)) out[k] = p.reason;
  return out;
}

/** The coded side of problems: `fieldCodes` of the error body. */
export function codesOf(problems: FieldProblems): Record<string, FieldIssue> {
  const out: Record<string, FieldIssue> = Object.create(null);
  for (const [k, { reason: _english, ...issue }] of Object.entries(problems)) out[k] = issue;
  return out;
}
