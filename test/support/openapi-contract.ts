/**
 * Checks real HTTP responses against the committed OpenAPI document (docs/openapi.json): the
 * status must be one the operation declares, the media type one that status declares, the body
 * valid against its schema (with ajv), and every header the document says is required present.
 *
 * The document's schemas are OpenAPI 3.0 dialect; `toJsonSchema` turns them into the JSON Schema
 * ajv reads (`nullable` becomes a `null` type) and closes every object that lists its
 * properties (`additionalProperties: false`, unless the document says otherwise), so a body
 * carrying a field the document does not describe fails as surely as one lacking a field.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Response } from 'supertest';
import { OPENAPI_FILE } from '../../src/bin/openapi.js';

// ajv-formats is CommonJS: its default export arrives wrapped when imported from native ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;
interface MediaType {
  schema?: Json;
}
interface ResponseObject {
  description: string;
  headers?: Record<string, Json>;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, ResponseObject>;
}

const REF_PREFIX = '#/components/schemas/';
const DOC_ID = 'openapi';

/** An OpenAPI 3.0 schema object as JSON Schema (draft-07), refs pointing into the document schema. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, example: _example, ...rest } = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.startsWith(REF_PREFIX) ? `${DOC_ID}#/definitions/${value.slice(REF_PREFIX.length)}` : value;
    } else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, toJsonSchema(s)]));
    } else if (key === 'enum') {
      out.enum = value;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (nullable !== true) return out;
  // `nullable` beside allOf/oneOf/$ref: the value is null, or what they describe.
  if (typeof out.type === 'string' && !out.allOf && !out.oneOf && !out.anyOf && !out.$ref) {
    return { ...out, type: [out.type, 'null'], ...(Array.isArray(out.enum) ? { enum: [...out.enum, null] } : {}) };
  }
  return { anyOf: [out, { type: 'null' }] };
}

export interface Contract {
  document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
  /** Every operation as `METHOD /path/{template}`. */
  operations(): string[];
  /**
   * Throws unless the response is one the document declares for its operation, with a body its
   * schema accepts. Returns the operation key (`GET /api/v1/courses/{id}`) and the status.
   */
  check(res: Response): { operation: string; status: number };
  /** Operation keys that were checked with a 2xx, and every status seen per operation. */
  seen: Map<string, Set<number>>;
}

function mediaTypeOf(res: Response): string | undefined {
  const header = res.headers['content-type'];
  return typeof header === 'string' ? header.split(';')[0].trim().toLowerCase() : undefined;
}

/** The request behind a supertest response. */
function requestOf(res: Response): { method: string; path: string } {
  const req = (res as unknown as { req: { method: string; path: string } }).req;
  return { method: req.method.toUpperCase(), path: new URL(req.path, 'http://x').pathname };
}

export function loadContract(): Contract {
  const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Contract['document'];
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  ajv.addSchema({ $id: DOC_ID, definitions: toJsonSchema(document.components.schemas) as Json });

  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (key: string, schema: Json) => {
    if (!validators.has(key)) validators.set(key, ajv.compile(toJsonSchema(schema) as Json));
    return validators.get(key)!;
  };
  const seen = new Map<string, Set<number>>();

  return {
    document,
    seen,
    operations: () =>
      Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)),
    check(res) {
      const { method, path } = requestOf(res);
      const found = templates.find((t) => t.pattern.test(path) && document.paths[t.template][method.toLowerCase()]);
      if (!found) throw new Error(`${method} ${path} is not in docs/openapi.json`);
      const key = `${method} ${found.template}`;
      const operation = document.paths[found.template][method.toLowerCase()];
      const declared = operation.responses[String(res.status)];
      const body = JSON.stringify(res.body ?? res.text).slice(0, 500);
      if (!declared) {
        throw new Error(
          `${key} answered ${res.status}, which docs/openapi.json does not declare (it declares ${Object.keys(operation.responses).join(', ')}): ${body}`,
        );
      }
      for (const [name, header] of Object.entries(declared.headers ?? {})) {
        const required = (header as { required?: boolean }).required === true;
        if (required && res.headers[name.toLowerCase()] === undefined) {
          throw new Error(`${key} ${res.status} lacks the header ${name}, which docs/openapi.json says it always has`);
        }
      }
      const mediaType = mediaTypeOf(res);
      const content = declared.content ?? {};
      if (Object.keys(content).length > 0) {
        if (!mediaType || !content[mediaType]) {
          throw new Error(`${key} ${res.status} answered ${mediaType}; docs/openapi.json declares ${Object.keys(content).join(', ')}`);
        }
        const schema = content[mediaType].schema;
        if (!schema) throw new Error(`${key} ${res.status} ${mediaType} has no schema in docs/openapi.json`);
        const isJson = mediaType === 'application/json' || mediaType.endsWith('+json');
        const text = typeof res.text === 'string' ? res.text : Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.body;
        const value = isJson ? res.body : text;
        const validate = validatorFor(`${key} ${res.status} ${mediaType}`, schema);
        if (!validate(value)) {
          const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
          throw new Error(`${key} ${res.status}: the body does not match docs/openapi.json:\n  ${errors.join('\n  ')}\nbody: ${body}`);
        }
      } else if (res.text) {
        throw new Error(`${key} ${res.status} has a body, but docs/openapi.json declares none`);
      }
      const statuses = seen.get(key) ?? new Set<number>();
      statuses.add(res.status);
      seen.set(key, statuses);
      return { operation: key, status: res.status };
    },
  };
}
