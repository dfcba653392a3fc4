import { publishedValue, restsOnTooFew, suppressCount, suppressRate, type DisclosureLevel } from '../statistics/disclosure.rules.js';
import type { ComplianceRow, FlowRow } from '../statistics/aggregates.repository.js';

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

export type ComplianceGroup = ReturnType<typeof complianceGroup>;

/** Groups rows by target; the national targets always appear (with an empty `all` group if need be). */
export function complianceTargets(rows: ComplianceRow[], nationalTargets: string[], level: DisclosureLevel | null, grouped: boolean) {
  const byTarget = new Map<string, { target: string; national: boolean; groups: ComplianceGroup[] }>();
  for (const name of nationalTargets) byTarget.set(name, { target: name, national: true, groups: [] });
  for (const row of rows) {
    const entry = byTarget.get(row.target) ?? { target: row.target, national: row.national, groups: [] };
    entry.groups.push(complianceGroup(row, level));
    byTarget.set(row.target, entry);
  }
  for (const entry of byTarget.values()) {
    if (!grouped && entry.groups.length === 0) entry.groups.push(complianceGroup(emptyRow(entry.target, entry.national), level));
  }
  return [...byTarget.values()];
}

function emptyRow(target: string, national: boolean): ComplianceRow {
  return {
    target,
    national,
    key: 'all',
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
