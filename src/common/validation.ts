import { applyDecorators, ValidationPipe, type ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, registerDecorator, ValidateIf, ValidateNested, type ValidationOptions } from 'class-validator';
import type { FieldError } from './errors.js';
import { isLocalDate as isRealLocalDate } from '../kernel/local-date.js';
import { ValidationProblem } from './problem.filter.js';
import { looksLikeCpr } from './logging.js';

/**
 * The field may be left out; when it is there, it is checked like any other. Unlike
 * class-validator's `@IsOptional()`, `null` is not "left out": `{"cpr": null}` must be refused
 * as not a string (400 naming the field), not pass to a service that reads it or to a database
 * column that is NOT NULL. Use `@IsOptional()` only where null means something (e.g. an open end).
 */
export function Omittable() {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/**
 * A nested object of `type`, validated with its own DTO. Required (use `@Omittable()` to allow
 * leaving it out): `@ValidateNested()` alone lets a missing, null or array value through unchecked.
 */
export function NestedObject(type: () => new () => object) {
  return applyDecorators(
    IsObject({ message: (args) => `${args.property} must be an object` }),
    ValidateNested(),
    Type(type),
  ) as PropertyDecorator;
}

/** A Danish local calendar date written `YYYY-MM-DD` that exists (no 2025-02-29). */
export function isLocalDate(value: unknown): value is string {
  return typeof value === 'string' && isRealLocalDate(value);
}

export interface DateRange {
  from: string;
  to: string;
}

/**
 * The dates a query or a period may name: the years 2000–2100, as the period rules read them
 * (monitoring/period.rules.ts). Dates inside a course have tighter rules of their own, each a
 * 422 (courses/course.rules.ts: from the offer's start to two years ahead).
 */
export const PERIOD_DATES: DateRange = { from: '2000-01-01', to: '2100-12-31' };

/** A real `YYYY-MM-DD` date; with `within`, also inside that range (both ends included). */
export function IsLocalDate(options: ValidationOptions & { within?: DateRange } = {}) {
  const { within, ...validation } = options;
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName,
      options: {
        message: within
          ? `${propertyName} must be a real date written YYYY-MM-DD, from ${within.from} to ${within.to}`
          : `${propertyName} must be a real date written YYYY-MM-DD`,
        ...validation,
      },
      validator: { validate: (v: unknown) => isLocalDate(v) && (!within || (v >= within.from && v <= within.to)) },
    });
}

/**
 * Text that names something other than a child (a recipient's id and name): nothing shaped like a
 * CPR number, since such text is shown, logged and kept in the audit log as it is.
 */
export function HasNoCprShape(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'cpr_shaped',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must not contain anything shaped like a CPR number`, ...options },
      validator: { validate: (v: unknown) => typeof v !== 'string' || !looksLikeCpr(v) },
    });
}

/** A local time of day written `HH:mm`. */
export function IsLocalTime(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLocalTime',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a time of day written HH:mm`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v) },
    });
}

/** Flattens class-validator's tree into `{ field: "firstContact.date", code, message }`. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({
      field,
      code: code === 'whitelistValidation' ? 'unknown_field' : code,
      message: code === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return own.concat(toFieldErrors(error.children ?? [], field));
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(toFieldErrors(errors)),
  });
}
