import { PreconditionFailedError, PreconditionRequiredError } from './errors.js';

/** A resource's version as a strong entity tag. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Optimistic concurrency: a change must say which version it was made against.
 * Missing If-Match → 428; a different version → 412. Accepts `"3"`, `W/"3"` and `3`.
 */
export function assertIfMatch(header: string | undefined, current: number, required = true): void {
  if (header === undefined || header.trim() === '') {
    if (required) throw new PreconditionRequiredError();
    return;
  }
  if (header.trim() === '*') return;
  const tags = header.split(',').map((t) =>
    t
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1'),
  );
  if (!tags.includes(String(current))) throw new PreconditionFailedError();
}
