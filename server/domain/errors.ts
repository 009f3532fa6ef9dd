// Typed failures the services throw; the HTTP and socket layers map them to the API's error shape.

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
    readonly fields?: Record<string, string>,
    readonly current?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
export class ValidationError extends DomainError {
  constructor(fields: Record<string, string>, message = "Some fields are not valid") {
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
  constructor(message: string, current?: unknown, fields?: Record<string, string>) {
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
/** The province or its units are not set up yet (422): what to do first is in the message and fields. */
export class NotSetUpError extends DomainError {
  constructor(message: string, fields?: Record<string, string>) {
    super("NOT_SET_UP", message, fields);
  }
}
