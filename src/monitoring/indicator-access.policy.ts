/**
 * Who may see which indicators, at which disclosure level (docs/metrics.md, "Monitoring
 * indicators", "Who sees what"): plain rules over the question asked and the caller.
 *
 * - Evaluators: every level and area, with the small-number rules at the level asked (the
 *   transaction is widened to every municipality for them: `national`). Without `level`: the level
 *   of the filter given (`municipality=` → municipality, `region=` → region), else national.
 * - Managers: their own municipalities at municipality level (the default for them), exact.
 * - Everyone else: 403.
 */
import { ForbiddenError, InvalidInputError } from '../common/errors.js';
import type { Principal } from '../common/request-context.js';
import { membersNamed } from '../statistics/areas.rules.js';
import type { DisclosureLevel } from '../statistics/disclosure.rules.js';
import type { AreaLevel, IndicatorScope } from '../statistics/indicators.repository.js';
import type { MunicipalityArea } from '../statistics/population-figures.repository.js';

export interface IndicatorQuestion {
  level?: AreaLevel;
  /** Comma-separated municipality codes. */
  municipality?: string;
  region?: string;
}

export interface IndicatorAccess {
  level: AreaLevel;
  scope: IndicatorScope;
  /** Null: exact figures; else the small-number rules at this level. */
  disclosure: DisclosureLevel | null;
  /** The municipalities the areas are made of. */
  members: MunicipalityArea[];
  /** The transaction must see every municipality (an evaluator's aggregate read). */
  national: boolean;
}

/** The question resolved against the caller and the register `all`; throws the 400 or 403 the caller gets. */
export function indicatorAccess(question: IndicatorQuestion, principal: Principal, all: readonly MunicipalityArea[]): IndicatorAccess {
  const asked = question.municipality?.split(',');
  if (asked) membersNamed(all, asked);
  const evaluator = principal.roles.includes('evaluator');
  const level: AreaLevel = question.level ?? (asked || !evaluator ? 'municipality' : question.region ? 'region' : 'national');
  if (level !== 'municipality' && asked) {
    throw new InvalidInputError('municipality', 'level', 'municipality is for level=municipality; use region or no filter');
  }
  if (level === 'national' && question.region) throw new InvalidInputError('region', 'level', 'level=national covers every region');

  if (evaluator) {
    const members = asked
      ? all.filter((m) => asked.includes(m.code))
      : question.region
        ? all.filter((m) => m.regionCode === question.region)
        : [...all];
    const scope: IndicatorScope = asked
      ? { municipalities: members.map((m) => m.code) }
      : question.region
        ? { region: question.region }
        : { national: true };
    return { level, scope, disclosure: level, members, national: true };
  }
  const own = principal.roles.includes('manager') ? principal.municipalities : [];
  if (!own.length) throw new ForbiddenError('Indicators are for managers and evaluators');
  if (level !== 'municipality' || question.region) throw new ForbiddenError('Managers see indicators for their own municipalities');
  if (asked && !asked.every((c) => own.includes(c))) throw new ForbiddenError('Managers see indicators for their own municipalities');
  const members = all.filter((m) => (asked ?? own).includes(m.code));
  return { level, scope: { municipalities: members.map((m) => m.code) }, disclosure: null, members, national: false };
}
