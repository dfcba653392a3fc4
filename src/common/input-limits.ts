import type { NextFunction, Request, Response } from 'express';
import type { FieldError } from './errors.js';
import { PROBLEM_BASE, type Problem } from './problem.filter.js';

/**
 * How deep a JSON body may nest. The deepest DTO is two levels (a course and its first contact);
 * the limit leaves room, and stops a body nested thousands of levels deep before class-transformer,
 * which walks it recursively (5,000 levels overflowed the stack after ~200 ms of CPU).
 */
export const MAX_BODY_DEPTH = 16;

type Found = { kind: 'depth' | 'nul' | 'unknown'; field: string };

/**
 * Keys that name what every object inherits (`__proto__`, `constructor`, `toString`, ...) and
 * `prototype`. No DTO can have such a field, and class-transformer skips them without a word
 * (the instance already has them), so the whitelist never saw them: they are unknown fields.
 */
const INHERITED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The first thing about a parsed body or query that no route may take, found without recursion:
 * nesting deeper than MAX_BODY_DEPTH, a NUL character in any string or key (PostgreSQL cannot
 * store one in text, and no field has a use for it), or an inherited key (INHERITED_KEYS) at any
 * depth. Fields are dotted paths (`focusAreas.1`).
 */
export function findForbiddenInput(value: unknown): Found | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { kind: 'nul', field: path.join('.') || 'body' };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (path.length >= MAX_BODY_DEPTH) return { kind: 'depth', field: path[0] };
    for (const [key, child] of Object.entries(current)) {
      const childPath = [...path, key];
      if (key.includes('\u0000')) return { kind: 'nul', field: childPath.join('.') };
      if (INHERITED_KEYS.has(key)) return { kind: 'unknown', field: childPath.join('.') };
      stack.push({ value: child, path: childPath });
    }
  }
  return undefined;
}

/** The problem for what `findForbiddenInput` found. */
export function forbiddenInputProblem(found: Found): Problem {
  const error: FieldError =
    found.kind === 'depth'
      ? { field: found.field, code: 'max_depth', message: `The request body is nested deeper than ${MAX_BODY_DEPTH} levels` }
      : found.kind === 'nul'
        ? { field: found.field, code: 'nul_character', message: `${found.field} must not contain a NUL character` }
        : { field: found.field, code: 'unknown_field', message: `${found.field} is not a known field` };
  return {
    type: PROBLEM_BASE + (found.kind === 'depth' ? 'body_too_deep' : 'validation'),
    title: 'Bad Request',
    status: 400,
    detail: error.message,
    errors: [error],
  };
}

/**
 * Express middleware, right after the body parsers: refuses a body or query that no route may
 * take (above) with 400 problem+json before anything else reads it.
 */
export function rejectForbiddenInput(req: Request & { id?: string }, res: Response, next: NextFunction): void {
  const found = findForbiddenInput(req.body) ?? findForbiddenInput(req.query);
  if (!found) return next();
  const problem = { ...forbiddenInputProblem(found), requestId: req.id };
  res.status(400).type('application/problem+json').send(JSON.stringify(problem));
}
