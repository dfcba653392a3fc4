/**
 * The committed OpenAPI document says what the API answers, honestly enough to generate a client
 * from: every operation's success has a schema, every error is the Problem, every reference
 * resolves, and the document is valid OpenAPI 3 by a validator that knows the specification.
 * (test/large/openapi.spec.ts checks that the committed document is the one the code generates.)
 */
import { readFileSync } from 'node:fs';
import { validate } from '@readme/openapi-parser';
import type { OpenAPIV3 } from 'openapi-types';

// The committed file; test/large/openapi.spec.ts checks it is what the code generates.
const document = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as OpenAPIV3.Document;
const PROBLEM_REF = '#/components/schemas/Problem';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item?.[m]).map((method) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op: item![method]! })),
);
const responsesOf = (op: OpenAPIV3.OperationObject) => Object.entries(op.responses) as [string, OpenAPIV3.ResponseObject][];
const parametersOf = (op: OpenAPIV3.OperationObject): OpenAPIV3.ParameterObject[] =>
  (op.parameters ?? []).map((p) =>
    '$ref' in p ? (document.components!.parameters![p.$ref.split('/').pop()!] as OpenAPIV3.ParameterObject) : p,
  );

/** Every `$ref` in a value, with where it was found. */
function refsIn(value: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : refsIn(v, `${at}/${k.replace(/\//g, '~1')}`),
  );
}

function resolves(ref: string): boolean {
  if (!ref.startsWith('#/')) return false;
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node !== undefined;
}

describe('the OpenAPI document (docs/openapi.json)', () => {
  it('describes some routes at all', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
  });

  it('is valid OpenAPI 3 (by @readme/openapi-parser)', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.specification).toBe('OpenAPI');
  });

  it('names only components that exist', () => {
    const dangling = refsIn(document).filter(({ ref }) => !resolves(ref));
    expect(dangling).toEqual([]);
  });

  it('lists each value of an enum once', () => {
    const enums = (value: unknown, at = '#'): { at: string; values: unknown[] }[] => {
      if (!value || typeof value !== 'object') return [];
      const own = Array.isArray((value as { enum?: unknown }).enum) ? [{ at, values: (value as { enum: unknown[] }).enum }] : [];
      return own.concat(Object.entries(value).flatMap(([k, v]) => (k === 'enum' ? [] : enums(v, `${at}/${k}`))));
    };
    const repeated = enums(document).filter(({ values }) => new Set(values).size !== values.length);
    expect(repeated).toEqual([]);
  });

  it('has no component schema that nothing refers to', () => {
    const referred = new Set(refsIn(document).map(({ ref }) => ref));
    const unused = Object.keys(document.components!.schemas!).filter((name) => !referred.has(`#/components/schemas/${name}`));
    expect(unused).toEqual([]);
  });

  it.each(operations.map((o) => [o.key, o]))('%s has a schema for its success response', (_key, { op }) => {
    const successes = responsesOf(op).filter(([status]) => /^2\d\d$/.test(status));
    expect(successes.map(([status]) => status)).toHaveLength(1);
    for (const [, response] of successes) {
      expect(response.description).not.toBe('');
      const media = Object.entries(response.content ?? {});
      expect(media.length).toBeGreaterThan(0);
      for (const [type, content] of media) {
        expect([type, content.schema]).toEqual([type, expect.any(Object)]);
        if (type === 'application/json') expect(content.schema).toEqual({ $ref: expect.stringMatching(/^#\/components\/schemas\/\w+$/) });
      }
    }
  });

  it.each(operations.map((o) => [o.key, o]))('%s answers every error it declares with the Problem', (_key, { op }) => {
    const errors = responsesOf(op).filter(([status]) => /^[45]\d\d$/.test(status));
    for (const [status, response] of errors) {
      expect([status, Object.keys(response.content ?? {})]).toEqual([status, ['application/problem+json']]);
      expect([status, response.content!['application/problem+json'].schema]).toEqual([status, { $ref: PROBLEM_REF }]);
      expect([status, response.description]).toEqual([status, expect.stringMatching(/\S/)]);
    }
  });

  it.each(operations.map((o) => [o.key, o]))(
    '%s declares the problems its guard, validation and middleware give',
    (_key, { op, method, path }) => {
      const statuses = responsesOf(op).map(([status]) => status);
      const authenticated = (op.security ?? []).length > 0;
      if (authenticated) expect(statuses).toEqual(expect.arrayContaining(['401', '403', '503']));
      const validated = parametersOf(op).some((p) => p.in === 'path' || p.in === 'query') || op.requestBody !== undefined;
      if (validated) expect(statuses).toContain('400');
      if (!path.startsWith('/health')) expect(statuses).toContain('429');
      if (method === 'post' && authenticated) {
        expect(statuses).toEqual(expect.arrayContaining(['400', '422']));
        expect(parametersOf(op).map((p) => p.name)).toContain('Idempotency-Key');
      }
      if (method === 'patch') {
        expect(statuses).toEqual(expect.arrayContaining(['412', '428']));
        expect(parametersOf(op).find((p) => p.name === 'If-Match')).toMatchObject({ in: 'header', required: true });
      }
    },
  );

  it.each(operations.map((o) => [o.key, o]))('%s states the request id on every response and Retry-After on 429', (_key, { op }) => {
    expect(parametersOf(op).map((p) => p.name)).toContain('X-Request-Id');
    for (const [status, response] of responsesOf(op)) {
      expect([status, response.headers?.['X-Request-Id']]).toEqual([status, { $ref: '#/components/headers/RequestId' }]);
      if (status === '429') expect(response.headers?.['Retry-After']).toMatchObject({ required: true });
      if (status === '503') expect(response.headers?.['Retry-After']).toBeDefined();
    }
  });

  it('declares ETag and Location on creations that set them, and ETag on every course change', () => {
    const headersOf = (key: string, status: string) => {
      const found = operations.find((o) => o.key === key)!;
      return Object.keys((found.op.responses[status] as OpenAPIV3.ResponseObject).headers ?? {});
    };
    expect(headersOf('POST /api/v1/courses', '201')).toEqual(expect.arrayContaining(['ETag', 'Location', 'Idempotent-Replayed']));
    expect(headersOf('POST /api/v1/courses/{id}/contacts', '201')).toEqual(expect.arrayContaining(['ETag', 'Location']));
    for (const key of ['GET /api/v1/courses/{id}', 'PATCH /api/v1/courses/{id}', 'POST /api/v1/courses/{id}/close']) {
      expect([key, headersOf(key, '200')]).toEqual([key, expect.arrayContaining(['ETag'])]);
    }
  });

  it('gives the Problem the fields of RFC 9457 and the field errors', () => {
    const problem = document.components!.schemas!.Problem as OpenAPIV3.SchemaObject;
    expect(Object.keys(problem.properties!)).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'requestId', 'errors']),
    );
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'requestId']));
    const fieldError = document.components!.schemas!.FieldError as OpenAPIV3.SchemaObject;
    expect(fieldError.required).toEqual(['field', 'code', 'message']);
  });

  it('writes dates as format date strings and names its enums', () => {
    const schemas = document.components!.schemas! as Record<string, OpenAPIV3.SchemaObject>;
    const course = schemas.CourseView.properties!;
    expect(course.firstContactDate).toMatchObject({ type: 'string', format: 'date' });
    expect(course.status).toEqual({ allOf: [{ $ref: '#/components/schemas/CourseStatus' }] });
    expect(schemas.CourseStatus).toEqual({ type: 'string', enum: ['open', 'closed', 'entered_in_error'] });
    expect(schemas.WorklistItem.properties!.nextPlannedDate).toMatchObject({ type: 'string', format: 'date', nullable: true });
  });
});
