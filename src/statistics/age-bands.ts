/**
 * The age groups of reports, extracts and indicators (docs/domain.md, "Service targets": age group
 * 5–9, 10–13, 14–17), defined once. The bands tile the offer's age range (OFFER_AGES, the course
 * vocabulary); an age outside it is `outside_range`, and a course without a CPR (no age) is
 * `unknown` where a grouping has such a key.
 */
import { OFFER_AGES } from '../kernel/course.model.js';

export const AGE_BANDS = [
  { group: '5-9', from: OFFER_AGES.from, to: 9 },
  { group: '10-13', from: 10, to: 13 },
  { group: '14-17', from: 14, to: OFFER_AGES.to },
] as const;
export type AgeBand = (typeof AGE_BANDS)[number]['group'];

/** An age outside the offer's range (CPR known). */
export const OUTSIDE_RANGE = 'outside_range';
/** No age: the course has no CPR yet. */
export const UNKNOWN_AGE = 'unknown';

/** Every age group key of a grouping that has courses without a CPR: the bands, outside the range, unknown. */
export const AGE_GROUPS = [...AGE_BANDS.map((b) => b.group), OUTSIDE_RANGE, UNKNOWN_AGE] as [
  ...AgeBand[],
  typeof OUTSIDE_RANGE,
  typeof UNKNOWN_AGE,
];
export type AgeGroup = AgeBand | typeof OUTSIDE_RANGE | typeof UNKNOWN_AGE;

/**
 * The extracts' label of a band: `5_9`, since Danish Excel reads `5-9` as a date (5 September)
 * when it opens a csv-excel-da file.
 */
export const extractAgeLabel = (group: AgeBand): string => group.replace('-', '_');

export function ageGroupOf(age: number): AgeBand | typeof OUTSIDE_RANGE {
  return AGE_BANDS.find((b) => age >= b.from && age <= b.to)?.group ?? OUTSIDE_RANGE;
}

/**
 * The same grouping in SQL over an age column: each band's label from `label` (the extracts
 * write `5_9`), `outside_range` otherwise, and `unknown` for a NULL age where `unknown` is given.
 */
export function ageGroupSql(column: string, label: (group: AgeBand) => string = (g) => g, unknown?: string): string {
  const bands = AGE_BANDS.map((b) => `WHEN ${column} BETWEEN ${b.from} AND ${b.to} THEN '${label(b.group)}'`).join(' ');
  return `CASE ${unknown ? `WHEN ${column} IS NULL THEN '${unknown}' ` : ''}${bands} ELSE '${OUTSIDE_RANGE}' END`;
}
