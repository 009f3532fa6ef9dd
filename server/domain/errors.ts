// Typed failures the services throw; the HTTP and socket layers map them to the API's error shape.
// Field problems carry a code (for pages) and an English reason (for scripts): contract/errors.ts.
import { problem, type FieldProblem, type FieldProblems } from "../../contract/errors.ts";

/** Field problems as the services give them: a coded problem, or plain English words for rules that
 *  have no code of their own yet (sent with the code "invalid", so pages show the words as they are). */
export type FieldInput = Record<string, string | FieldProblem>;

function coded(fields: FieldInput): FieldProblems {
  const out: FieldProblems = Object.create(null);
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === "string" ? problem("invalid", undefined, v) : v;
  return out;
}

export class DomainError extends Error {
  constructor(
    readonly code:
      | "VALIDATION"
      | "UNAUTHORIZED"
      | "NOT_FOUND"
      | "CONFLICT"
      | "NOT_SET_UP"
      | "FORBIDDEN"
      | "UNAVAILABLE"
      | "RATE_LIMITED"
      | "PAYLOAD_TOO_LARGE"
      | "UNSUPPORTED_MEDIA_TYPE",
    message: string,
    fields?: FieldInput,
    readonly current?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
    this.fields = fields && coded(fields);
  }
  readonly fields?: FieldProblems;
}
export class ValidationError extends DomainError {
  constructor(fields: FieldInput, message = "Some fields are not valid") {
    super("VALIDATION", message, fields);
  }
}
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super("NOT_FOUND", message);
  }
}
/** Someone else saved first (stale version) or a unique value is taken. */
export class ConflictError extends DomainError {
  constructor(message: string, current?: unknown, fields?: FieldInput) {
    super("CONFLICT", message, fields, current);
  }
}
/** Not allowed; fields, when given, name what the account may not change. */
export class ForbiddenError extends DomainError {
  constructor(message: string, fields?: FieldInput) {
    super("FORBIDDEN", message, fields);
  }
}
/** No session or token, or one that has ended: log in (again). */
export class UnauthorizedError extends DomainError {
  constructor(message = "Log in first") {
    super("UNAUTHORIZED", message);
  }
}
/** Too many failed logins; retryAfterS says when to try again. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super("RATE_LIMITED", message);
  }
}
export class UnavailableError extends DomainError {
  constructor(message: string) {
    super("UNAVAILABLE", message);
  }
}
/** The province or its units are not set up yet (422): what to do first is in the message and fields. */
export class NotSetUpError extends DomainError {
  constructor(message: string, fields?: FieldInput) {
    super("NOT_SET_UP", message, fields);
  }
}
