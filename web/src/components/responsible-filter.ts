import type { components } from '../api/schema.js';
import { da } from '../texts.da.js';

const r = da.responsible;

/** The "mine" filter of the working list and the course list: the caller's own courses, or those nobody has. */
export const RESPONSIBLE_FILTERS = ['me', 'none'] as const;
export type ResponsibleFilter = (typeof RESPONSIBLE_FILTERS)[number];

/** `?responsible=me|none` from the URL; anything else is no filter. */
export function parseResponsibleFilter(value: unknown): ResponsibleFilter | undefined {
  return typeof value === 'string' && (RESPONSIBLE_FILTERS as readonly string[]).includes(value) ? (value as ResponsibleFilter) : undefined;
}

/** The responsible worker in a list's cell: their name, or "Ingen" (a word, so an empty cell is never the signal). */
export function responsibleName(responsible: components['schemas']['ResponsibleWorkerView'] | null): string {
  return responsible ? responsible.name : r.nobody;
}
