/**
 * Domain errors: services throw these, the global filter maps them to problem+json.
 * `code` is stable and machine-readable (it ends the problem `type` URI).
 */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 404: absent, or not the caller's to see (never say which). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(resource: string) {
    super('not_found', `${resource} was not found`);
  }
}

/** 422: the request is well-formed but breaks a domain rule. */
export class RuleViolation extends DomainError {
  readonly status = 422;
  constructor(code: string, message: string, field?: string) {
    super(code, message, field ? [{ field, code, message }] : []);
  }
}

/** 409: the resource's state does not allow this (e.g. a closed course takes no contacts). */
export class ConflictError extends DomainError {
  readonly status = 409;
}

/** 412: If-Match does not match the current version. */
export class PreconditionFailedError extends DomainError {
  readonly status = 412;
  constructor(message = 'The resource has changed since you read it (If-Match does not match its version)') {
    super('version_mismatch', message);
  }
}

/** 428: a change without If-Match. */
export class PreconditionRequiredError extends DomainError {
  readonly status = 428;
  constructor() {
    super('if_match_required', 'This change needs an If-Match header with the version you read');
  }
}

/** 400: invalid input found after DTO validation (e.g. a query parameter combination). */
export class InvalidInputError extends DomainError {
  readonly status = 400;
  constructor(field: string, code: string, message: string) {
    super('invalid_input', message, [{ field, code, message }]);
  }
}

/** 503: the service is busy with this kind of work; try again shortly. */
export class BusyError extends DomainError {
  readonly status = 503;
}

/** 403: the caller's role does not allow this. */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(message = 'Your role does not allow this') {
    super('forbidden', message);
  }
}
