// The one error shape of the API: {"error":{"code","message","fields"}}.
import { z } from "zod";

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

export const ApiError = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    /** Field name (dotted for nested) → reason, for errors about input. */
    fields: z.record(z.string(), z.string()).optional(),
    /** On CONFLICT: the record as it is now, so the caller can merge and retry. */
    current: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/** zod issues → { field: reason }, first reason per field. */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[],
): Record<string, string> {
  // No prototype: a field named "__proto__" or "constructor" must be reported like any other.
  const out: Record<string, string> = Object.create(null);
  const note = (key: string, reason: string) => {
    if (!Object.hasOwn(out, key)) out[key] = reason;
  };
  for (const i of issues) {
    if (i.code === "unrecognized_keys" && i.keys) {
      for (const k of i.keys) note([...i.path.map(String), k].join("."), "is not a known field");
      continue;
    }
    note(i.path.map(String).join(".") || "(body)", i.message);
  }
  return out;
}
