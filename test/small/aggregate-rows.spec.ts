import { CLOSURE_REASONS, REFERRAL_DESTINATIONS } from '../../src/kernel/course.model.js';
import {
  AGGREGATE_COLUMNS,
  type AggregateRow,
  complianceAggregateRows,
  flowAggregateRows,
  indicatorAggregateRows,
} from '../../src/extracts/aggregate-rows.js';
import type { DisclosureLevel } from '../../src/statistics/disclosure.rules.js';
import type { ComplianceRow, FlowRow } from '../../src/statistics/aggregates.repository.js';

/** A compliance row of the report query: zeros and no waits unless given. */
function compliance(over: Partial<ComplianceRow> = {}): ComplianceRow {
  return {
    target: 'pre_conversation_14d',
    national: true,
    key: '751',
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
    ...over,
  };
}

/** A flow row of the report query: zeros and no waits unless given. */
function flow(over: Partial<FlowRow> = {}): FlowRow {
  return {
    key: '751',
    firstContact: 0,
    preConversation: 0,
    screening: 0,
    treatment: 0,
    completed: 0,
    closed: 0,
    closureReasons: {},
    referralDestinations: {},
    waits: {},
    ...over,
  };
}

/** measure → published value, for one area's rows. */
const byMeasure = (rows: AggregateRow[]) => Object.fromEntries(rows.map((r) => [r.measure, r.value]));

const COMPLIANCE_MEASURES = [
  'met',
  'breached',
  'overdue',
  'pending',
  'not_applicable',
  'total',
  'rate',
  'completed_median',
  'completed_p90',
  'open_median',
  'open_p90',
  'adjusted_met',
  'adjusted_breached',
  'adjusted_overdue',
  'adjusted_rate',
  'adjusted_completed_median',
  'adjusted_completed_p90',
];

describe(complianceAggregateRows.name, () => {
  it('writes one row per measure, in a fixed order, naming level, area, report and target', () => {
    const rows = complianceAggregateRows('municipality', [compliance({ key: '101', target: 'screening_30d' })]);
    expect(rows.map((r) => r.measure)).toEqual(COMPLIANCE_MEASURES);
    for (const row of rows)
      expect(row).toMatchObject({ level: 'municipality', area_code: '101', report: 'compliance', target: 'screening_30d' });
  });

  it('writes each row with exactly the aggregate columns', () => {
    const [row] = complianceAggregateRows('region', [compliance({ key: '1082' })]);
    expect(Object.keys(row)).toEqual(AGGREGATE_COLUMNS.map((c) => c.name));
  });

  it('names the nation dk, whatever the key of its group', () => {
    const rows = complianceAggregateRows('national', [compliance({ key: 'all' })]);
    expect(new Set(rows.map((r) => r.area_code))).toEqual(new Set(['dk']));
  });

  it('writes one block per target and area, in the order given', () => {
    const rows = complianceAggregateRows('municipality', [
      compliance({ key: '101' }),
      compliance({ key: '751' }),
      compliance({ key: '751', target: 'screening_30d' }),
    ]);
    expect(rows.filter((r) => r.measure === 'met').map((r) => `${r.area_code}:${r.target}`)).toEqual([
      '101:pre_conversation_14d',
      '751:pre_conversation_14d',
      '751:screening_30d',
    ]);
  });

  it.each(['municipality', 'region', 'national'] as DisclosureLevel[])(
    'at %s level leaves out a municipality’s own target, whose name and figures are that one municipality’s',
    (level) => {
      const rows = complianceAggregateRows(level, [
        compliance({ met: 3 }),
        compliance({ target: 'treatment_start_21d', national: false, met: 1 }),
      ]);
      expect(new Set(rows.map((r) => r.target))).toEqual(new Set(['pre_conversation_14d']));
    },
  );

  it.each([
    [
      'one small cell: it reads <5 and the next-smallest cell is hidden too, the total rounded',
      'municipality',
      { met: 9, breached: 1 },
      { met: '..', breached: '<5', overdue: 0, pending: 0, not_applicable: 0, total: 10 },
    ],
    [
      'the secondary cell is the smallest other cell above 0, not the largest',
      'municipality',
      { met: 12, breached: 8, overdue: 6, notApplicable: 3 },
      { met: 10, breached: 10, overdue: '..', pending: 0, not_applicable: '<5', total: 30 },
    ],
    [
      'the same at region level',
      'region',
      { met: 40, pending: 2, notApplicable: 7 },
      { met: 40, breached: 0, overdue: 0, pending: '<5', not_applicable: '..', total: 50 },
    ],
    [
      'a tie on the smallest value goes to the state that sorts first',
      'municipality',
      { met: 6, breached: 6, overdue: 2 },
      { met: 5, breached: '..', overdue: '<5', pending: 0, not_applicable: 0, total: 15 },
    ],
    [
      'two small cells: only their sum can be worked out, nothing more is hidden',
      'municipality',
      { met: 20, breached: 2, overdue: 1 },
      { met: 20, breached: '<5', overdue: '<5', pending: 0, not_applicable: 0, total: 25 },
    ],
    [
      'a small total hides itself, so nothing else need be hidden',
      'municipality',
      { breached: 3 },
      { met: 0, breached: '<5', overdue: 0, pending: 0, not_applicable: 0, total: '<5' },
    ],
    [
      'no small cell: counts rounded to the nearest 5, 0 stays 0',
      'municipality',
      { met: 7, breached: 8, overdue: 13, pending: 5 },
      { met: 5, breached: 10, overdue: 15, pending: 5, not_applicable: 0, total: 35 },
    ],
    [
      'national figures are exact: no rounding, nothing hidden',
      'national',
      { met: 9, breached: 1, overdue: 2, pending: 3, notApplicable: 4 },
      { met: 9, breached: 1, overdue: 2, pending: 3, not_applicable: 4, total: 19 },
    ],
  ] as [string, DisclosureLevel, Partial<ComplianceRow>, Record<string, number | string>][])('%s', (_name, level, counts, expected) => {
    const published = byMeasure(complianceAggregateRows(level, [compliance(counts)]));
    expect(published).toMatchObject(expected);
  });

  it.each([
    ['municipality', { met: 9, breached: 1 }, 0.9],
    ['municipality', { met: 4, breached: 10 }, '..'],
    ['municipality', { met: 0, breached: 10 }, '..'],
    ['region', { met: 3, breached: 1 }, '..'],
    ['municipality', { met: 5, breached: 1, overdue: 1, pending: 30 }, 0.714],
    ['national', { met: 1, breached: 2 }, 0.333],
    ['national', { pending: 4 }, null],
  ] as [DisclosureLevel, Partial<ComplianceRow>, number | string | null][])(
    'at %s level the rate met / (met + breached + overdue) of %j is %p',
    (level, counts, rate) => {
      expect(byMeasure(complianceAggregateRows(level, [compliance(counts)])).rate).toBe(rate);
    },
  );

  it.each([
    ['municipality', 4, '..'],
    ['municipality', 5, 12.5],
    ['region', 1, '..'],
    ['national', 1, 12.5],
  ] as [DisclosureLevel, number, number | string][])('at %s level a median and 90th percentile of %i waits read %p', (level, n, shown) => {
    const published = byMeasure(
      complianceAggregateRows(level, [
        compliance({
          completedN: n,
          completedMedian: 12.5,
          completedP90: 12.5,
          openN: n,
          openMedian: 12.5,
          openP90: 12.5,
          adjustedCompletedN: n,
          adjustedCompletedMedian: 12.5,
          adjustedCompletedP90: 12.5,
        }),
      ]),
    );
    for (const measure of [
      'completed_median',
      'completed_p90',
      'open_median',
      'open_p90',
      'adjusted_completed_median',
      'adjusted_completed_p90',
    ]) {
      expect([measure, published[measure]]).toEqual([measure, shown]);
    }
  });

  it('hides the median of completed waits and of open waits each by its own count', () => {
    const published = byMeasure(
      complianceAggregateRows('municipality', [
        compliance({ completedN: 8, completedMedian: 10, completedP90: 14, openN: 2, openMedian: 30, openP90: 31 }),
      ]),
    );
    expect(published).toMatchObject({ completed_median: 10, completed_p90: 14, open_median: '..', open_p90: '..' });
  });

  it('publishes the family-adjusted figures by the same rules, from their own counts', () => {
    const published = byMeasure(
      complianceAggregateRows('municipality', [
        compliance({ met: 6, breached: 6, adjustedMet: 9, adjustedBreached: 3, adjustedOverdue: 0 }),
      ]),
    );
    expect(published).toMatchObject({ adjusted_met: 10, adjusted_breached: '<5', adjusted_overdue: 0, adjusted_rate: 0.75 });
    const national = byMeasure(
      complianceAggregateRows('national', [compliance({ adjustedMet: 9, adjustedBreached: 3, adjustedOverdue: 1 })]),
    );
    expect(national).toMatchObject({ adjusted_met: 9, adjusted_breached: 3, adjusted_overdue: 1, adjusted_rate: 0.692 });
  });

  it('never publishes a hidden true value anywhere in the block', () => {
    const rows = complianceAggregateRows('municipality', [
      compliance({ met: 9, breached: 1, completedN: 2, completedMedian: 17, completedP90: 23 }),
    ]);
    const values = rows.map((r) => r.value);
    expect(values).not.toContain(1);
    expect(values).not.toContain(9);
    expect(values).not.toContain(17);
    expect(values).not.toContain(23);
  });
});

describe(flowAggregateRows.name, () => {
  const waits = {
    firstContactToPreConversation: { n: 4, median: 9, p90: 13 },
    screeningToFirstTreatment: { n: 5, median: 7.5, p90: 20 },
    betweenTreatmentSessions: { n: 0, median: null, p90: null },
  };

  it('writes the steps reached, the shares, closure reasons, referrals and waits, in this order', () => {
    const rows = flowAggregateRows('municipality', [flow({ waits })]);
    expect(rows.map((r) => r.measure)).toEqual([
      'reached_first_contact',
      'reached_pre_conversation',
      'reached_screening',
      'reached_treatment',
      'reached_completed',
      'share_pre_conversation',
      'share_screening',
      'share_treatment',
      'share_completed',
      'closed',
      ...CLOSURE_REASONS.map((r) => `closure_${r}`),
      ...REFERRAL_DESTINATIONS.map((d) => `referral_${d}`),
      'days_first_contact_to_pre_conversation_median',
      'days_first_contact_to_pre_conversation_p90',
      'days_screening_to_first_treatment_median',
      'days_screening_to_first_treatment_p90',
      'days_between_treatment_sessions_median',
      'days_between_treatment_sessions_p90',
    ]);
    for (const row of rows) expect(row).toMatchObject({ level: 'municipality', area_code: '751', report: 'flow', target: null });
  });

  it.each([
    [
      'municipality',
      { firstContact: 13, preConversation: 12, screening: 7, treatment: 3, completed: 0 },
      {
        reached_first_contact: 15,
        reached_pre_conversation: 10,
        reached_screening: 5,
        reached_treatment: '<5',
        reached_completed: 0,
        share_pre_conversation: 0.923,
        share_screening: 0.538,
        share_treatment: '..',
        share_completed: '..',
      },
    ],
    [
      'region',
      { firstContact: 4, preConversation: 4, screening: 0, treatment: 0, completed: 0 },
      { reached_first_contact: '<5', reached_pre_conversation: '<5', share_pre_conversation: '..', share_screening: '..' },
    ],
    [
      'national',
      { firstContact: 13, preConversation: 12, screening: 7, treatment: 3, completed: 0 },
      {
        reached_first_contact: 13,
        reached_pre_conversation: 12,
        reached_screening: 7,
        reached_treatment: 3,
        reached_completed: 0,
        share_pre_conversation: 0.923,
        share_screening: 0.538,
        share_treatment: 0.231,
        share_completed: 0,
      },
    ],
  ] as [DisclosureLevel, Partial<FlowRow>, Record<string, number | string>][])(
    'at %s level steps %j are published as %j',
    (level, steps, expected) => {
      expect(byMeasure(flowAggregateRows(level, [flow(steps)]))).toMatchObject(expected);
    },
  );

  it.each([
    [
      'one small reason: <5, and the next-smallest reason hidden too',
      'municipality',
      9,
      { dropped_out: 2, not_in_target_group: 7 },
      { closed: 10, closure_dropped_out: '<5', closure_not_in_target_group: '..', closure_completed: 0, closure_other: 0 },
    ],
    [
      'two small reasons: nothing more hidden',
      'region',
      24,
      { completed: 20, dropped_out: 2, moved_away: 2 },
      { closed: 25, closure_completed: 20, closure_dropped_out: '<5', closure_moved_away: '<5' },
    ],
    [
      'nationally every reason is exact',
      'national',
      9,
      { dropped_out: 2, not_in_target_group: 7 },
      { closed: 9, closure_dropped_out: 2, closure_not_in_target_group: 7, closure_completed: 0 },
    ],
  ] as [string, DisclosureLevel, number, Record<string, number>, Record<string, number | string>][])(
    'closure reasons: %s',
    (_name, level, closed, closureReasons, expected) => {
      expect(byMeasure(flowAggregateRows(level, [flow({ closed, closureReasons })]))).toMatchObject(expected);
    },
  );

  it.each([
    ['municipality', { gp: 3, child_psychiatry: 11 }, { referral_gp: '<5', referral_child_psychiatry: 10, referral_civil_society: 0 }],
    ['national', { gp: 3, child_psychiatry: 11 }, { referral_gp: 3, referral_child_psychiatry: 11, referral_civil_society: 0 }],
  ] as [DisclosureLevel, Record<string, number>, Record<string, number | string>][])(
    'at %s level referrals %j are published as %j',
    (level, referralDestinations, expected) => {
      expect(byMeasure(flowAggregateRows(level, [flow({ referralDestinations })]))).toMatchObject(expected);
    },
  );

  it.each([
    [
      'municipality',
      {
        days_first_contact_to_pre_conversation_median: '..',
        days_first_contact_to_pre_conversation_p90: '..',
        days_screening_to_first_treatment_median: 7.5,
        days_screening_to_first_treatment_p90: 20,
        days_between_treatment_sessions_median: '..',
      },
    ],
    [
      'national',
      {
        days_first_contact_to_pre_conversation_median: 9,
        days_first_contact_to_pre_conversation_p90: 13,
        days_screening_to_first_treatment_median: 7.5,
        days_between_treatment_sessions_median: null,
      },
    ],
  ] as [DisclosureLevel, Record<string, number | string | null>][])(
    'at %s level a median of fewer than 5 waits is hidden below the nation',
    (level, expected) => {
      expect(byMeasure(flowAggregateRows(level, [flow({ waits })]))).toMatchObject(expected);
    },
  );
});

describe(indicatorAggregateRows.name, () => {
  const figure = (value: number | string | null, baseline: number | string | null, absolute: number | null, relative: number | null) => ({
    value,
    baseline,
    change: { absolute, relative },
  });
  const cell = (first: number | string) => ({
    indicators: { firstContacts: figure(first, 10, 2, 0.2), shareReachingScreening: figure(0.5, null, null, null) },
    referralDestinations: { gp: figure('<5', '..', null, null) },
  });
  const area = {
    level: 'municipality' as const,
    code: '751',
    all: cell(12),
    byAgeGroup: { '5-9': cell('<5'), '14-17': cell(10) },
    bySex: { female: cell(5) },
  };

  it('gives value, baseline and change of every indicator, per breakdown, as published', () => {
    const rows = indicatorAggregateRows('2025H2', [area], true);
    expect(rows).toHaveLength(4 * 3 * 4);
    expect(rows.filter((r) => r.breakdown === 'all' && r.measure.startsWith('first_contacts'))).toEqual([
      {
        level: 'municipality',
        area_code: '751',
        report: 'indicators',
        period: '2025H2',
        breakdown: 'all',
        target: null,
        measure: 'first_contacts',
        value: 12,
      },
      {
        level: 'municipality',
        area_code: '751',
        report: 'indicators',
        period: '2025H2',
        breakdown: 'all',
        target: null,
        measure: 'first_contacts_baseline',
        value: 10,
      },
      {
        level: 'municipality',
        area_code: '751',
        report: 'indicators',
        period: '2025H2',
        breakdown: 'all',
        target: null,
        measure: 'first_contacts_change',
        value: 2,
      },
      {
        level: 'municipality',
        area_code: '751',
        report: 'indicators',
        period: '2025H2',
        breakdown: 'all',
        target: null,
        measure: 'first_contacts_change_relative',
        value: 0.2,
      },
    ]);
  });

  it.each([
    ['age_group_5_9', 'first_contacts', '<5'],
    ['age_group_14_17', 'first_contacts', 10],
    ['sex_female', 'first_contacts', 5],
    ['all', 'referrals_gp', '<5'],
    ['all', 'referrals_gp_baseline', '..'],
    ['all', 'share_reaching_screening_baseline', null],
  ])('writes breakdown %s, measure %s as %p', (breakdown, measure, value) => {
    expect(indicatorAggregateRows('2025H2', [area], true).find((r) => r.breakdown === breakdown && r.measure === measure)?.value).toEqual(
      value,
    );
  });

  it('gives the values alone when no baseline is set', () => {
    const rows = indicatorAggregateRows('2025H2', [area], false);
    expect(rows).toHaveLength(4 * 3);
    expect(rows.some((r) => r.measure.endsWith('_baseline') || r.measure.includes('_change'))).toBe(false);
  });

  it('leaves out an area without first contacts in the half-year', () => {
    expect(indicatorAggregateRows('2025H2', [{ ...area, all: cell(0) }], true)).toEqual([]);
  });

  it('names the nation dk', () => {
    expect(new Set(indicatorAggregateRows('2026H1', [{ ...area, level: 'national', code: 'DK' }], true).map((r) => r.area_code))).toEqual(
      new Set(['dk']),
    );
  });
});
