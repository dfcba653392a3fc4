import { ageGroupSql, UNKNOWN_AGE } from './age-bands.js';
import type { DisclosureLevel } from './disclosure.rules.js';

/** What a report covers and how its groups are cut. */
export const GROUP_BY = [
  'month',
  'quarter',
  'half_year',
  'municipality',
  'region',
  'age_group',
  'sex',
  'contacted_by',
  'focus_area',
] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Which courses a report reads: some municipalities, one region, or the nation. */
export type ScopeLevel = DisclosureLevel;

export interface ReportScope {
  level: ScopeLevel;
  municipalities?: string[];
  region?: string;
}

/**
 * The SQL expression of each grouping (the whitelist: no grouping reaches SQL except through
 * here). `t` is the alias of the table carrying the first-contact date, municipality and region
 * (`course_target` or `course_summary`); the child's attributes are on `course_summary cs`.
 * Age groups follow docs/domain.md: 5–9, 10–13, 14–17.
 */
export const GROUP_SQL: Record<GroupBy | 'all', (t: string) => string> = {
  all: () => `'all'`,
  month: (t) => `to_char(${t}.first_contact_date, 'YYYY-MM')`,
  quarter: (t) => `to_char(${t}.first_contact_date, 'YYYY-"Q"Q')`,
  half_year: (t) =>
    `to_char(${t}.first_contact_date, 'YYYY') || CASE WHEN extract(month FROM ${t}.first_contact_date) <= 6 THEN '-H1' ELSE '-H2' END`,
  municipality: (t) => `${t}.municipality_code::text`,
  region: (t) => `${t}.region_code::text`,
  age_group: () => ageGroupSql('cs.age_years', undefined, UNKNOWN_AGE),
  sex: () => `coalesce(cs.sex, 'unknown')`,
  contacted_by: () => `cs.contacted_by`,
  focus_area: () => `fa.focus_area`,
};

/** Groupings that need the child's attributes from course_summary. */
export const NEEDS_SUMMARY: ReadonlySet<GroupBy> = new Set(['age_group', 'sex', 'contacted_by', 'focus_area']);

/** Focus areas: a course counts once in each of its focus areas; a course with none under `none`. */
export const FOCUS_AREA_JOIN = `CROSS JOIN LATERAL unnest(CASE WHEN cardinality(cs.focus_areas) = 0 THEN ARRAY['none'] ELSE cs.focus_areas END) AS fa(focus_area)`;

/** The disclosure level of a group: a group below the nation is as fine as its grouping or scope. */
export function groupLevel(scope: ReportScope, groupBy: GroupBy | undefined): ScopeLevel {
  if (groupBy === 'municipality') return 'municipality';
  if (groupBy === 'region') return scope.level === 'municipality' ? 'municipality' : 'region';
  return scope.level;
}
