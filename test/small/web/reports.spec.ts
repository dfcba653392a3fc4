import {
  complianceQuery,
  fileNameFrom,
  groupLabel,
  limitInForce,
  monthlyGroups,
  monthlyLimits,
  parseComplianceSearch,
  sortGroups,
  targetLabel,
  type ComplianceGroup,
  type ServiceTargets,
} from '../../../web/src/pages/compliance/compliance.js';
import { byHalfYear, dropOffs, flowHalfYear, flowQuery, parseFlowSearch, type FlowGroup } from '../../../web/src/pages/flow/flow.js';
import {
  chartCount,
  formatChange,
  formatCount,
  formatDays,
  formatFigure,
  formatRelativeChange,
  formatShare,
} from '../../../web/src/reports/figures.js';
import {
  addMonths,
  defaultPeriod,
  halfYearBounds,
  halfYearParam,
  halfYearsUntil,
  isLocalDate,
  lastCompleteHalfYear,
  monthsBetween,
  wholeHalfYearOf,
} from '../../../web/src/reports/period.js';
import { allowedScope, parseScope, regionsOf, scopeFromValue, scopeValue } from '../../../web/src/reports/scope.js';

// Intl's Danish output uses no-break spaces and a real minus sign; compare with plain ones.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/\u2212/g, '-');

describe('published figures', () => {
  it.each([
    [35, '35'],
    [1234, '1.234'],
    ['<5', '<5'],
    [0, '0'],
    [undefined, '0'],
  ] as const)('writes the count %p as %p', (count, text) => {
    expect(formatCount(count)).toBe(text);
  });

  it.each([
    [0.875, '87,5 %'],
    [1, '100,0 %'],
    [null, '–'],
  ])('writes the share %p as %p (null: none, or hidden)', (share, text) => {
    expect(plain(formatShare(share))).toBe(text);
  });

  it.each([
    [11, '11'],
    [127.6, '127,6'],
    [null, '–'],
  ])('writes the days %p as %p', (days, text) => {
    expect(formatDays(days)).toBe(text);
  });

  it('draws hidden counts as no bar rather than as a number', () => {
    expect([chartCount(7), chartCount('<5'), chartCount(undefined)]).toEqual([7, null, 0]);
  });

  it.each([
    [12.3, 'per100k', '12,3'],
    [0.4, 'share', '40,0 %'],
    ['<5', 'count', '<5'],
    ['..', 'share', '..'],
    [null, 'days', '–'],
  ] as const)('writes the indicator %p (%s) as %p', (value, kind, text) => {
    expect(plain(formatFigure(value, kind))).toBe(text);
  });

  it('writes changes with their sign: shares in percentage points, others as numbers', () => {
    expect(plain(formatChange(0.04, 'share'))).toBe('+4 pct.-point');
    expect(plain(formatChange(-2.5, 'count'))).toBe('-2,5');
    expect(formatChange(null, 'count')).toBe('–');
    expect(plain(formatRelativeChange(0.061))).toBe('+6,1 %');
    expect(plain(formatRelativeChange(0))).toBe('0,0 %');
  });
});

describe('report periods', () => {
  it.each([
    ['2026-12-01', { from: '2026-01-01', to: '2026-12-01' }],
    ['2026-03-15', { from: '2025-04-01', to: '2026-03-15' }],
    ['2024-05-02', { from: '2024-01-01', to: '2024-05-02' }],
  ])('by default, on %s, covers this month and the eleven before it (never before 2024): %p', (today, period) => {
    expect(defaultPeriod(today)).toEqual(period);
  });

  it('counts months on the numbers, across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-11', 3)).toBe('2026-02');
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03-01', '2026-02-01')).toEqual([]);
  });

  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2024-02-29', true],
    ['2026-13-01', false],
    ['01-02-2026', false],
    [20260101, false],
  ])('reads %p as a date: %p', (value, ok) => {
    expect(isLocalDate(value)).toBe(ok);
  });

  it('lists the half-years since the offer began, newest first, and the last complete one', () => {
    expect(halfYearsUntil('2025-08-01')).toEqual(['2025H2', '2025H1', '2024H2', '2024H1']);
    expect(lastCompleteHalfYear('2026-02-15')).toBe('2025H2');
    expect(lastCompleteHalfYear('2026-07-01')).toBe('2026H1');
    expect([halfYearParam('2025-h2'), halfYearParam('2023H1'), halfYearParam('2025Q1')]).toEqual(['2025H2', undefined, undefined]);
  });
});

describe('report scope', () => {
  it.each([
    [{ municipality: '751' }, { municipality: '751' }, 'm:751'],
    [{ municipality: 751 }, { municipality: '751' }, 'm:751'],
    [{ municipality: 101 }, { municipality: '101' }, 'm:101'],
    [{ region: '1082' }, { region: '1082' }, 'r:1082'],
    [{ region: '1099' }, {}, ''],
    [{}, {}, ''],
  ])('reads the URL %p as %p (select value %p)', (search, scope, value) => {
    expect(parseScope(search)).toEqual(scope);
    expect(scopeValue(scope)).toBe(value);
    expect(scopeFromValue(value)).toEqual(scope);
  });

  it('keeps a manager to their own municipalities; an evaluator may ask for any area', () => {
    expect(allowedScope({ municipality: '101' }, false, ['751'])).toEqual({});
    expect(allowedScope({ region: '1082' }, false, ['751'])).toEqual({});
    expect(allowedScope({ municipality: '751' }, false, ['751', '101'])).toEqual({ municipality: '751' });
    expect(allowedScope({ region: '1082' }, true, [])).toEqual({ region: '1082' });
  });

  it('finds the regions in the municipality list', () => {
    const m = (code: string, regionCode: string, regionName: string) => ({
      code,
      name: code,
      regionCode,
      regionName,
      population: null,
      populationYear: null,
    });
    expect(
      regionsOf([m('751', '1082', 'Region Midtjylland'), m('101', '1084', 'Region Hovedstaden'), m('727', '1082', 'Region Midtjylland')]),
    ).toEqual([
      { code: '1082', name: 'Region Midtjylland' },
      { code: '1084', name: 'Region Hovedstaden' },
    ]);
  });
});

const version = (over: Partial<ServiceTargets['municipal'][number]>): ServiceTargets['municipal'][number] => ({
  id: '0c9e5b7a-3d2f-4e1a-8b6c-5a4d3e2f1b0c',
  name: 'behandling_28d',
  kind: 'treatment_start_after_screening',
  limitDays: 28,
  validFrom: '2026-01-01',
  validTo: null,
  national: false,
  createdBy: 'mona',
  createdAt: '2026-01-05T09:12:44Z',
  ...over,
});

const targets = (code: string, municipal: ServiceTargets['municipal']): ServiceTargets => ({
  municipalityCode: code,
  national: [
    {
      name: 'pre_conversation_14d',
      kind: 'pre_conversation_within',
      limitDays: 14,
      validFrom: '2024-01-01',
      validTo: null,
      national: true,
    },
  ],
  municipal,
});

describe('Servicemål', () => {
  it.each([
    [
      { from: '2026-01-01', to: '2026-06-30', municipality: '751', groupBy: 'sex' },
      { from: '2026-01-01', to: '2026-06-30', municipality: '751', groupBy: 'sex' },
    ],
    [{ from: '2026-02-30', groupBy: 'month', municipality: 'x' }, {}],
    [{ groupBy: 'region' }, {}],
  ])('reads the URL %p as %p', (search, parsed) => {
    expect(parseComplianceSearch(search)).toEqual(parsed);
  });

  it('asks the API for the period and a municipality of the manager’s own only', () => {
    expect(complianceQuery({ municipality: '101' }, '2026-12-01', ['751'])).toEqual({ from: '2026-01-01', to: '2026-12-01' });
    expect(complianceQuery({ municipality: '751', from: '2026-03-01' }, '2026-12-01', ['751', '101'], 'month')).toEqual({
      from: '2026-03-01',
      to: '2026-12-01',
      municipality: '751',
      groupBy: 'month',
    });
  });

  it('takes the version in force on a date, the latest validFrom winning (docs/metrics.md)', () => {
    const versions = [
      version({ limitDays: 28, validFrom: '2026-01-01' }),
      version({ limitDays: 21, validFrom: '2026-04-01', validTo: '2026-06-30' }),
    ];
    expect(limitInForce(versions, '2025-12-31')).toBeNull();
    expect(limitInForce(versions, '2026-03-31')).toBe(28);
    expect(limitInForce(versions, '2026-04-01')).toBe(21);
    expect(limitInForce(versions, '2026-07-01')).toBe(28);
  });

  it('draws the target line per month, and only where every municipality in scope agrees', () => {
    const aarhus = targets('751', [version({ limitDays: 28, validFrom: '2026-02-01' })]);
    const copenhagen = targets('101', [version({ limitDays: 21, validFrom: '2026-01-01' })]);
    expect(monthlyLimits('behandling_28d', ['2026-01', '2026-02'], [aarhus])).toEqual([null, 28]);
    expect(monthlyLimits('behandling_28d', ['2026-01', '2026-02'], [aarhus, copenhagen])).toEqual([null, null]);
    expect(monthlyLimits('pre_conversation_14d', ['2026-01'], [aarhus, copenhagen])).toEqual([14]);
  });

  it('names targets in Danish: the national by name, the municipality’s own by kind and name', () => {
    const config = [targets('751', [version({})])];
    expect(targetLabel('pre_conversation_14d', config)).toBe('Forsamtale inden for 14 dage');
    expect(targetLabel('behandling_28d', config)).toBe('Første behandling efter screening (behandling_28d)');
    expect(targetLabel('unknown_target', config)).toBe('unknown_target');
  });

  it.each([
    ['age_group', '10-13', '10–13 år'],
    ['age_group', 'unknown', 'Ukendt alder (intet CPR)'],
    ['sex', 'female', 'Piger'],
    ['contacted_by', 'parent', 'Forælder'],
    ['focus_area', 'worry', 'Bekymring og angst'],
    ['focus_area', 'none', 'Intet tema'],
    ['municipality', '751', 'Aarhus'],
    ['municipality', '999', 'Kommune 999'],
    ['month', '2026-03', 'marts 2026'],
  ])('labels the %s group %p as %p', (groupBy, key, label) => {
    expect(groupLabel(groupBy, key, { '751': 'Aarhus' })).toBe(label);
  });

  it('orders age groups by age and unknown last', () => {
    const groups = ['unknown', '14-17', '5-9', '10-13'].map((key) => ({ key }));
    expect(sortGroups('age_group', groups).map((g) => g.key)).toEqual(['5-9', '10-13', '14-17', 'unknown']);
    expect(sortGroups('focus_area', groups).map((g) => g.key)).toEqual(['unknown', '14-17', '5-9', '10-13']);
  });

  it('lays the month groups over every month of the period', () => {
    const march = { key: '2026-03' } as ComplianceGroup;
    expect(monthlyGroups({ target: 'x', national: true, groups: [march] }, ['2026-02', '2026-03'])).toEqual([undefined, march]);
  });

  it('takes the CSV’s file name from Content-Disposition', () => {
    expect(fileNameFrom('attachment; filename="compliance-2026-01-01-2026-06-30.csv"', 'x.csv')).toBe(
      'compliance-2026-01-01-2026-06-30.csv',
    );
    expect(fileNameFrom(null, 'x.csv')).toBe('x.csv');
  });
});

describe('Flow', () => {
  const group = (over: Partial<FlowGroup>): FlowGroup => ({
    key: 'all',
    reached: { firstContact: 20, preConversation: 15, screening: 16, treatment: 10, completed: 5 },
    shareReached: { preConversation: 0.75, screening: 0.8, treatment: 0.5, completed: 0.25 },
    closed: 8,
    closureReasons: {},
    referralDestinations: {},
    waits: {} as FlowGroup['waits'],
    ...over,
  });

  it('gives the drop-off into each step in percentage points of the first contacts, negative where more reached it', () => {
    expect(dropOffs(group({}))).toEqual([null, 25, -5, 30, 25]);
  });

  it('leaves a drop-off out where a share is hidden or the group is empty', () => {
    expect(dropOffs(group({ shareReached: { preConversation: null, screening: 0.8, treatment: 0.5, completed: null } }))).toEqual([
      null,
      null,
      null,
      30,
      null,
    ]);
    const empty = group({
      reached: { firstContact: 0, preConversation: 0, screening: 0, treatment: 0, completed: 0 },
      shareReached: { preConversation: null, screening: null, treatment: null, completed: null },
    });
    expect(dropOffs(empty)).toEqual([null, null, null, null, null]);
  });

  it('reads the URL and asks the API within what the caller may see', () => {
    const search = parseFlowSearch({ from: '2026-01-01', to: '2026-06-30', region: '1082' });
    expect(search).toEqual({ from: '2026-01-01', to: '2026-06-30', region: '1082' });
    expect(flowQuery(search, '2026-12-01', true, [])).toEqual({ from: '2026-01-01', to: '2026-06-30', region: '1082' });
    expect(flowQuery(search, '2026-12-01', false, ['751'])).toEqual({ from: '2026-01-01', to: '2026-06-30' });
  });

  it('asks by whole half-year for an evaluator below national level, and by any period nationally or for a manager', () => {
    const odd = { from: '2026-02-01', to: '2026-05-31' };
    expect(byHalfYear({ municipality: '751' }, true)).toBe(true);
    expect(byHalfYear({ region: '1082' }, true)).toBe(true);
    expect(byHalfYear({}, true)).toBe(false);
    expect(byHalfYear({ municipality: '751' }, false)).toBe(false);
    // Not a half-year: the last one that has ended.
    expect(flowQuery({ ...odd, municipality: '101' }, '2026-12-01', true, [])).toEqual({
      from: '2026-01-01',
      to: '2026-06-30',
      municipality: '101',
    });
    expect(flowQuery({ from: '2026-07-01', to: '2026-12-31', region: '1084' }, '2026-12-01', true, [])).toEqual({
      from: '2026-07-01',
      to: '2026-12-31',
      region: '1084',
    });
    expect(flowHalfYear({}, '2027-01-10')).toBe('2026H2');
    expect(flowQuery(odd, '2026-12-01', true, [])).toEqual(odd);
    expect(flowQuery({ ...odd, municipality: '751' }, '2026-12-01', false, ['751'])).toEqual({ ...odd, municipality: '751' });
  });
});

describe('half-years', () => {
  it.each([
    ['2026H1', { from: '2026-01-01', to: '2026-06-30' }],
    ['2025H2', { from: '2025-07-01', to: '2025-12-31' }],
  ])('%s runs %p', (label, bounds) => {
    expect(halfYearBounds(label)).toEqual(bounds);
    expect(wholeHalfYearOf(bounds.from, bounds.to)).toBe(label);
  });

  it.each([
    ['2026-01-01', '2026-06-29'],
    ['2026-01-02', '2026-06-30'],
    ['2026-01-01', '2026-12-31'],
    ['2026-07-01', '2027-06-30'],
  ])('%s to %s is no half-year', (from, to) => {
    expect(wholeHalfYearOf(from, to)).toBeUndefined();
  });
});
