/**
 * The attacker of test/support/disclosure-attacker.ts finds the leaks it is meant to find: here on
 * figures as the table-by-table rules published them before the publication (and still do at
 * national level): the aggregates extract's rows of one cohort, built by complianceAggregateRows.
 */
import { complianceAggregateRows } from '../../src/extracts/aggregate-rows.js';
import type { ComplianceRow } from '../../src/statistics/aggregates.repository.js';
import { publishCohort, cellKey, type Geography } from '../../src/statistics/disclosure/cohort-publication.js';
import { Attacker, cell } from '../support/disclosure-attacker.js';

const REGIONS = [
  { code: '1082', municipalities: ['727', '751'] },
  { code: '1084', municipalities: ['101', '147'] },
];

function row(key: string, met: number, breached: number, overdue = 0, pending = 0): ComplianceRow {
  return {
    target: 'pre_conversation_14d',
    national: true,
    key,
    met,
    breached,
    overdue,
    pending,
    notApplicable: 0,
    completedN: met + breached,
    completedMedian: null,
    completedP90: null,
    openN: overdue + pending,
    openMedian: null,
    openP90: null,
    adjustedMet: met,
    adjustedBreached: breached,
    adjustedOverdue: overdue,
    adjustedCompletedN: met + breached,
    adjustedCompletedMedian: null,
    adjustedCompletedP90: null,
  };
}

/** What an evaluator read from the extract's compliance rows; municipalities without a row had no course. */
function readRows(attacker: Attacker, rows: ReturnType<typeof complianceAggregateRows>, present: Set<string>) {
  for (const r of rows) {
    if (
      !['met', 'breached', 'overdue', 'pending', 'not_applicable', 'adjusted_met', 'adjusted_breached', 'adjusted_overdue'].includes(
        r.measure,
      )
    )
      continue;
    const area = r.level === 'national' ? 'DK' : r.area_code;
    attacker.see({ cell: cell(`${r.target}.${r.measure}`, area), value: r.value, exact: r.level === 'national', source: 'extract' });
  }
  for (const m of REGIONS.flatMap((x) => x.municipalities).filter((m) => !present.has(m))) {
    for (const s of ['met', 'breached', 'overdue', 'pending', 'not_applicable']) {
      attacker.see({ cell: cell(`pre_conversation_14d.${s}`, m), value: 0, exact: false, source: 'absent' });
    }
  }
}

describe('the disclosure attacker', () => {
  it("recovers a municipality's lone late course from the exact national row and the absent municipalities (the rules before the publication)", () => {
    const attacker = new Attacker(REGIONS);
    // Aarhus alone had courses: 10 met, 1 breached. Its row hides the breached (`<5`) and, secondarily, the met.
    const aarhus = complianceAggregateRows('municipality', [row('751', 10, 1)]);
    expect(aarhus.find((r) => r.measure === 'breached')!.value).toBe('<5');
    readRows(
      attacker,
      [...aarhus, ...complianceAggregateRows('region', [row('1082', 10, 1)]), ...complianceAggregateRows('national', [row('all', 10, 1)])],
      new Set(['751']),
    );
    expect(attacker.leaks()).toEqual(
      expect.arrayContaining([expect.objectContaining({ cell: 'pre_conversation_14d.breached@751#all', value: 1 })]),
    );
  });

  it('recovers two small cells that can only be 1 each (two `<5` under a total of 2)', () => {
    const attacker = new Attacker(REGIONS);
    attacker.see({ cell: cell('first_contact', 'DK'), value: 2, exact: true, source: 'national' });
    attacker.see({ cell: cell('first_contact', '1082'), value: '<5', exact: false, source: 'region' });
    attacker.see({ cell: cell('first_contact', '1084'), value: '<5', exact: false, source: 'region' });
    expect(attacker.leaks().map((l) => [l.cell, l.value])).toEqual([
      ['first_contact@1082#all', 1],
      ['first_contact@1084#all', 1],
    ]);
  });

  it('finds nothing where the published bounds leave room', () => {
    const attacker = new Attacker(REGIONS);
    attacker.see({ cell: cell('first_contact', 'DK'), value: 9, exact: true, source: 'national' });
    attacker.see({ cell: cell('first_contact', '1082'), value: '<5', exact: false, source: 'region' });
    attacker.see({ cell: cell('first_contact', '1084'), value: 5, exact: false, source: 'region' });
    expect(attacker.leaks()).toEqual([]);
  });
});

describe(publishCohort.name, () => {
  const geography: Geography = { regions: Object.fromEntries(REGIONS.map((r) => [r.code, r.municipalities])) };
  const figures = (cells: [string, string, number][]) => {
    const exact = new Map<string, number>();
    const regionOf = (m: string) => REGIONS.find((r) => r.municipalities.includes(m))!.code;
    for (const [measure, m, n] of cells) {
      for (const area of [m, regionOf(m), 'DK'])
        for (const b of ['all', 'age_group:10-13', 'sex:female'])
          exact.set(cellKey(measure, area, b), (exact.get(cellKey(measure, area, b)) ?? 0) + n);
    }
    return exact;
  };

  it('never lets the attacker recover the lone late course that the table-by-table rules gave away', () => {
    const exact = figures([
      ['first_contact', '751', 11],
      ['pre_conversation_14d.met', '751', 10],
      ['pre_conversation_14d.breached', '751', 1],
      ['pre_conversation_14d.completed_n', '751', 11],
      ['pre_conversation_14d.judged_n', '751', 11],
      ['pre_conversation_14d.adjusted_met', '751', 10],
      ['pre_conversation_14d.adjusted_breached', '751', 1],
      ['pre_conversation_14d.adjusted_completed_n', '751', 11],
      ['screening_30d.not_applicable', '751', 11],
    ]);
    const publication = publishCohort(exact, geography);
    const attacker = new Attacker(REGIONS);
    for (const area of ['DK', '1082', '1084', '727', '751', '101', '147']) {
      for (const m of [
        'first_contact',
        ...[
          'met',
          'breached',
          'overdue',
          'pending',
          'not_applicable',
          'adjusted_met',
          'adjusted_breached',
          'adjusted_overdue',
          'completed_n',
          'open_n',
          'judged_n',
          'adjusted_completed_n',
        ].map((s) => `pre_conversation_14d.${s}`),
      ]) {
        attacker.see({ cell: cell(m, area), value: publication.count(m, area), exact: area === 'DK', source: 'publication' });
      }
    }
    expect(publication.count('pre_conversation_14d.breached', 'DK')).toBe(1);
    expect(['<5', '..']).toContain(publication.count('pre_conversation_14d.breached', '751'));
    expect(attacker.leaks()).toEqual([]);
  });

  it('publishes national figures exactly and rounds the others, rates as quotients of the published counts', () => {
    const exact = figures([
      ['first_contact', '101', 23],
      ['reached_pre_conversation', '101', 16],
      ['first_contact', '751', 12],
      ['reached_pre_conversation', '751', 12],
    ]);
    const publication = publishCohort(exact, geography);
    expect(publication.count('first_contact', 'DK')).toBe(35);
    expect(publication.count('first_contact', '101')).toBe(25);
    expect(publication.rate('share_pre_conversation', 'DK')).toBe(0.8);
    // 16 of 23 published as 15 of 25: 0.6, not the exact 0.696 (which with the counts would give them back).
    expect(publication.rate('share_pre_conversation', '101')).toBe(0.6);
  });
});
