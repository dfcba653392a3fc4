import { complianceGroup, complianceRate, complianceTargets, flowGroup } from '../../src/reports/report-shape.js';
import type { ComplianceRow, FlowRow } from '../../src/statistics/aggregates.repository.js';

function row(over: Partial<ComplianceRow> = {}): ComplianceRow {
  return {
    target: 'pre_conversation_14d',
    national: true,
    key: 'all',
    met: 12,
    breached: 3,
    overdue: 2,
    pending: 7,
    notApplicable: 0,
    completedN: 15,
    completedMedian: 11,
    completedP90: 16.4,
    openN: 9,
    openMedian: 6,
    openP90: 20.2,
    adjustedMet: 14,
    adjustedBreached: 1,
    adjustedOverdue: 2,
    adjustedCompletedN: 15,
    adjustedCompletedMedian: 10,
    adjustedCompletedP90: 14,
    ...over,
  };
}

describe(complianceRate.name, () => {
  it.each([
    [12, 3, 2, 0.706], // 12/17 = 0.70588…
    [2, 1, 0, 0.667],
    [1, 0, 0, 1],
    [0, 3, 1, 0],
    [1, 15, 0, 0.063], // 1/16 = 0.0625: three decimals, half up
  ])('met %i, breached %i, overdue %i gives %d', (met, breached, overdue, rate) => {
    expect(complianceRate(met, breached, overdue)).toBe(rate);
  });

  it('has no rate without a denominator (all pending or not applicable)', () => {
    expect(complianceRate(0, 0, 0)).toBeNull();
  });
});

describe(complianceGroup.name, () => {
  it('publishes exact figures for a manager (no disclosure level)', () => {
    expect(complianceGroup(row(), null)).toEqual({
      key: 'all',
      met: 12,
      breached: 3,
      overdue: 2,
      pending: 7,
      notApplicable: 0,
      rate: 0.706,
      completed: { n: 15, median: 11, p90: 16.4 },
      open: { n: 9, median: 6, p90: 20.2 },
      adjusted: { met: 14, breached: 1, overdue: 2, rate: 0.824, completed: { n: 15, median: 10, p90: 14 } },
    });
  });

  it('publishes national figures exactly, also for an evaluator', () => {
    expect(complianceGroup(row({ met: 1, breached: 2, completedN: 3 }), 'national')).toMatchObject({
      met: 1,
      breached: 2,
      rate: 0.2,
      completed: { n: 3, median: 11, p90: 16.4 },
    });
    expect(complianceGroup(row(), 'national')).not.toHaveProperty('suppressed');
  });

  it('suppresses below national level: <5, rounding to 5, rates and medians null', () => {
    expect(complianceGroup(row(), 'municipality')).toEqual({
      key: 'all',
      met: 10, // 12 rounds to 10
      breached: '<5',
      overdue: '<5',
      pending: 5, // 7 rounds to 5
      notApplicable: 0, // 0 stays 0
      rate: 0.706, // numerator 12 and denominator 17 are both 5 or more
      completed: { n: 15, median: 11, p90: 16.4 },
      open: { n: 10, median: 6, p90: 20.2 },
      adjusted: { met: 15, breached: '<5', overdue: '<5', rate: 0.824, completed: { n: 15, median: 10, p90: 14 } },
      suppressed: true,
    });
  });

  it.each([
    ['a numerator under 5', { met: 4, breached: 10, overdue: 0 }],
    ['a numerator of 0', { met: 0, breached: 10, overdue: 0 }],
    ['a denominator under 5', { met: 3, breached: 1, overdue: 0 }],
  ])('hides a rate resting on %s (null)', (_name, counts) => {
    expect(complianceGroup(row(counts), 'region').rate).toBeNull();
  });

  it('hides a median and 90th percentile resting on fewer than 5 waits', () => {
    const published = complianceGroup(row({ completedN: 4, openN: 5, adjustedCompletedN: 2 }), 'region');
    expect(published.completed).toEqual({ n: '<5', median: null, p90: null });
    expect(published.open).toEqual({ n: 5, median: 6, p90: 20.2 });
    expect(published.adjusted.completed).toEqual({ n: '<5', median: null, p90: null });
  });
});

describe(complianceTargets.name, () => {
  it('always shows the national targets, with an empty group when ungrouped', () => {
    const targets = complianceTargets([], ['pre_conversation_14d', 'screening_30d'], null, false);
    expect(targets.map((t) => [t.target, t.national, t.groups.map((grp) => [grp.key, grp.met, grp.rate])])).toEqual([
      ['pre_conversation_14d', true, [['all', 0, null]]],
      ['screening_30d', true, [['all', 0, null]]],
    ]);
    expect(complianceTargets([], ['pre_conversation_14d'], null, true)[0].groups).toEqual([]);
  });

  it("lists a municipality's own target after the national ones, with its groups", () => {
    const targets = complianceTargets(
      [row(), row({ target: 'session_gap_14d', national: false, key: '751' })],
      ['pre_conversation_14d', 'screening_30d'],
      null,
      true,
    );
    expect(targets.map((t) => [t.target, t.national, t.groups.map((grp) => grp.key)])).toEqual([
      ['pre_conversation_14d', true, ['all']],
      ['screening_30d', true, []],
      ['session_gap_14d', false, ['751']],
    ]);
  });
});

describe(flowGroup.name, () => {
  const flow: FlowRow = {
    key: 'all',
    firstContact: 13,
    preConversation: 10,
    screening: 7,
    treatment: 4,
    completed: 3,
    closed: 9,
    closureReasons: { completed: 3, referred_elsewhere: 6 },
    referralDestinations: { gp: 2 },
    waits: { firstContactToPreConversation: { n: 10, median: 7.5, p90: 14.7 }, betweenTreatmentSessions: { n: 3, median: 14, p90: 15.4 } },
  };

  it('publishes exact counts and shares of first contacts (three decimals) for a manager', () => {
    expect(flowGroup(flow, null)).toEqual({
      key: 'all',
      reached: { firstContact: 13, preConversation: 10, screening: 7, treatment: 4, completed: 3 },
      shareReached: { preConversation: 0.769, screening: 0.538, treatment: 0.308, completed: 0.231 },
      closed: 9,
      closureReasons: { completed: 3, referred_elsewhere: 6 },
      referralDestinations: { gp: 2 },
      waits: {
        firstContactToPreConversation: { n: 10, median: 7.5, p90: 14.7 },
        betweenTreatmentSessions: { n: 3, median: 14, p90: 15.4 },
      },
    });
  });

  it('suppresses small numbers below national level', () => {
    expect(flowGroup(flow, 'municipality')).toEqual({
      key: 'all',
      reached: { firstContact: 15, preConversation: 10, screening: 5, treatment: '<5', completed: '<5' },
      shareReached: { preConversation: 0.769, screening: 0.538, treatment: null, completed: null },
      closed: 10,
      closureReasons: { completed: '<5', referred_elsewhere: 5 },
      referralDestinations: { gp: '<5' },
      waits: {
        firstContactToPreConversation: { n: 10, median: 7.5, p90: 14.7 },
        betweenTreatmentSessions: { n: '<5', median: null, p90: null },
      },
    });
  });

  it('has no shares for a group without first contacts', () => {
    const empty = flowGroup({ ...flow, firstContact: 0, preConversation: 0, screening: 0, treatment: 0, completed: 0 }, null);
    expect(empty.shareReached).toEqual({ preConversation: null, screening: null, treatment: null, completed: null });
  });
});
