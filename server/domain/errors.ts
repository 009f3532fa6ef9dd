// Typed failures the services throw; the HTTP and socket layers map them to the API's error shape.
// Field problems carry a code (for pages) and an English reason (for scripts): contract/errors.ts.
import type { FieldProblems } from "../../contract/errors.ts";

export class DomainError extends Error {
  constructor(
    readonly code:
      | "VALIDATION"
      | "UNAUTHORIZED"
      | "NOT_FOUND"
      | "CONFLICT"
      | "FORBIDDEN"
      | "UNAVAILABLE"
      | "RATE_LIMITED"
      | "PAYLOAD_TOO_LARGE"
      | "UNSUPPORTED_MEDIA_TYPE",
    message: string,
    readonly fields?: FieldProblems,
    readonly current?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
export class ValidationError extends DomainError {
  constructor(fields: FieldProblems, message = "Some fields are not valid") {
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
  constructor(message: string, current?: unknown, fields?: FieldProblems) {
    super("CONFLICT", message, fields, current);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super("FORBIDDEN", message);
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
