import { publishedValue, restsOnTooFew, suppressCount, suppressRate, type DisclosureLevel } from '../statistics/disclosure.rules.js';
import type { ComplianceRow, FlowRow } from '../statistics/aggregates.repository.js';
import { HIDDEN_MARKER, SMALL_NUMBER_THRESHOLD } from '../statistics/disclosure.rules.js';
import type { Breakdown, Publication } from '../statistics/disclosure/cohort-publication.js';
import { emptyComplianceRow } from '../statistics/disclosure/published-groups.js';
import { CLOSURE_REASONS, REFERRAL_DESTINATIONS } from '../kernel/course.model.js';

/** Compliance rate = met / (met + breached + overdue) (docs/domain.md), 3 decimals; null with no denominator. */
export function complianceRate(met: number, breached: number, overdue: number): number | null {
  const denominator = met + breached + overdue;
  return denominator === 0 ? null : Number((met / denominator).toFixed(3));
}

type Figure = number | string | null;

/**
 * One report group as published. `level` null: the caller may see the exact figures (a manager
 * on their own municipality). Otherwise docs/domain.md's small-number rules apply below national level:
 * counts 1–4 as `<5`, others rounded to 5; a rate is hidden (null, like a hidden median) when its
 * numerator or denominator is under 5; a median or 90th percentile is hidden (null) when it rests
 * on fewer than 5 waits.
 */
export function complianceGroup(row: ComplianceRow, level: DisclosureLevel | null) {
  const count = (n: number): Figure => (level ? publishedValue(suppressCount(n, level)) : n);
  const rate = (met: number, breached: number, overdue: number): Figure =>
    level ? suppressRate(met, met + breached + overdue, level).value : complianceRate(met, breached, overdue);
  const stat = (n: number, value: number | null): Figure => (restsOnTooFew(n, level) ? null : value);
  return {
    key: row.key,
    met: count(row.met),
    breached: count(row.breached),
    overdue: count(row.overdue),
    pending: count(row.pending),
    notApplicable: count(row.notApplicable),
    rate: rate(row.met, row.breached, row.overdue),
    completed: { n: count(row.completedN), median: stat(row.completedN, row.completedMedian), p90: stat(row.completedN, row.completedP90) },
    open: { n: count(row.openN), median: stat(row.openN, row.openMedian), p90: stat(row.openN, row.openP90) },
    adjusted: {
      met: count(row.adjustedMet),
      breached: count(row.adjustedBreached),
      overdue: count(row.adjustedOverdue),
      rate: rate(row.adjustedMet, row.adjustedBreached, row.adjustedOverdue),
      completed: {
        n: count(row.adjustedCompletedN),
        median: stat(row.adjustedCompletedN, row.adjustedCompletedMedian),
        p90: stat(row.adjustedCompletedN, row.adjustedCompletedP90),
      },
    },
    ...(level && level !== 'national' ? { suppressed: true } : {}),
  };
}

export type ComplianceGroup = ReturnType<typeof complianceGroup> | ReturnType<typeof publishedComplianceGroup>;

/** Groups rows by target; the national targets always appear (with an empty `all` group if need be). */
export function complianceTargets(
  rows: ComplianceRow[],
  nationalTargets: string[],
  level: DisclosureLevel | null,
  grouped: boolean,
  publish: (row: ComplianceRow) => ComplianceGroup = (row) => complianceGroup(row, level),
) {
  const byTarget = new Map<string, { target: string; national: boolean; groups: ComplianceGroup[] }>();
  for (const name of nationalTargets) byTarget.set(name, { target: name, national: true, groups: [] });
  for (const row of rows) {
    const entry = byTarget.get(row.target) ?? { target: row.target, national: row.national, groups: [] };
    entry.groups.push(publish(row));
    byTarget.set(row.target, entry);
  }
  for (const entry of byTarget.values()) {
    if (!grouped && entry.groups.length === 0) entry.groups.push(publish(emptyComplianceRow(entry.target, 'all', entry.national)));
  }
  return [...byTarget.values()];
}

/** A flow group as published, with the same small-number rules as the compliance report. */
export function flowGroup(row: FlowRow, level: DisclosureLevel | null) {
  const count = (n: number): Figure => (level ? publishedValue(suppressCount(n, level)) : n);
  const share = (n: number): Figure =>
    level ? suppressRate(n, row.firstContact, level).value : row.firstContact ? Number((n / row.firstContact).toFixed(3)) : null;
  const counts = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, count(v)]));
  const hideStat = (n: number) => restsOnTooFew(n, level);
  return {
    key: row.key,
    reached: {
      firstContact: count(row.firstContact),
      preConversation: count(row.preConversation),
      screening: count(row.screening),
      treatment: count(row.treatment),
      completed: count(row.completed),
    },
    shareReached: {
      preConversation: share(row.preConversation),
      screening: share(row.screening),
      treatment: share(row.treatment),
      completed: share(row.completed),
    },
    closed: count(row.closed),
    closureReasons: counts(row.closureReasons),
    referralDestinations: counts(row.referralDestinations),
    waits: Object.fromEntries(
      Object.entries(row.waits).map(([k, w]) => [
        k,
        { n: count(w.n), median: hideStat(w.n) ? null : w.median, p90: hideStat(w.n) ? null : w.p90 },
      ]),
    ),
  };
}

/** Where a report group's figures are in a cohort's publication. */
export interface PublishedCell {
  publication: Publication;
  area: string;
  breakdown: Breakdown;
}

/**
 * A statistic over a count's values as published with the publication: hidden (null) when the
 * count is hidden (its values then tell nothing, not even that there are none) or under 5.
 */
const publishedStat = (cell: PublishedCell, measure: string, n: number, value: number | null): Figure =>
  cell.publication.hidden(measure, cell.area, cell.breakdown) || n < SMALL_NUMBER_THRESHOLD ? null : value;
/** A rate as the reports write it: hidden rates are null. */
const reportRate = (r: Figure): Figure => (r === HIDDEN_MARKER ? null : r);

/** A compliance group below national level for an evaluator: every count and rate from the cohort's publication. */
export function publishedComplianceGroup(row: ComplianceRow, cell: PublishedCell) {
  const { publication, area, breakdown } = cell;
  const c = (m: string) => publication.count(`${row.target}.${m}`, area, breakdown);
  const stat = (m: string, n: number, value: number | null) => publishedStat(cell, `${row.target}.${m}`, n, value);
  return {
    key: row.key,
    met: c('met'),
    breached: c('breached'),
    overdue: c('overdue'),
    pending: c('pending'),
    notApplicable: c('not_applicable'),
    rate: reportRate(publication.rate(`${row.target}.rate`, area, breakdown)),
    completed: {
      n: c('completed_n'),
      median: stat('completed_n', row.completedN, row.completedMedian),
      p90: stat('completed_n', row.completedN, row.completedP90),
    },
    open: { n: c('open_n'), median: stat('open_n', row.openN, row.openMedian), p90: stat('open_n', row.openN, row.openP90) },
    adjusted: {
      met: c('adjusted_met'),
      breached: c('adjusted_breached'),
      overdue: c('adjusted_overdue'),
      rate: reportRate(publication.rate(`${row.target}.adjusted_rate`, area, breakdown)),
      completed: {
        n: c('adjusted_completed_n'),
        median: stat('adjusted_completed_n', row.adjustedCompletedN, row.adjustedCompletedMedian),
        p90: stat('adjusted_completed_n', row.adjustedCompletedN, row.adjustedCompletedP90),
      },
    },
    suppressed: true,
  };
}

/**
 * A flow group below national level for an evaluator, from the cohort's publication. Every
 * closure reason and referral destination is listed (an absent one would say it is 0).
 */
export function publishedFlowGroup(row: FlowRow, cell: PublishedCell) {
  const { publication, area, breakdown } = cell;
  const c = (m: string) => publication.count(m, area, breakdown);
  const share = (step: string) => reportRate(publication.rate(`share_${step}`, area, breakdown));
  return {
    key: row.key,
    reached: {
      firstContact: c('first_contact'),
      preConversation: c('reached_pre_conversation'),
      screening: c('reached_screening'),
      treatment: c('reached_treatment'),
      completed: c('reached_completed'),
    },
    shareReached: {
      preConversation: share('pre_conversation'),
      screening: share('screening'),
      treatment: share('treatment'),
      completed: share('completed'),
    },
    closed: c('closed'),
    closureReasons: Object.fromEntries(CLOSURE_REASONS.map((r) => [r, c(`closure_${r}`)])),
    referralDestinations: Object.fromEntries(REFERRAL_DESTINATIONS.map((d) => [d, c(`referral_${d}`)])),
    waits: Object.fromEntries(
      Object.entries(row.waits).map(([k, w]) => [
        k,
        {
          n: c(`wait_${k}_n`),
          median: publishedStat(cell, `wait_${k}_n`, w.n, w.median),
          p90: publishedStat(cell, `wait_${k}_n`, w.n, w.p90),
        },
      ]),
    ),
  };
}
