import { parseResponsibleFilter, type ResponsibleFilter } from '../../components/responsible-filter.js';

/** The course search's filters that may live in the URL. The CPR never does: it goes in X-CPR. */
export interface CoursesSearch {
  status?: 'open' | 'closed';
  from?: string;
  to?: string;
  missingCpr?: boolean;
  municipality?: string;
  /** me: the caller's own courses (the token's sub, judged by the API); none: those without a responsible worker. */
  responsible?: ResponsibleFilter;
  page?: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseCoursesSearch(search: Record<string, unknown>): CoursesSearch {
  const out: CoursesSearch = {};
  if (search.status === 'open' || search.status === 'closed') out.status = search.status;
  if (typeof search.from === 'string' && DATE.test(search.from)) out.from = search.from;
  if (typeof search.to === 'string' && DATE.test(search.to)) out.to = search.to;
  if (search.missingCpr === true || search.missingCpr === 'true') out.missingCpr = true;
  const municipality = typeof search.municipality === 'number' ? String(search.municipality).padStart(3, '0') : search.municipality;
  if (typeof municipality === 'string' && /^\d{3}$/.test(municipality)) out.municipality = municipality;
  const responsible = parseResponsibleFilter(search.responsible);
  if (responsible) out.responsible = responsible;
  const page = Number(search.page);
  if (Number.isInteger(page) && page > 1 && page <= 100000) out.page = page;
  return out;
}

/** The API query for the filters (GET /api/v1/courses). */
export function coursesQuery(search: CoursesSearch, pageSize: number) {
  return {
    status: search.status,
    firstContactFrom: search.from,
    firstContactTo: search.to,
    missingCpr: search.missingCpr ? ('true' as const) : undefined,
    municipality: search.municipality,
    responsible: search.responsible,
    page: search.page ?? 1,
    pageSize,
  };
}

/** A CPR as typed (with or without the hyphen, spaces trimmed), or undefined when blank. */
export function cprInput(value: string): string | undefined {
  const trimmed = value.replace(/\s+/g, '');
  return trimmed ? trimmed : undefined;
}
