// Parse request input with a contract schema; failures become a ValidationError naming each field.
import type { z } from "zod";
import { fieldProblems, problem } from "../../contract/errors.ts";
import { ValidationError } from "../domain/errors.ts";

export function parse<S extends z.ZodType>(schema: S, input: unknown, what = "request"): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(fieldProblems(r.error.issues), `The ${what} is not valid`);
  return r.data;
}

export function idParam(raw: string | string[] | undefined): number {
  const s = String(raw);
  // Ids are 32-bit in PostgreSQL: anything larger cannot exist.
  if (!/^[1-9]\d{0,9}$/.test(s) || Number(s) > 2_147_483_647)
    throw new ValidationError(
      { id: problem("not_positive", undefined, "must be a positive whole number") },
      "The enterprise id is not valid",
    );
  return Number(s);
}
