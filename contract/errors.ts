// The one error shape of the API: {"error":{"code","message","fields"}}.
import { z } from "zod";

export const ERROR_CODES = ["VALIDATION", "BAD_JSON", "NOT_FOUND", "CONFLICT", "FORBIDDEN", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE", "INTERNAL"] as const;
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
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    if (i.code === "unrecognized_keys" && i.keys) {
      for (const k of i.keys) out[[...i.path.map(String), k].join(".")] ??= "is not a known field";
      continue;
    }
    const key = i.path.map(String).join(".") || "(body)";
    out[key] ??= i.message;
  }
  return out;
}
