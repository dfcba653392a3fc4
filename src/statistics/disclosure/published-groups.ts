/**
 * Every group of a publication, listed (docs/metrics.md, "Disclosure control across outputs"): an
 * output below national level that lists its groups (a report grouped by municipality, region,
 * age group or sex; one area's report; the aggregates extract's areas) lists every one the
 * publication holds, also those without a course. A group left out would say that it had none,
 * and that emptiness beside an exact national figure is what gives the others' small counts
 * away: the publication shows an empty area as `..`, and so must the list of groups.
 */
import { CLOSURE_REASONS } from '../../kernel/course.model.js';
import { AGE_GROUPS } from '../age-bands.js';
import type { ComplianceRow, FlowRow } from '../aggregates.repository.js';
import type { GroupBy, ReportScope } from '../groupings.js';
import { FLOW_WAIT_NS, type Geography } from './cohort-publication.js';

const SEXES = ['female', 'male', 'unknown'];

/** The keys of every group a report of `scope` grouped by `groupBy` has in the publication. */
export function publishedGroupKeys(geography: Geography, scope: ReportScope, groupBy: GroupBy | undefined): string[] {
  const regionOf = (m: string) => Object.keys(geography.regions).find((r) => geography.regions[r].includes(m))!;
  const municipalities =
    scope.level === 'municipality'
      ? scope.municipalities!
      : scope.level === 'region'
        ? geography.regions[scope.region!]
        : Object.values(geography.regions).flat();
  if (groupBy === 'municipality') return [...municipalities].sort();
  if (groupBy === 'region') return [...new Set(municipalities.map(regionOf))].sort();
  if (groupBy === 'age_group') return [...AGE_GROUPS].sort();
  if (groupBy === 'sex') return [...SEXES].sort();
  return ['all'];
}

/** `rows` with a row of zeros for each key they lack, in the order of the keys. */
export function everyGroup<R extends { key: string }>(rows: readonly R[], keys: readonly string[], empty: (key: string) => R): R[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return keys.map((k) => byKey.get(k) ?? empty(k));
}

/** A compliance row of zeros: a group, or a whole report, without a course. */
export function emptyComplianceRow(target: string, key: string, national = true): ComplianceRow {
  return {
    target,
    national,
    key,
    met: 0,
    breached: 0,
    overdue: 0,
    pending: 0,
    notApplicable: 0,
    completedN: 0,
    completedMedian: null,
    completedP90: null,
    openN: 0,
    openMedian: null,
    openP90: null,
    adjustedMet: 0,
    adjustedBreached: 0,
    adjustedOverdue: 0,
    adjustedCompletedN: 0,
    adjustedCompletedMedian: null,
    adjustedCompletedP90: null,
  };
}

export function emptyFlowRow(key: string): FlowRow {
  return {
    key,
    firstContact: 0,
    preConversation: 0,
    screening: 0,
    treatment: 0,
    completed: 0,
    closed: 0,
    closureReasons: Object.fromEntries(CLOSURE_REASONS.map((r) => [r, 0])),
    referralDestinations: {},
    waits: Object.fromEntries(FLOW_WAIT_NS.map((w) => [w, { n: 0, median: null, p90: null }])),
  };
}
