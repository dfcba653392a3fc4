/**
 * Who may see which report, at which disclosure level (docs/metrics.md, "Small numbers for
 * evaluators"; docs/domain.md, "Who uses it"): plain rules over the question asked and the caller.
 *
 * - Managers see exact figures (`level` null) for their own municipalities only; without a scope
 *   they get all of their own.
 * - Evaluators (Sundhedsstyrelsen) see every municipality, region and the nation in aggregate,
 *   with the small-number rules at the level of the groups (`groupLevel`); the transaction is
 *   widened to every municipality for them (`national`), since the report returns no personal data.
 * - Everyone else: 403.
 */
import { ForbiddenError, InvalidInputError } from '../common/errors.js';
import type { Principal } from '../common/request-context.js';
import type { DisclosureLevel } from '../statistics/disclosure.rules.js';
import { groupLevel, type GroupBy, type ReportScope } from '../statistics/groupings.js';

export interface ReportQuestion {
  from: string;
  to: string;
  /** Comma-separated municipality codes. */
  municipality?: string;
  region?: string;
  /** Present (any value) for the whole country. */
  national?: string;
  groupBy?: GroupBy;
}

export interface ReportAccess {
  scope: ReportScope;
  /** Null: exact figures; else the small-number rules at this level. */
  level: DisclosureLevel | null;
  /** The transaction must see every municipality (row-level security widened for an aggregate report). */
  national: boolean;
}

const isManager = (p: Principal) => p.roles.includes('manager') && p.municipalities.length > 0;

/** The scope asked for, resolved against the caller; throws the 400 or 403 the caller gets. */
export function reportAccess(question: ReportQuestion, principal: Principal): ReportAccess {
  if (question.from > question.to) throw new InvalidInputError('to', 'after_from', 'to must be on or after from');
  const given = [question.municipality, question.region, question.national].filter((v) => v !== undefined).length;
  if (given > 1) throw new InvalidInputError('municipality', 'one_scope', 'Give one of municipality, region or national');
  const scope = scopeAsked(question, principal);
  if (principal.roles.includes('evaluator')) {
    // A sum over a set of municipalities chosen by the reader would give, by difference with
    // another set, figures the publication hides (docs/metrics.md, "Disclosure control across outputs").
    if (scope.level === 'municipality' && scope.municipalities!.length > 1) {
      throw new InvalidInputError(
        'municipality',
        'one_municipality',
        'Evaluators ask for one municipality at a time (or groupBy=municipality)',
      );
    }
    return { scope, level: groupLevel(scope, question.groupBy), national: true };
  }
  if (!isManager(principal)) throw new ForbiddenError('Reports are for managers and evaluators');
  const own = scope.level === 'municipality' && scope.municipalities!.every((m) => principal.municipalities.includes(m));
  if (!own) throw new ForbiddenError('Managers see reports for their own municipalities');
  return { scope, level: null, national: false };
}

/** What was asked for; without a scope, a manager's own municipalities, and the nation for anyone else. */
function scopeAsked(question: ReportQuestion, principal: Principal): ReportScope {
  if (question.municipality) return { level: 'municipality', municipalities: question.municipality.split(',') };
  if (question.region) return { level: 'region', region: question.region };
  if (question.national !== undefined || !isManager(principal)) return { level: 'national' };
  return { level: 'municipality', municipalities: principal.municipalities };
}
