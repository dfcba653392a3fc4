import { stringify } from 'csv-stringify/sync';
import type { ComplianceGroup } from './report-shape.js';

const COLUMNS = [
  'target',
  'group',
  'met',
  'breached',
  'overdue',
  'pending',
  'not_applicable',
  'rate',
  'completed_n',
  'completed_median',
  'completed_p90',
  'open_n',
  'open_median',
  'open_p90',
  'adjusted_met',
  'adjusted_breached',
  'adjusted_overdue',
  'adjusted_rate',
  'adjusted_completed_n',
  'adjusted_completed_median',
  'adjusted_completed_p90',
];

/** The compliance report as CSV: one line per target and group, the same figures as the JSON. */
export function complianceCsv(targets: { target: string; groups: ComplianceGroup[] }[]): string {
  const rows = targets.flatMap((t) =>
    t.groups.map((g) => [
      t.target,
      g.key,
      g.met,
      g.breached,
      g.overdue,
      g.pending,
      g.notApplicable,
      g.rate,
      g.completed.n,
      g.completed.median,
      g.completed.p90,
      g.open.n,
      g.open.median,
      g.open.p90,
      g.adjusted.met,
      g.adjusted.breached,
      g.adjusted.overdue,
      g.adjusted.rate,
      g.adjusted.completed.n,
      g.adjusted.completed.median,
      g.adjusted.completed.p90,
    ]),
  );
  return stringify([COLUMNS, ...rows.map((r) => r.map((v) => (v === null ? '' : v)))]);
}
