import { da } from '../texts.da.js';

/** An RFC 9457 problem as the service sends it (src/common/problem.filter.ts). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  requestId?: string;
  errors?: { field: string; code: string; message?: string }[];
}

export interface FormErrors {
  /** Danish message per form field name (the API's field path, e.g. `firstContact.date`). */
  fields: Record<string, string>;
  /** Messages that belong to no field of the form, for the error summary. */
  general: string[];
}

/** Request headers that stand for a form field (the CPR search is sent as X-CPR). */
const HEADER_FIELDS: Record<string, string> = { 'X-CPR': 'cpr', 'x-cpr': 'cpr' };

/** The stable code at the end of a problem's `type`: ".../problems/not_found" → "not_found". */
export function problemCode(problem: Problem): string | undefined {
  return problem.type?.split('/').pop() || undefined;
}

/** The Danish text for one field error, by its code; never the service's English message. */
export function fieldMessage(field: string, code: string, texts = da): string {
  return texts.errors.fieldCodes[field]?.[code] ?? texts.errors.codes[code] ?? texts.errors.codes.matches;
}

/** The Danish text for a problem without field errors, by its status (and code where it says more). */
export function problemMessage(problem: Problem, texts = da): string {
  const code = problemCode(problem);
  if (code && texts.errors.codes[code]) return texts.errors.codes[code];
  switch (problem.status) {
    case 0:
      return texts.errors.network;
    case 401:
      return texts.errors.unauthorized;
    case 403:
      return texts.errors.forbidden;
    case 404:
      return texts.errors.notFound;
    case 409:
    case 412:
      return texts.errors.conflict;
    case 429:
      return texts.errors.tooMany;
    default:
      return texts.errors.unknown;
  }
}

/**
 * Maps a problem onto a form: each `errors[].field` onto the form field of that name (or the
 * nearest enclosing one: `focusAreas.1` → `focusAreas`), translated by code; what fits no
 * field goes to the error summary, named by its Danish label where there is one.
 */
export function problemToFormErrors(problem: Problem, formFields: readonly string[], texts = da): FormErrors {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const error of problem.errors ?? []) {
    const path = HEADER_FIELDS[error.field] ?? error.field;
    const field = formFields.includes(path) ? path : formFields.find((f) => path.startsWith(`${f}.`));
    const message = fieldMessage(field ?? path, error.code, texts);
    if (field) fields[field] ??= message;
    else general.push(texts.fields[path] ? `${texts.fields[path]}${/[?:]$/.test(texts.fields[path]) ? ' ' : ': '}${message}` : message);
  }
  if (!problem.errors?.length) general.push(problemMessage(problem, texts));
  return { fields, general };
}
