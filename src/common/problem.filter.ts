import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, type FieldError } from './errors.js';

export const PROBLEM_BASE = 'https://ltt-case-tracker.example/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const slug = (status: number) => (titles[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-');

/** Thrown by the validation pipe: carries field errors in problem form. */
export class ValidationProblem extends HttpException {
  constructor(readonly errors: FieldError[]) {
    super({ message: 'The request is invalid' }, HttpStatus.BAD_REQUEST);
  }
}

/** Raw errors from body-parser and friends carry `status`/`type`; map them without leaking internals. */
function fromFrameworkError(error: unknown): Problem | undefined {
  const e = error as { status?: number; statusCode?: number; type?: string; expose?: boolean };
  const status = e?.status ?? e?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const detail =
    e.type === 'entity.too.large'
      ? 'The request body is larger than this service accepts'
      : e.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON'
        : e.type === 'encoding.unsupported' || e.type === 'charset.unsupported'
          ? 'The request body encoding is not supported'
          : (titles[status] ?? 'Bad request');
  const code = e.type?.replace(/\./g, '_') ?? slug(status);
  return { type: PROBLEM_BASE + code, title: titles[status] ?? 'Error', status, detail };
}

/**
 * SQLSTATEs for "the database cannot serve this now" (PostgreSQL, Appendix A): class 08
 * (connection exception), 57P01–57P03 (terminated by an administrator, crash, "the database system
 * is starting up" or shutting down), class 53 (too many connections, out of resources).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3]|53[0-9A-Z]{3})$/;
/** Socket errors on the way to the database. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres's words when a connection is lost, or none can be had in time. */
const LOST_CONNECTION = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

/** Seconds a client should wait before retrying a 503 (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The database is down, restarting, full or unreachable: a 503 the client may retry, never a 500.
 * Looks through TypeORM's wrapper (`driverError`), `cause` and an AggregateError's `errors`.
 */
function fromDatabaseOutage(error: unknown): Problem | undefined {
  const queue: unknown[] = [error];
  for (let i = 0; i < queue.length && i < 16; i++) {
    const e = queue[i] as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown } | null;
    if (!e || typeof e !== 'object') continue;
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : '';
    // TypeORM releases a query runner when its connection errors (the server terminated it in the
    // middle of the request's transaction); the request's next query then throws
    // QueryRunnerAlreadyReleasedError (or, through its EntityManager, QueryRunnerProviderAlreadyReleasedError)
    // in place of the connection's own error. It never committed.
    const released = ['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError'].includes(
      String((e as { name?: unknown }).name),
    );
    if (UNAVAILABLE_SQLSTATE.test(code) || NETWORK_CODES.has(code) || LOST_CONNECTION.some((m) => m.test(message)) || released) {
      return {
        type: PROBLEM_BASE + 'database_unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: `The database cannot be reached just now; nothing was changed. Try again in ${RETRY_AFTER_SECONDS} seconds`,
      };
    }
    queue.push(e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return undefined;
}

/**
 * A database refusal that the application's own checks should have caught first. The database
 * guards the truth, so the request was wrong, not the service: answer 409/422 naming the
 * constraint (never the values), and 503 for a conflict between concurrent transactions.
 */
function fromDatabaseError(error: unknown): Problem | undefined {
  const driver = (error as { driverError?: { code?: string; constraint?: string; message?: string } })?.driverError;
  const code = driver?.code;
  if (typeof code !== 'string') return undefined;
  if (code === '42501' && /row-level security/.test(driver?.message ?? '')) {
    // Row-level security refused a write to a municipality the caller does not work for: the
    // application's own check should have said so first (ProblemFilter logs it as an error),
    // but the answer is the caller's 403, not a 500.
    return {
      type: PROBLEM_BASE + 'forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'This belongs to a municipality you do not work for',
    };
  }
  const constraint = driver?.constraint ? ` (${driver.constraint})` : '';
  if (code === '23505') {
    return {
      type: PROBLEM_BASE + 'conflict',
      title: 'Conflict',
      status: 409,
      detail: `This would duplicate an existing record${constraint}`,
    };
  }
  if (code.startsWith('23') || code.startsWith('22')) {
    return {
      type: PROBLEM_BASE + 'constraint_violation',
      title: 'Unprocessable Content',
      status: 422,
      detail: `The database refused the change: it breaks a rule of the data model${constraint}`,
    };
  }
  if (code === '40001' || code === '40P01') {
    return {
      type: PROBLEM_BASE + 'busy',
      title: 'Service Unavailable',
      status: 503,
      detail: 'A concurrent change got in the way; try again',
    };
  }
  return undefined;
}

/**
 * A path parameter with a malformed %-escape (`/courses/0101011234%ZZ`): the router's URIError
 * repeats the raw segment, which may hold a CPR, so the answer names the path and never echoes it.
 */
function fromMalformedPath(error: unknown): Problem | undefined {
  const candidates = [error, (error as { cause?: unknown } | null)?.cause];
  if (!candidates.some((e) => e instanceof URIError && (e as { status?: number }).status === 400)) return undefined;
  const message = 'The path holds a malformed %-escape';
  return {
    type: PROBLEM_BASE + 'invalid_input',
    title: 'Bad Request',
    status: 400,
    detail: message,
    errors: [{ field: 'path', code: 'percent_encoding', message }],
  };
}

export function toProblem(error: unknown): Problem {
  const outage = fromDatabaseOutage(error);
  if (outage) return outage;
  const malformed = fromMalformedPath(error);
  if (malformed) return malformed;
  const database = fromDatabaseError(error);
  if (database) return database;
  if (error instanceof DomainError) {
    return {
      type: PROBLEM_BASE + error.code,
      title: titles[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      ...(error.errors.length ? { errors: error.errors } : {}),
    };
  }
  if (error instanceof ValidationProblem) {
    return {
      type: PROBLEM_BASE + 'validation',
      title: 'Bad Request',
      status: 400,
      detail: error.errors.map((e) => e.message).join('; '),
      errors: error.errors,
    };
  }
  if (error instanceof HttpException) {
    // Nest's Express adapter wraps body-parser's errors (bad JSON, too large) in an
    // HttpException carrying the original as `cause`; answer from that, in our own words.
    const cause = error.cause as { type?: unknown } | undefined;
    const framework = typeof cause?.type === 'string' ? fromFrameworkError(cause) : undefined;
    if (framework) return framework;
    const status = error.getStatus();
    // Nest's own 404 for a path no route matches says "Cannot GET /the/path": the path may hold
    // anything a caller put there (a CPR, once), so the detail is fixed.
    if (status === 404) {
      return { type: PROBLEM_BASE + slug(404), title: titles[404], status, detail: 'There is no such resource' };
    }
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
    // Keep structured detail a framework exception carries (e.g. the health check's results).
    const { message: _m, statusCode: _s, error: _e, ...rest } = typeof body === 'object' && body ? (body as Record<string, unknown>) : {};
    const extra = Object.keys(rest).length ? { details: rest } : {};
    return {
      type: PROBLEM_BASE + slug(status),
      title: titles[status] ?? 'Error',
      status,
      detail: Array.isArray(message) ? message.join('; ') : String(message),
      ...extra,
    };
  }
  return (
    fromFrameworkError(error) ?? {
      type: PROBLEM_BASE + 'internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged with the request id',
    }
  );
}

/** The one error body: RFC 9457 problem details, with the request id. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const problem = toProblem(error);
    problem.requestId = request.id;
    const refusedByRowSecurity = (error as { driverError?: { code?: string } })?.driverError?.code === '42501';
    if (problem.status >= 500 || problem.type.endsWith('/constraint_violation') || refusedByRowSecurity) {
      // Name, message and stack only: a database error also carries the query's parameters.
      const err = error instanceof Error ? { type: error.name, message: error.message, stack: error.stack } : { message: String(error) };
      this.logger.error({ err, requestId: problem.requestId }, problem.status === 503 ? 'Service unavailable' : 'Unhandled error');
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    if (problem.status === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
