/**
 * The `aggregates` extract: the compliance and flow reports' figures per municipality, region
 * and nation, one figure per row, with docs/domain.md's small-number rules below national level:
 * counts 1–4 as `<5`, other counts rounded to 5, rates hidden when numerator or denominator is
 * under 5, and, in rows that show a total (the target states; the closure reasons), the
 * next-smallest cell hidden too when one cell is hidden (secondary suppression).
 */
import { CLOSURE_REASONS, REFERRAL_DESTINATIONS } from '../kernel/course.model.js';
import type { ComplianceRow, FlowRow } from '../statistics/aggregates.repository.js';
import type { Publication } from '../statistics/disclosure/cohort-publication.js';
import type { ExtractColumn } from './extract-columns.js';
import {
  HIDDEN_MARKER,
  publishedValue,
  restsOnTooFew,
  suppressCount,
  suppressRate,
  suppressRow,
  type DisclosureLevel,
} from '../statistics/disclosure.rules.js';

export const AGGREGATE_COLUMNS: readonly ExtractColumn[] = Object.freeze([
  {
    name: 'level',
    type: 'code',
    meaning: 'Geography of the figure.',
    source: 'docs/domain.md: by municipality, region and nation.',
    kinds: [],
    values: ['municipality', 'region', 'national'],
  },
  {
    name: 'area_code',
    type: 'code',
    meaning: 'Kommunekode, DAGI region code, or `dk` for the nation.',
    source: 'The municipality register.',
    kinds: [],
  },
  {
    name: 'report',
    type: 'code',
    meaning:
      'Which report the figure comes from: the compliance or flow report over the extract’s period, or the monitoring indicators of one half-year.',
    source: 'docs/metrics.md',
    kinds: [],
    values: ['compliance', 'flow', 'indicators'],
  },
  {
    name: 'period',
    type: 'string',
    meaning:
      'The cohort: `extract` (first contacts in the extract’s from–to, see the manifest) for the national compliance and flow figures; a half-year such as `2025H2` for every figure below national level and for the indicators (each half-year wholly inside the extract’s period: below national level figures exist for whole half-years only, from the half-year’s one publication).',
    source: 'docs/domain.md: monitoring half-yearly',
    kinds: [],
  },
  {
    name: 'breakdown',
    type: 'code',
    meaning:
      'Which children the figure counts: `all`, an age group (`age_group_5_9`, `age_group_10_13`, `age_group_14_17`, `age_group_outside_range`, `age_group_unknown`) or a sex (`sex_female`, `sex_male`, `sex_unknown`); indicators only are broken down.',
    source: 'docs/domain.md: by age group and sex',
    kinds: [],
  },
  {
    name: 'target',
    type: 'code',
    meaning:
      'The national service target (compliance figures only): pre_conversation_14d or screening_30d. Municipalities’ own targets are not aggregated (each is one municipality’s); the courses extract has their states.',
    source: 'docs/metrics.md, Service targets',
    kinds: [],
  },
  {
    name: 'measure',
    type: 'code',
    meaning: 'The figure, e.g. met, rate, completed_median, reached_screening, closure_dropped_out.',
    source: 'docs/metrics.md',
    kinds: [],
  },
  {
    name: 'value',
    type: 'decimal',
    meaning:
      'The figure as published: a count (rounded to 5 below national level), `<5`, `..` for a hidden figure, a rate as a fraction, days.',
    source: 'docs/domain.md: small-number rules',
    kinds: [],
  },
] satisfies ExtractColumn[]);

export interface AggregateRow {
  level: DisclosureLevel;
  area_code: string;
  report: 'compliance' | 'flow' | 'indicators';
  period: string;
  breakdown: string;
  target: string | null;
  measure: string;
  value: number | string | null;
}

const STATES = ['met', 'breached', 'overdue', 'pending', 'not_applicable'] as const;

const stat = (level: DisclosureLevel, n: number, value: number | null) => (restsOnTooFew(n, level) ? HIDDEN_MARKER : value);

/**
 * Only the national targets. A municipality's own target is named by that municipality (free
 * text, see EXCLUDED_FIELDS) and is used by it alone, so a region or national row of it would be
 * one municipality's figures published with the looser rules of the wider level (nationally:
 * exact). The courses extract carries municipal target states, named by kind and limit.
 */
export function complianceAggregateRows(level: DisclosureLevel, rows: ComplianceRow[]): AggregateRow[] {
  return rows
    .filter((r) => r.national)
    .flatMap((r) => {
      const area = level === 'national' ? 'dk' : r.key;
      const out = (measure: string, value: number | string | null): AggregateRow => ({
        level,
        area_code: area,
        report: 'compliance',
        period: 'extract',
        breakdown: 'all',
        target: r.target,
        measure,
        value,
      });
      const counts = { met: r.met, breached: r.breached, overdue: r.overdue, pending: r.pending, not_applicable: r.notApplicable };
      const total = STATES.reduce((s, k) => s + counts[k], 0);
      const row = suppressRow(
        STATES.map((k) => ({ key: k, value: counts[k] })),
        total,
        level,
      );
      return [
        ...row.cells.map((c) => out(c.key, publishedValue(c))),
        out('total', row.total ? publishedValue(row.total) : total),
        out('rate', publishedValue(suppressRate(r.met, r.met + r.breached + r.overdue, level))),
        out('completed_median', stat(level, r.completedN, r.completedMedian)),
        out('completed_p90', stat(level, r.completedN, r.completedP90)),
        out('open_median', stat(level, r.openN, r.openMedian)),
        out('open_p90', stat(level, r.openN, r.openP90)),
        out('adjusted_met', publishedValue(suppressCount(r.adjustedMet, level))),
        out('adjusted_breached', publishedValue(suppressCount(r.adjustedBreached, level))),
        out('adjusted_overdue', publishedValue(suppressCount(r.adjustedOverdue, level))),
        out('adjusted_rate', publishedValue(suppressRate(r.adjustedMet, r.adjustedMet + r.adjustedBreached + r.adjustedOverdue, level))),
        out('adjusted_completed_median', stat(level, r.adjustedCompletedN, r.adjustedCompletedMedian)),
        out('adjusted_completed_p90', stat(level, r.adjustedCompletedN, r.adjustedCompletedP90)),
      ];
    });
}

export function flowAggregateRows(level: DisclosureLevel, rows: FlowRow[]): AggregateRow[] {
  return rows.flatMap((r) => {
    const area = level === 'national' ? 'dk' : r.key;
    const out = (measure: string, value: number | string | null): AggregateRow => ({
      level,
      area_code: area,
      report: 'flow',
      period: 'extract',
      breakdown: 'all',
      target: null,
      measure,
      value,
    });
    const count = (n: number) => publishedValue(suppressCount(n, level));
    const steps = {
      first_contact: r.firstContact,
      pre_conversation: r.preConversation,
      screening: r.screening,
      treatment: r.treatment,
      completed: r.completed,
    };
    const reasons = suppressRow(
      CLOSURE_REASONS.map((k) => ({ key: k, value: r.closureReasons[k] ?? 0 })),
      r.closed,
      level,
    );
    return [
      ...Object.entries(steps).map(([k, n]) => out(`reached_${k}`, count(n))),
      ...Object.entries(steps)
        .filter(([k]) => k !== 'first_contact')
        .map(([k, n]) => out(`share_${k}`, publishedValue(suppressRate(n, r.firstContact, level)))),
      out('closed', reasons.total ? publishedValue(reasons.total) : count(r.closed)),
      ...reasons.cells.map((c) => out(`closure_${c.key}`, publishedValue(c))),
      ...REFERRAL_DESTINATIONS.map((d) => out(`referral_${d}`, count(r.referralDestinations[d] ?? 0))),
      ...Object.entries(r.waits).flatMap(([k, w]) => [
        out(`days_${snake(k)}_median`, stat(level, w.n, w.median)),
        out(`days_${snake(k)}_p90`, stat(level, w.n, w.p90)),
      ]),
    ];
  });
}

/** A statistic from a publication: hidden (`..`) with its count, or on fewer than 5 values. */
const publishedStat = (publication: Publication, measure: string, area: string, n: number, value: number | null) =>
  publication.hidden(measure, area) || restsOnTooFew(n, 'municipality') ? HIDDEN_MARKER : value;

/**
 * Compliance figures below national level of one half-year, per area, from the cohort's
 * publication (the one disclosure control across outputs): the same measures as
 * complianceAggregateRows, every count and rate as the publication has it.
 */
export function publishedComplianceAggregateRows(
  period: string,
  level: DisclosureLevel,
  rows: ComplianceRow[],
  publication: Publication,
): AggregateRow[] {
  return rows
    .filter((r) => r.national)
    .flatMap((r) => {
      const out = (measure: string, value: number | string | null): AggregateRow => ({
        level,
        area_code: r.key,
        report: 'compliance',
        period,
        breakdown: 'all',
        target: r.target,
        measure,
        value,
      });
      const c = (m: string) => publication.count(`${r.target}.${m}`, r.key);
      const stat = (m: string, n: number, v: number | null) => publishedStat(publication, `${r.target}.${m}`, r.key, n, v);
      return [
        ...STATES.map((k) => out(k, c(k))),
        out('total', publication.count('first_contact', r.key)),
        out('rate', publication.rate(`${r.target}.rate`, r.key)),
        out('completed_median', stat('completed_n', r.completedN, r.completedMedian)),
        out('completed_p90', stat('completed_n', r.completedN, r.completedP90)),
        out('open_median', stat('open_n', r.openN, r.openMedian)),
        out('open_p90', stat('open_n', r.openN, r.openP90)),
        out('adjusted_met', c('adjusted_met')),
        out('adjusted_breached', c('adjusted_breached')),
        out('adjusted_overdue', c('adjusted_overdue')),
        out('adjusted_rate', publication.rate(`${r.target}.adjusted_rate`, r.key)),
        out('adjusted_completed_median', stat('adjusted_completed_n', r.adjustedCompletedN, r.adjustedCompletedMedian)),
        out('adjusted_completed_p90', stat('adjusted_completed_n', r.adjustedCompletedN, r.adjustedCompletedP90)),
      ];
    });
}

/** Flow figures below national level of one half-year, per area, from the cohort's publication. */
export function publishedFlowAggregateRows(
  period: string,
  level: DisclosureLevel,
  rows: FlowRow[],
  publication: Publication,
): AggregateRow[] {
  return rows.flatMap((r) => {
    const out = (measure: string, value: number | string | null): AggregateRow => ({
      level,
      area_code: r.key,
      report: 'flow',
      period,
      breakdown: 'all',
      target: null,
      measure,
      value,
    });
    const c = (m: string) => publication.count(m, r.key);
    const steps = ['first_contact', 'pre_conversation', 'screening', 'treatment', 'completed'];
    return [
      ...steps.map((k) => out(`reached_${k}`, c(k === 'first_contact' ? 'first_contact' : `reached_${k}`))),
      ...steps.slice(1).map((k) => out(`share_${k}`, publication.rate(`share_${k}`, r.key))),
      out('closed', c('closed')),
      ...CLOSURE_REASONS.map((k) => out(`closure_${k}`, c(`closure_${k}`))),
      ...REFERRAL_DESTINATIONS.map((d) => out(`referral_${d}`, c(`referral_${d}`))),
      ...Object.entries(r.waits).flatMap(([k, w]) => [
        out(`days_${snake(k)}_median`, publishedStat(publication, `wait_${k}_n`, r.key, w.n, w.median)),
        out(`days_${snake(k)}_p90`, publishedStat(publication, `wait_${k}_n`, r.key, w.n, w.p90)),
      ]),
    ];
  });
}

const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** What the indicators endpoint publishes for one area (already suppressed for the caller). */
export interface IndicatorArea {
  level: DisclosureLevel;
  code: string;
  all: IndicatorCell;
  byAgeGroup: Record<string, IndicatorCell>;
  bySex: Record<string, IndicatorCell>;
}
interface IndicatorCell {
  indicators: Record<string, IndicatorValue>;
  referralDestinations: Record<string, IndicatorValue>;
}
interface IndicatorValue {
  value: number | string | null;
  baseline: number | string | null;
  change: { absolute: number | null; relative: number | null };
}

/**
 * The monitoring indicators of one half-year as aggregate rows: each indicator's value (and,
 * where a baseline is set, its baseline and the change from it), per area and breakdown, as the
 * indicators endpoint publishes them (the small-number rules already applied there). An area
 * with no first contact in the half-year has no rows: its counts are all 0 and its shares and
 * medians do not exist.
 */
export function indicatorAggregateRows(period: string, areas: readonly IndicatorArea[], withBaseline: boolean): AggregateRow[] {
  const code = (text: string) => text.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/-/g, '_');
  return areas
    .filter((area) => area.all.indicators.firstContacts?.value !== 0)
    .flatMap((area) => {
      const cells: [string, IndicatorCell][] = [
        ['all', area.all],
        ...Object.entries(area.byAgeGroup).map(([g, c]): [string, IndicatorCell] => [`age_group_${code(g)}`, c]),
        ...Object.entries(area.bySex).map(([s, c]): [string, IndicatorCell] => [`sex_${s}`, c]),
      ];
      return cells.flatMap(([breakdown, cell]) =>
        [
          ...Object.entries(cell.indicators),
          ...Object.entries(cell.referralDestinations).map(([d, f]): [string, IndicatorValue] => [`referrals_${d}`, f]),
        ].flatMap(([id, f]) => {
          const out = (measure: string, value: number | string | null): AggregateRow => ({
            level: area.level,
            area_code: area.level === 'national' ? 'dk' : area.code,
            report: 'indicators',
            period,
            breakdown,
            target: null,
            measure,
            value,
          });
          if (!withBaseline) return [out(code(id), f.value)];
          return [
            out(code(id), f.value),
            out(`${code(id)}_baseline`, f.baseline),
            out(`${code(id)}_change`, f.change.absolute),
            out(`${code(id)}_change_relative`, f.change.relative),
          ];
        }),
      );
    });
}
