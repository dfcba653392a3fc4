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
 * The database dropped the request's connection in the middle of its transaction (it was stopped
 * or restarted): TypeORM releases the query runner when its connection emits an error, and the
 * request's next query throws QueryRunnerAlreadyReleasedError instead of the connection's own
 * error. The transaction never committed; the client may retry.
 */
function fromLostTransaction(error: unknown): Problem | undefined {
  if (!(error instanceof Error) || error.name !== 'QueryRunnerAlreadyReleasedError') return undefined;
  return {
    type: PROBLEM_BASE + 'database_unavailable',
    title: 'Service Unavailable',
    status: 503,
    detail: 'The connection to the database was lost; nothing was changed. Try again shortly',
  };
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
  const lost = fromLostTransaction(error);
  if (lost) return lost;
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
      this.logger.error({ err, requestId: problem.requestId }, 'Unhandled error');
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
