import type { components } from '../../api/schema.js';
import { defaultPeriod, halfYearBounds, isLocalDate, lastCompleteHalfYear, wholeHalfYearOf } from '../../reports/period.js';
import { allowedScope, parseScope, type ScopeSearch } from '../../reports/scope.js';

export type FlowReport = components['schemas']['FlowReport'];
export type FlowGroup = components['schemas']['FlowGroupView'];

/** The steps of a course in order (docs/domain.md, "The steps of a course"). */
export const STEPS = ['firstContact', 'preConversation', 'screening', 'treatment', 'completed'] as const;
export type Step = (typeof STEPS)[number];

export const CLOSURE_REASONS = [
  'completed',
  'dropped_out',
  'family_declined',
  'not_in_target_group',
  'referred_elsewhere',
  'moved_away',
  'other',
] as const;

export const REFERRAL_DESTINATIONS = [
  'home_municipality_offer',
  'other_municipality_126a',
  'gp',
  'child_psychiatry',
  'civil_society',
  'other',
] as const;

/** The waits in the order a course goes (the API's FlowWaitsView). */
export const WAITS = [
  'firstContactToPreConversation',
  'preConversationToScreening',
  'firstContactToScreening',
  'screeningToFirstTreatment',
  'firstContactToFirstTreatment',
  'betweenTreatmentSessions',
  'firstTreatmentToLastTreatment',
  'lastTreatmentToClosingConversation',
  'firstContactToClosure',
] as const satisfies readonly (keyof FlowGroup['waits'])[];

/** The screen's filters in the URL: the period and the area. */
export interface FlowSearch extends ScopeSearch {
  from?: string;
  to?: string;
}

export function parseFlowSearch(search: Record<string, unknown>): FlowSearch {
  return {
    ...(isLocalDate(search.from) ? { from: search.from } : {}),
    ...(isLocalDate(search.to) ? { to: search.to } : {}),
    ...parseScope(search),
  };
}

/**
 * Below national level an evaluator's figures are published for whole calendar half-years only
 * (docs/metrics.md, "Disclosure control across outputs"): the page then asks by half-year.
 */
export const byHalfYear = (scope: ScopeSearch, evaluator: boolean) => evaluator && Boolean(scope.municipality || scope.region);

/** The half-year the filters ask for where the page asks by half-year: the one given, else the last that has ended. */
export function flowHalfYear(search: FlowSearch, today: string): string {
  return (search.from && search.to && wholeHalfYearOf(search.from, search.to)) || lastCompleteHalfYear(today);
}

/** The API query (GET /api/v1/reports/flow) for the filters, within what the caller may ask. */
export function flowQuery(search: FlowSearch, today: string, evaluator: boolean, mine: readonly string[]) {
  const { municipality, region } = allowedScope(search, evaluator, mine);
  const scope: ScopeSearch = municipality ? { municipality } : region ? { region } : {};
  if (byHalfYear(scope, evaluator)) return { ...halfYearBounds(flowHalfYear(search, today)), ...scope };
  const fallback = defaultPeriod(today);
  return { from: search.from ?? fallback.from, to: search.to ?? fallback.to, ...scope };
}

/**
 * The drop-off into each step: the share of first contacts that reached the step before minus
 * the share that reached this one, in percentage points. It is computed from the published
 * shares only (a share hidden by the small-number rules leaves it empty), and it may be
 * negative: a course may go straight to screening without a pre-conversation.
 */
export function dropOffs(group: FlowGroup): (number | null)[] {
  // Every first contact reached the first step: its share is 1 (none when the group is empty).
  const share = (step: Step) => (step === 'firstContact' ? (group.reached.firstContact === 0 ? null : 1) : group.shareReached[step]);
  return STEPS.map((step, i) => {
    if (i === 0) return null;
    const before = share(STEPS[i - 1]);
    const now = share(step);
    return before === null || now === null ? null : Number(((before - now) * 100).toFixed(1));
  });
}
