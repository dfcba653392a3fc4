/**
 * What the OpenAPI document says about errors and headers, in one place: the decorators routes
 * use for the problems they can answer with (`@ApiProblems`), the response headers they set, and
 * `describeCrossCutting`, which adds what the middleware and global interceptors do to every
 * operation they apply to (request ids, rate limiting, idempotent POSTs, body parsing), so those
 * are stated once, where the code that does them is known, not repeated on every route.
 */
import { applyDecorators } from '@nestjs/common';
import {
  ApiResponse,
  getSchemaPath,
  type HeaderObject,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { PROBLEM_BASE } from './problem.filter.js';
import { ProblemView } from './problem.response.js';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const EXAMPLE_REQUEST_ID = '3f2c9a4e-8d51-4c0b-9f4e-2b7d1c6a5e10';

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 503;

const TITLES: Record<ProblemStatus, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** The code a problem of this status most often carries (the end of its `type`), for examples. */
const CODES: Record<ProblemStatus, string> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  412: 'version_mismatch',
  413: 'entity_too_large',
  415: 'unsupported_media_type',
  422: 'constraint_violation',
  428: 'if_match_required',
  429: 'too-many-requests',
  503: 'service-unavailable',
};

/** How a route answers with one status: when it happens, and (for the example) its code, detail and field errors. */
export interface ProblemSpec {
  description: string;
  code?: string;
  detail?: string;
  errors?: { field: string; code: string; message: string }[];
  /** Structured detail of the example (the health checks' results). */
  details?: Record<string, unknown>;
}

/** An example problem body, shaped exactly as `ProblemFilter` writes it. */
export function problemExample(status: ProblemStatus, spec: Omit<ProblemSpec, 'description'> & { detail: string }) {
  return {
    type: PROBLEM_BASE + (spec.code ?? CODES[status]),
    title: TITLES[status],
    status,
    detail: spec.detail,
    requestId: EXAMPLE_REQUEST_ID,
    ...(spec.errors ? { errors: spec.errors } : {}),
    ...(spec.details ? { details: spec.details } : {}),
  };
}

/** Response headers, each described once. */
export const HEADERS = {
  etag: {
    description: 'The version of what was returned, as a strong entity tag; send it back as If-Match to change it',
    schema: { type: 'string', example: '"3"' },
  },
  location: {
    description: 'Where the created resource can be read',
    schema: { type: 'string', format: 'uri-reference', example: '/api/v1/courses/6f1d3c2a-7b4e-4f7a-9c1d-2e5b8a9f0c31' },
  },
  idempotentReplayed: {
    description: 'Present (`true`) when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  requestId: {
    description: 'The request id: the X-Request-Id sent, when sane (1–128 of A–Z a–z 0–9 . _ : -), else a new UUID',
    schema: { type: 'string', example: EXAMPLE_REQUEST_ID },
  },
  retryAfter: {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 0, example: 30 },
  },
  contentDisposition: {
    description: 'attachment, with the file name',
    schema: { type: 'string', example: 'attachment; filename="ltt-courses-2025-07-01-2025-12-31-6f1d3c2a.csv"' },
  },
} satisfies Record<string, HeaderObject>;

function problemResponse(status: ProblemStatus, spec: ProblemSpec): ResponseObject {
  const retry = status === 429 || status === 503;
  return {
    description: spec.description,
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: { $ref: getSchemaPath(ProblemView) },
        example: problemExample(status, { ...spec, detail: spec.detail ?? spec.description }),
      },
    },
    // 429 always carries Retry-After (the rate limiter sets it); a 503 may.
    ...(retry ? { headers: { 'Retry-After': { ...HEADERS.retryAfter, required: status === 429 } } } : {}),
  };
}

/**
 * The problems a route (or every route of a controller) can answer with, by status. A status
 * stated again on the same route adds its description to the first.
 */
export function ApiProblems(problems: Partial<Record<ProblemStatus, string | ProblemSpec>>) {
  return applyDecorators(
    ...Object.entries(problems).map(([status, given]) => {
      const spec = typeof given === 'string' ? { description: given } : given!;
      return ApiResponse({ status: Number(status), ...problemResponse(Number(status) as ProblemStatus, spec) });
    }),
  );
}

const VALIDATION_EXAMPLE = [{ field: 'firstContact.date', code: 'isLocalDate', message: 'date must be a real date written YYYY-MM-DD' }];

/** 400 for a route that validates its parameters or body (the global ValidationPipe). */
export const INVALID_REQUEST: ProblemSpec = {
  description: 'The request is invalid: `errors` names each field and the rule it broke',
  detail: VALIDATION_EXAMPLE[0].message,
  errors: VALIDATION_EXAMPLE,
};

/** 400 from the ValidationPipe, with an example naming the route's own field and rule. */
export function invalid(field: string, code: string, message: string, description = INVALID_REQUEST.description): ProblemSpec {
  return { description, detail: message, errors: [{ field, code, message }] };
}

/** Adds `status` to an operation, or its description to the one stated already. */
function ensureProblem(operation: OperationObject, status: ProblemStatus, spec: ProblemSpec): void {
  const existing = operation.responses[status] as ResponseObject | undefined;
  if (!existing) {
    operation.responses[status] = problemResponse(status, spec);
    return;
  }
  if (!existing.description.includes(spec.description)) {
    existing.description = existing.description ? `${existing.description}\n\n${spec.description}` : spec.description;
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** Every operation of the document, with its path and method. */
export function operationsOf(document: OpenAPIObject): { path: string; method: (typeof METHODS)[number]; operation: OperationObject }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method]! })),
  );
}

/**
 * Figures as the small-number rules publish them (docs/domain.md; src/statistics/disclosure.rules.ts),
 * named so that a generated client has one type for each.
 */
export const PUBLISHED_SCHEMAS: Record<string, SchemaObject> = {
  PublishedCount: {
    description:
      'A count as published: exact for a manager’s own municipalities and at national level; below it, 1–4 as `<5` and others rounded to 5, and `..` where it is hidden so that no other published figure gives a small count back (secondary suppression)',
    oneOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', enum: ['<5', '..'] },
    ],
    example: 35,
  },
  PublishedFigure: {
    description:
      'An indicator’s figure: a number, `<5` or `..` where the small-number rules hide it, or null where it does not exist (no population, no first contacts)',
    oneOf: [{ type: 'number' }, { type: 'string', enum: ['<5', '..'] }],
    nullable: true,
    example: 0.875,
  },
};

/** A property holding one of the PUBLISHED_SCHEMAS. */
export const published = (name: keyof typeof PUBLISHED_SCHEMAS, description?: string) => ({
  allOf: [{ $ref: `#/components/schemas/${name}` }],
  ...(description ? { description } : {}),
});

const parameterRef = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

const PARAMETERS: Record<string, ParameterObject> = {
  RequestId: {
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description: 'A request id of yours (1–128 of A–Z a–z 0–9 . _ : -), echoed and logged; otherwise the service makes one',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$', example: 'kommune-751-sag-4711' },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retry safe: the first answer is kept for 24 hours and a retry with the same key gets it back (with ' +
      'Idempotent-Replayed: true) without doing anything again. The same key with a different request is a 422.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$', example: '2f8c1e9a-5b7d-4c3e-a1f0-9d8e7c6b5a41' },
  },
};

/**
 * What the middleware and the global interceptors add to the routes they apply to:
 * - every response: the X-Request-Id header (and every operation takes one);
 * - every route but the health checks: 429 from the rate limiter (`app.factory.ts`);
 * - every authenticated POST: `Idempotency-Key` (`IdempotencyInterceptor`): 400 for a malformed
 *   key, 422 for a key reused with another request, and Idempotent-Replayed on a replay;
 * - every route with a JSON body: 400 for malformed JSON and 413 over BODY_LIMIT (body-parser).
 */
export function describeCrossCutting(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...PUBLISHED_SCHEMAS };
  document.components.parameters = { ...document.components.parameters, ...PARAMETERS };
  document.components.headers = { ...document.components.headers, RequestId: HEADERS.requestId };
  for (const { path, method, operation } of operationsOf(document)) {
    operation.parameters = [...(operation.parameters ?? []), parameterRef('RequestId')];
    if (!path.startsWith('/health')) {
      ensureProblem(operation, 429, {
        description: 'Too many requests from this client address in the window (THROTTLE_LIMIT per THROTTLE_TTL_SECONDS)',
        detail: 'Too many requests; slow down and retry later',
      });
    }
    const authenticated = (operation.security ?? []).length > 0;
    if (method === 'post' && authenticated) {
      operation.parameters.push(parameterRef('IdempotencyKey'));
      ensureProblem(operation, 400, {
        description: 'Idempotency-Key is not 1–255 visible ASCII characters',
        code: 'invalid_input',
        detail: 'Idempotency-Key must be 1–255 visible ASCII characters',
        errors: [{ field: 'Idempotency-Key', code: 'format', message: 'Idempotency-Key must be 1–255 visible ASCII characters' }],
      });
      ensureProblem(operation, 422, {
        description: 'This Idempotency-Key was used for a different request',
        code: 'idempotency_key_reused',
      });
    }
    const body = operation.requestBody as { content?: Record<string, unknown> } | undefined;
    if (body?.content?.['application/json']) {
      ensureProblem(operation, 400, {
        description: 'The body is not valid JSON',
        code: 'entity_parse_failed',
        detail: 'The request body is not valid JSON',
      });
      ensureProblem(operation, 413, {
        description: 'The body is larger than BODY_LIMIT (256kb by default)',
        code: 'entity_too_large',
        detail: 'The request body is larger than this service accepts',
      });
    }
    for (const [status, response] of Object.entries(operation.responses)) {
      const r = response as ResponseObject;
      r.headers = { ...r.headers, 'X-Request-Id': headerRef('RequestId') };
      if (method === 'post' && authenticated && status.startsWith('2')) r.headers['Idempotent-Replayed'] = HEADERS.idempotentReplayed;
    }
  }
  return document;
}
