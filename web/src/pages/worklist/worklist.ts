import type { components } from '../../api/schema.js';
import { parseResponsibleFilter, responsibleName, type ResponsibleFilter } from '../../components/responsible-filter.js';
import { formatShortDate } from '../../format.js';
import { da } from '../../texts.da.js';

export type WorklistRow = components['schemas']['WorklistItem'];

/** The flags offered as filter chips, in the order staff act on them. */
export const CHIP_FLAGS = [
  'overdue',
  'due_soon',
  'booked_after_deadline',
  'unrecorded_planned_contact',
  'not_booked',
  'missing_cpr',
] as const;
export type ChipFlag = (typeof CHIP_FLAGS)[number];

/** The working list's filters, kept in the URL (?municipality=751&target=screening_30d&flag=overdue&responsible=me). */
export interface WorklistSearch {
  municipality?: string;
  target?: string;
  flag?: ChipFlag;
  /** Asked of the API (GET /worklist?responsible=…): "me" is the token's sub, which the page need not know. */
  responsible?: ResponsibleFilter;
}

/** Reads the URL's search parameters; anything malformed is dropped, not an error. */
export function parseWorklistSearch(search: Record<string, unknown>): WorklistSearch {
  const out: WorklistSearch = {};
  const municipality = typeof search.municipality === 'number' ? String(search.municipality).padStart(3, '0') : search.municipality;
  if (typeof municipality === 'string' && /^\d{3}$/.test(municipality)) out.municipality = municipality;
  if (typeof search.target === 'string' && /^[a-z0-9_]{1,64}$/.test(search.target)) out.target = search.target;
  if (typeof search.flag === 'string' && (CHIP_FLAGS as readonly string[]).includes(search.flag)) out.flag = search.flag as ChipFlag;
  const responsible = parseResponsibleFilter(search.responsible);
  if (responsible) out.responsible = responsible;
  return out;
}

/** Soonest deadline first; the same deadline by first contact, then course, so the order is stable. */
export function byDeadline(a: WorklistRow, b: WorklistRow): number {
  return (
    a.deadline.localeCompare(b.deadline) || a.firstContactDate.localeCompare(b.firstContactDate) || a.courseId.localeCompare(b.courseId)
  );
}

/** The rows a filter shows, sorted by deadline. */
export function filterRows(rows: readonly WorklistRow[], search: Pick<WorklistSearch, 'target' | 'flag'>): WorklistRow[] {
  return rows
    .filter((r) => (!search.target || r.target === search.target) && (!search.flag || r.flags.includes(search.flag)))
    .sort(byDeadline);
}

/** How many rows of the current target carry each chip's flag. */
export function flagCounts(rows: readonly WorklistRow[], target?: string): Record<ChipFlag, number> {
  const counts = Object.fromEntries(CHIP_FLAGS.map((f) => [f, 0])) as Record<ChipFlag, number>;
  for (const row of rows) {
    if (target && row.target !== target) continue;
    for (const flag of row.flags) if (flag in counts) counts[flag as ChipFlag] += 1;
  }
  return counts;
}

/** The targets present in the rows, for the target filter. */
export function targetsOf(rows: readonly WorklistRow[]): string[] {
  return [...new Set(rows.map((r) => r.target))].sort();
}

/** A short, stable reference for a course in lists (the UUID's first block). */
export const courseRef = (id: string) => id.slice(0, 8);

const cell = (value: string) => (/[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * The rows as a CSV file for Danish Excel: semicolon-separated, UTF-8 with a byte-order mark,
 * CRLF line ends, Danish headings and values, dates as dd.mm.åååå. The same rows the table shows.
 */
export function worklistCsv(rows: readonly WorklistRow[], texts = da): string {
  const c = texts.worklist.columns;
  const header = [
    c.course,
    c.target,
    c.deadline,
    c.daysLeft,
    c.firstContact,
    c.clockStart,
    c.nextPlanned,
    texts.responsible.label,
    c.flags,
  ];
  const lines = rows.map((r) => [
    courseRef(r.courseId),
    texts.values.target[r.target] ?? r.target,
    formatShortDate(r.deadline),
    String(r.daysLeft),
    formatShortDate(r.firstContactDate),
    formatShortDate(r.clockStart),
    r.nextPlannedDate ? formatShortDate(r.nextPlannedDate) : '',
    r.responsible ? responsibleName(r.responsible) : '',
    r.flags.map((f) => texts.values.flag[f] ?? f).join(', '),
  ]);
  return '\uFEFF' + [header, ...lines].map((line) => line.map(cell).join(';')).join('\r\n') + '\r\n';
}
