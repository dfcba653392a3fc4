/**
 * The comparison of municipalities (a funnel plot: each municipality's compliance rate against its
 * number of courses judged, around the national rate; docs/metrics.md, "Comparison of
 * municipalities"). Plain functions over published figures.
 */
import { ForbiddenError } from '../common/errors.js';
import type { Principal } from '../common/request-context.js';
import { funnelLimits, type FunnelLimits } from '../statistics/funnel.rules.js';
import type { MunicipalityArea } from '../statistics/population-figures.repository.js';

export type Position = 'above_99_8' | 'above_95' | 'within' | 'below_95' | 'below_99_8';

/**
 * Who sees which municipalities: an evaluator every one; a manager every municipality of the
 * regions their own municipalities lie in; anyone else 403.
 */
export function comparedMunicipalities(principal: Principal, all: readonly MunicipalityArea[]): MunicipalityArea[] {
  if (principal.roles.includes('evaluator')) return [...all];
  const own = principal.roles.includes('manager') ? principal.municipalities : [];
  if (!own.length) throw new ForbiddenError('The comparison is for managers and evaluators');
  const regions = new Set(all.filter((m) => own.includes(m.code)).map((m) => m.regionCode));
  return all.filter((m) => regions.has(m.regionCode));
}

/** The limits at a published denominator; none when it is hidden or there is no national rate. */
export function limitsAt(nationalRate: number | null, judged: number | string | null): FunnelLimits | null {
  return nationalRate === null || typeof judged !== 'number' || judged < 1 ? null : funnelLimits(nationalRate, judged);
}

/** Where a published rate lies against its limits. */
export function positionOf(rate: number | string | null, limits: FunnelLimits | null): Position | null {
  if (typeof rate !== 'number' || !limits) return null;
  if (rate > limits.limits998.upper) return 'above_99_8';
  if (rate > limits.limits95.upper) return 'above_95';
  if (rate < limits.limits998.lower) return 'below_99_8';
  if (rate < limits.limits95.lower) return 'below_95';
  return 'within';
}

/** Denominators to draw the funnel along: 5 to `max` (at least 100), about 40 steps, spaced evenly on a log scale. */
export function funnelDenominators(max: number): number[] {
  const top = Math.max(100, max);
  const out = new Set<number>();
  for (let i = 0; i <= 40; i++) out.add(Math.round(5 * (top / 5) ** (i / 40)));
  return [...out].sort((a, b) => a - b);
}
