import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';

/**
 * The request side of docs/openapi.json, read as data: every operation with its path, query and
 * header parameters and its request body's media types and schema. The fuzzer and the isolation
 * matrix build their requests from this, so a route added to the document is covered without
 * anyone writing a case for it.
 */

export interface Schema {
  type?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minLength?: number;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** `POST /api/v1/courses/{id}/contacts` */
  id: string;
  method: string;
  /** With `{param}` placeholders, as in the document. */
  path: string;
  parameters: Parameter[];
  /** Media types the operation declares for its body, and the schema of each. */
  body?: { types: string[]; schema: Schema; required: boolean };
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: (Parameter | { $ref: string })[]; requestBody?: { content: Record<string, { schema: Schema }>; required?: boolean } }
    >
  >;
  components: { schemas: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

/** A parameter, or a `$ref` to one of components.parameters. */
function resolveParameter(doc: OpenApiDocument, p: Parameter | { $ref: string }): Parameter {
  if (!('$ref' in p)) return p;
  const found = doc.components.parameters?.[p.$ref.replace('#/components/parameters/', '')];
  if (!found) throw new Error(`docs/openapi.json: ${p.$ref} does not resolve`);
  return found;
}

export function readOpenApi(path = resolve('docs/openapi.json')): OpenApiDocument {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function operations(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      // Nest lists a header once per decorator and once per @Headers() argument ("X-CPR", "x-cpr").
      const seen = new Set<string>();
      const parameters = (op.parameters ?? [])
        .map((p) => resolveParameter(doc, p))
        .filter((p) => {
          const key = `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      const content = op.requestBody?.content;
      return {
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        body: content
          ? { types: Object.keys(content), schema: content[Object.keys(content)[0]].schema, required: op.requestBody?.required !== false }
          : undefined,
      };
    }),
  );
}

/** Follows `$ref` and a single `allOf`, as @nestjs/swagger writes them. */
export function deref(doc: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) return deref(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf?.length === 1) return { ...deref(doc, schema.allOf[0]), ...omit(schema, 'allOf') };
  return schema;
}

function omit<T extends object>(value: T, key: keyof T): Partial<T> {
  const { [key]: _dropped, ...rest } = value;
  return rest as Partial<T>;
}

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// ---------------------------------------------------------------------------------------------
// JSON written by hand: objects as lists of pairs (so `__proto__` and duplicate keys survive),
// and raw fragments (nesting 20,000 deep, numbers JSON.parse turns into Infinity).

export class Obj {
  constructor(readonly pairs: [string, Json][]) {}
}
export class Raw {
  constructor(readonly text: string) {}
}
export type Json = null | boolean | number | string | Json[] | Obj | Raw;

export function serialise(value: Json): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Obj) return `{${value.pairs.map(([k, v]) => `${JSON.stringify(k)}:${serialise(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(serialise).join(',')}]`;
  return JSON.stringify(value) ?? 'null';
}

// ---------------------------------------------------------------------------------------------
// Hostile values

/** Keys that reach Object.prototype when code copies a body carelessly. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** Dates that are not dates, and real dates that cannot be true for a course (issue 11, item 5). */
export const BAD_DATES = [
  '2026-02-30',
  '2025-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-1-5',
  '26-03-01',
  '01-03-2026',
  '2026/03/01',
  '2026-03-01T00:00:00Z',
  '2026-03-01 ',
  ' 2026-03-01',
  '+002026-03-01',
  '-002026-03-01',
  '0000-01-01',
  '0100-01-01',
  '1000-01-01',
  '1900-01-01',
  '1970-01-01',
  '2023-12-31',
  '2099-12-31',
  '2999-01-01',
  '9999-12-31',
  '275760-09-13',
  'today',
  'Invalid Date',
  '2026-03-01\u0000',
  '２０２６-０３-０１',
];

const CPR_LIKE = ['0101011234', '010101-1234', '3112999999', '0000000000', '0505149996', '9999999999', '010101 1234'];

/** A string no valid request holds: control characters, NUL, direction overrides, lone surrogates, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 10 }).map((s) => `${s}\u0000${s}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\t\r\n',
      '\u202eevil',
      '\ufeff',
      '\ud800',
      '\udfff\ud800',
      'null',
      'undefined',
      'true',
      '[]',
      '{}',
      '-1',
      '1e309',
      'NaN',
      '0x10',
      "'; DROP TABLE course; --",
      '${7*7}',
      '{{7*7}}',
      '<script>alert(1)</script>',
      '../../../../etc/passwd',
      '%00',
      '%ZZ',
      'ÆØÅ æøå',
      '🧒🏽👨‍👩‍👧',
    ),
  },
  { weight: 3, arbitrary: fc.constantFrom(...BAD_DATES) },
  { weight: 1, arbitrary: fc.constantFrom(...CPR_LIKE) },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 10_000, 200_000).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(5_000, 70_000).map((n) => 'ø🧒'.repeat(n)) },
);

const deep = fc
  .constantFrom(64, 1_000, 5_000, 20_000)
  .chain((depth) =>
    fc.constantFrom(new Raw('['.repeat(depth) + ']'.repeat(depth)), new Raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
  );

const prototypeObject = fc
  .tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.constantFrom<Json>(new Obj([['isAdmin', true]]), null, 'x', 1, []))
  .map(([k, v]) => new Obj([[k, v]]));

/** A value of any JSON type, or none: wrong types, nulls, huge and odd numbers and strings, deep nesting, prototype keys. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      new Raw('1e400'),
      new Raw('-1e400'),
      new Raw('-0'),
      new Raw('123456789012345678901234567890'),
      new Raw('0.1e-400'),
      // 2^53 + 1: JSON.parse rounds it to 2^53.
      new Raw('9007199254740993'),
    ),
  },
  { weight: 6, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.integer(), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant<Json>([]) },
  { weight: 1, arbitrary: fc.constant<Json>(new Obj([])) },
  { weight: 1, arbitrary: prototypeObject },
  { weight: 1, arbitrary: deep },
);

/** Keys a body should not have: prototype keys, columns, a stray field, an empty key. */
const extraKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom('municipality_code', 'id', 'version', 'status', 'createdBy', 'childId', 'isAdmin', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** A body that is not an object of the schema at all: another JSON type, or not JSON. */
export const hostileBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileValue.map(serialise) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      '{',
      '{"a":}',
      "{'a':1}",
      '{"a":1,}',
      'NaN',
      '\u0000',
      '{"a":"\u0000"}',
      '[1,2',
      '{"a":1}{"b":2}',
      '\ufeff{}',
      '{"__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
);

// ---------------------------------------------------------------------------------------------
// Values the document says are right

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

export interface ValidContext {
  /** Dates around the service's today, for fields whose example is a date. */
  recentDates: string[];
  /** Municipality codes the callers work for (the document's examples are 751). */
  municipalities: string[];
}

/** A value the schema allows, mostly the document's own example. */
export function validValue(doc: OpenApiDocument, input: Schema, ctx: ValidContext, name = ''): fc.Arbitrary<Json> {
  const schema = deref(doc, input);
  if (schema.enum?.length) return fc.constantFrom(...(schema.enum as Json[]));
  if (schema.properties) return objectOf(doc, schema, ctx, 0);
  switch (schema.type) {
    case 'array':
      return fc.uniqueArray(validValue(doc, schema.items ?? {}, ctx, name), {
        maxLength: 3,
        selector: (v) => serialise(v),
      }) as fc.Arbitrary<Json>;
    case 'boolean':
      return fc.boolean();
    case 'number':
    case 'integer': {
      const min = schema.minimum ?? 0;
      return fc.integer({ min, max: Math.min(schema.maximum ?? min + 100, min + 10_000) });
    }
    case 'string': {
      const example = schema.example;
      if (typeof example === 'string' && DATE.test(example)) return fc.constantFrom(example, ...ctx.recentDates);
      if (typeof example === 'string' && TIME.test(example)) return fc.constantFrom(example, '00:00', '23:59', '12:30');
      if (typeof example === 'string' && /^\d{3}$/.test(example)) return fc.constantFrom(...ctx.municipalities);
      if (typeof example === 'string') return fc.constant(example);
      const max = Math.max(1, Math.min(schema.maxLength ?? 40, 40));
      return fc.stringMatching(/^[a-z][a-z0-9 ]*$/).filter((s) => s.length >= 1 && s.length <= max);
    }
    default:
      return schema.example !== undefined ? fc.constant(schema.example as Json) : fc.constant(new Obj([]));
  }
}

/** Each field of the schema mostly right, sometimes wrong or missing, sometimes with keys it should not have. */
function objectOf(doc: OpenApiDocument, schema: Schema, ctx: ValidContext, depth: number): fc.Arbitrary<Json> {
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const resolved = deref(doc, property);
    const nested = resolved.properties && depth < 3 ? objectOf(doc, resolved, ctx, depth + 1) : validValue(doc, property, ctx, name);
    const required = schema.required?.includes(name) ?? false;
    return fc.oneof(
      { weight: required ? 14 : 8, arbitrary: nested.map((v) => [[name, v]] as [string, Json][]) },
      { weight: 2, arbitrary: hostileValue.map((v) => [[name, v]] as [string, Json][]) },
      { weight: required ? 1 : 6, arbitrary: fc.constant([] as [string, Json][]) },
    );
  });
  const extras = fc.oneof(
    { weight: 12, arbitrary: fc.constant([] as [string, Json][]) },
    { weight: 2, arbitrary: fc.array(fc.tuple(extraKey, hostileValue), { minLength: 1, maxLength: 2 }) },
  );
  return fc.tuple(fc.tuple(...fields), extras).map(([parts, more]) => new Obj([...parts.flat(), ...more]));
}

/** A body for the operation's schema: mostly an object of it with a few fields wrong, sometimes anything at all. */
export function bodyText(doc: OpenApiDocument, schema: Schema, ctx: ValidContext): fc.Arbitrary<string> {
  const resolved = deref(doc, schema);
  if (resolved.type === 'string' && !resolved.properties) {
    return fc.oneof(hostileString, fc.string({ maxLength: 200 }), hostileBody);
  }
  return fc.oneof({ weight: 9, arbitrary: validValue(doc, resolved, ctx).map(serialise) }, { weight: 1, arbitrary: hostileBody });
}

/** The value of one query parameter: mostly right, else wrong, repeated (an array to qs) or nested (an object to qs). */
export function queryPairs(doc: OpenApiDocument, param: Parameter, ctx: ValidContext): fc.Arbitrary<[string, string][]> {
  const scalar = (v: Json) => (typeof v === 'string' ? v : serialise(v));
  const valid = validValue(doc, param.schema, ctx, param.name).map(scalar);
  const wrong = fc.oneof(hostileString, hostileValue.map(scalar));
  const name = param.name;
  return fc.oneof(
    { weight: param.required ? 1 : 4, arbitrary: fc.constant([] as [string, string][]) },
    { weight: 6, arbitrary: valid.map((v) => [[name, v]] as [string, string][]) },
    { weight: 3, arbitrary: wrong.map((v) => [[name, v]] as [string, string][]) },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, wrong).map(
        ([a, b]) =>
          [
            [name, a],
            [name, b],
          ] as [string, string][],
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('[]', '[a]', '[__proto__]', '[0]'), wrong).map(([s, v]) => [[name + s, v]] as [string, string][]),
    },
  );
}

/**
 * Percent-encoding that, unlike encodeURIComponent, also takes a lone surrogate: it is written as
 * the three bytes it would have in WTF-8, which is not UTF-8, so the server sees malformed input.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i]);
    }
  }
  return out;
}

/** `a=1&b=2`, percent-encoded (brackets kept, as qs writes arrays and objects). */
export function encodeQuery(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${percentEncode(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${percentEncode(v)}`).join('&');
}

/**
 * One fixed request body (or query value) from the document: its example where it has one, the
 * first of an enum, and only the required fields of an object: what a client following the
 * document sends, with nothing generated.
 */
export function exampleValue(doc: OpenApiDocument, input: Schema): unknown {
  const schema = deref(doc, input);
  if (schema.properties) {
    return Object.fromEntries((schema.required ?? []).map((name) => [name, exampleValue(doc, schema.properties![name])]));
  }
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'array':
      return schema.items ? [exampleValue(doc, schema.items)] : [];
    case 'boolean':
      return true;
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'string':
      return 'isolation matrix';
    default:
      return null;
  }
}
