import {
  areaIndicators,
  areaPopulation,
  baselineOf,
  CELL_KEYS,
  changeOf,
  emptyFigures,
  figureOf,
  INDICATORS,
  publishBucket,
  roundTo,
  type CellKey,
  type CellPopulation,
  type CohortFigures,
} from '../../src/statistics/indicators.rules.js';
import { halfYearsBetween, lastCompleteHalfYear, parseHalfYear, parsePeriod } from '../../src/statistics/period.rules.js';
import { citizensOf, populationAged, type PopulationBand } from '../../src/statistics/population.rules.js';

const band = (sex: PopulationBand['sex'], ageFrom: number | null, ageTo: number | null, population: number): PopulationBand => ({
  sex,
  ageFrom,
  ageTo,
  population,
});
const figures = (patch: Partial<CohortFigures>): CohortFigures => ({ ...emptyFigures(), ...patch });
const noPopulation = () =>
  Object.fromEntries(CELL_KEYS.map((k) => [k, { citizens: null, children: null }])) as Record<CellKey, CellPopulation>;

describe('parsePeriod', () => {
  it.each([
    ['2025H2', '2025H2', 'half_year', '2025-07-01', '2025-12-31', 6],
    ['2025H1', '2025H1', 'half_year', '2025-01-01', '2025-06-30', 6],
    ['2025-h1', '2025H1', 'half_year', '2025-01-01', '2025-06-30', 6],
    ['2024Q1', '2024Q1', 'quarter', '2024-01-01', '2024-03-31', 3],
    ['2025Q3', '2025Q3', 'quarter', '2025-07-01', '2025-09-30', 3],
    ['2025-Q4', '2025Q4', 'quarter', '2025-10-01', '2025-12-31', 3],
    ['2025', '2025', 'year', '2025-01-01', '2025-12-31', 12],
  ])('reads %s as %s (%s, %s to %s)', (text, label, kind, from, to, months) => {
    expect(parsePeriod(text)).toEqual({ label, kind, year: Number(label.slice(0, 4)), from, to, months });
  });

  it.each(['2025H3', '2025Q5', '2025Q0', '25H1', '2025-07', 'H1', '1999H1', '2101', ''])('rejects %j', (text) => {
    expect(parsePeriod(text)).toBeNull();
  });

  it('reads only half-years as a baseline bound', () => {
    expect(parseHalfYear('2024H2')?.label).toBe('2024H2');
    expect(parseHalfYear('2024Q3')).toBeNull();
    expect(parseHalfYear('2024')).toBeNull();
  });
});

describe('lastCompleteHalfYear', () => {
  it.each([
    ['2026-02-15', '2025H2'],
    ['2026-01-01', '2025H2'],
    ['2026-06-30', '2025H2'],
    ['2026-07-01', '2026H1'],
    ['2026-12-31', '2026H1'],
  ])('on %s is %s', (today, label) => {
    expect(lastCompleteHalfYear(today).label).toBe(label);
  });
});

describe('halfYearsBetween', () => {
  it.each([
    ['2024H2', '2025H1', ['2024H2', '2025H1']],
    ['2024H1', '2025H2', ['2024H1', '2024H2', '2025H1', '2025H2']],
    ['2025H1', '2025H1', ['2025H1']],
    ['2025H2', '2025H1', []],
  ])('%s to %s gives %j', (from, to, labels) => {
    expect(halfYearsBetween(parseHalfYear(from)!, parseHalfYear(to)!).map((h) => h.label)).toEqual(labels);
  });
});

describe('population denominators', () => {
  const singleYears = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17].map((age) => band('total', age, age, 100 + age));

  it.each([
    ['the loaded total', [band('total', null, null, 1000), band('female', null, null, 480), band('male', null, null, 500)], 1000],
    ['female + male when no total is loaded', [band('female', null, null, 480), band('male', null, null, 500)], 980],
    ['nothing with one sex only', [band('female', null, null, 480)], null],
    ['nothing from age bands alone', singleYears, null],
  ])('citizens: %s', (_name, bands, expected) => {
    expect(citizensOf(bands, 'total')).toBe(expected);
  });

  it.each([
    ['single years 5–17', singleYears, 5, 17, singleYears.reduce((s, b) => s + b.population, 0)],
    ['the 10–13 age group from single years', singleYears, 10, 13, 110 + 111 + 112 + 113],
    ['bands that tile 5–17', [band('total', 5, 9, 500), band('total', 10, 13, 400), band('total', 14, 17, 300)], 5, 17, 1200],
    ['single years preferred where a band overlaps them', [...singleYears, band('total', 5, 9, 9999)], 5, 9, 105 + 106 + 107 + 108 + 109],
    [
      'nothing when a band reaches past the range (15-19 for 15–17)',
      [band('total', 5, 9, 1), band('total', 10, 14, 1), band('total', 15, 19, 1)],
      5,
      17,
      null,
    ],
    ['nothing with an age missing', singleYears.filter((b) => b.ageFrom !== 12), 5, 17, null],
    ['female + male when only sexes are loaded', [band('female', 5, 17, 600), band('male', 5, 17, 650)], 5, 17, 1250],
    ['nothing from an open band', [band('total', 5, null, 100)], 5, 17, null],
  ])('aged: %s', (_name, bands, from, to, expected) => {
    expect(populationAged(bands, 'total', from, to)).toBe(expected);
  });

  it('sums an area and falls back to the default total where nothing is loaded', () => {
    const area = areaPopulation([
      {
        bands: [
          band('total', null, null, 350_000),
          band('total', 5, 9, 20_000),
          band('total', 10, 13, 16_000),
          band('total', 14, 17, 14_000),
        ],
        defaultTotal: 367_095,
      },
      { bands: [], defaultTotal: 106_150 },
    ]);
    expect(area.cells.all).toEqual({ citizens: 456_150, children: null });
    expect(area.cells['age_group:5-9']).toEqual({ citizens: null, children: null });
    expect(area.citizensSource).toBe('mixed');
    const one = areaPopulation([
      { bands: [band('total', 5, 9, 20_000), band('total', 10, 13, 16_000), band('total', 14, 17, 14_000)], defaultTotal: 367_095 },
    ]);
    expect(one.cells.all).toEqual({ citizens: 367_095, children: 50_000 });
    expect(one.cells['age_group:14-17']).toEqual({ citizens: null, children: 14_000 });
    expect(one.cells['sex:female']).toEqual({ citizens: null, children: null });
    expect(one.citizensSource).toBe('default');
  });
});

describe('per 100,000', () => {
  const population = (citizens: number | null, children: number | null) => ({ ...noPopulation(), all: { citizens, children } });

  it.each([
    [7, 350_000, 50_000, 2, 14],
    [1, 6_000_000, null, 1 / 60, null],
    [0, 100_000, 1_000, 0, 0],
    [5, null, null, null, null],
  ])('%i first contacts over %p citizens and %p children', (n, citizens, children, perCitizens, perChildren) => {
    const out = publishBucket({ cells: { all: figures({ firstContacts: n }) }, population: population(citizens, children) }, null);
    expect(out.all.firstContactsPer100kCitizens).toEqual(perCitizens === null ? null : expect.closeTo(perCitizens, 9));
    expect(out.all.firstContactsPer100kChildren).toEqual(perChildren === null ? null : expect.closeTo(perChildren, 9));
  });

  it('below national level divides the rounded count, so the exact count cannot be worked back', () => {
    const out = publishBucket({ cells: { all: figures({ firstContacts: 7 }) }, population: population(350_000, null) }, 'municipality');
    expect(out.all.firstContacts).toBe(5);
    expect(out.all.firstContactsPer100kCitizens).toBeCloseTo((5 / 350_000) * 100_000, 9);
  });
});

describe('baseline and change', () => {
  it.each([
    ['the mean of the half-years', [4, 6], 'count', 1, 5],
    ['scaled to a quarter for counts', [4, 6], 'count', 0.5, 2.5],
    ['scaled to a year for per-100,000', [1, 1.5], 'per_100k', 2, 2.5],
    ['not scaled for shares', [0.5, 0.7], 'share', 0.5, 0.6],
    ['leaving out half-years where the figure does not exist', [null, 12], 'per_100k', 1, 12],
    ['null when no half-year has the figure', [null, null], 'share', 1, null],
    ['hidden when any half-year is hidden', [10, '<5'], 'count', 1, '..'],
    ['null without a baseline period', null, 'count', 1, null],
  ] as const)('baseline: %s', (_name, values, kind, scale, expected) => {
    const baseline = baselineOf(values as never, kind, scale);
    if (typeof expected === 'number') expect(baseline).toBeCloseTo(expected, 9);
    else expect(baseline).toBe(expected);
  });

  it.each([
    [7, 5, 2, 0.4],
    [3, 5, -2, -0.4],
    [5, 0, 5, null],
    ['<5', 5, null, null],
    [5, '..', null, null],
    [null, 5, null, null],
  ] as const)('change from %p to %p is %p (relative %p)', (value, baseline, absolute, relative) => {
    expect(changeOf(value, baseline)).toEqual({ absolute, relative });
  });

  it('rounds for publication after computing the change from unrounded figures', () => {
    expect(figureOf('share', 6 / 7, [0.5, 0.5], 1)).toEqual({ value: 0.857, baseline: 0.5, change: { absolute: 0.357, relative: 0.714 } });
    expect(figureOf('per_100k', 2, [1, 6 / 3.5], 1)).toEqual({ value: 2, baseline: 1.4, change: { absolute: 0.6, relative: 0.474 } });
    expect(figureOf('count', 4, [4, 6], 0.5)).toEqual({ value: 4, baseline: 2.5, change: { absolute: 1.5, relative: 0.6 } });
  });

  it.each([
    [2.25, 1, 2.3],
    [-2.25, 1, -2.3],
    [0.8571428, 3, 0.857],
    [-0.00001, 3, 0],
  ])('rounds %p to %i decimals as %p (half away from zero)', (value, decimals, expected) => {
    expect(roundTo(value, decimals)).toBe(expected);
  });
});

describe('publishBucket', () => {
  const cohort = {
    all: figures({ firstContacts: 12, preConversation: 9, screening: 3, droppedOut: 6 }),
    'age_group:5-9': figures({ firstContacts: 2, preConversation: 2 }),
    'age_group:10-13': figures({ firstContacts: 6, preConversation: 5 }),
    'age_group:14-17': figures({ firstContacts: 4 }),
    'sex:female': figures({ firstContacts: 12, preConversation: 9 }),
  } satisfies Partial<Record<CellKey, CohortFigures>>;

  it('gives exact, unrounded figures to a manager', () => {
    const out = publishBucket({ cells: cohort, population: noPopulation() }, null);
    expect(out.all).toMatchObject({
      firstContacts: 12,
      shareReachingPreConversation: 0.75,
      shareReachingScreening: 0.25,
      dropOutShare: 0.5,
    });
    expect(out['age_group:5-9']).toMatchObject({ firstContacts: 2, shareReachingPreConversation: 1 });
    expect(out['age_group:outside_range']).toMatchObject({ firstContacts: 0, shareReachingPreConversation: null });
  });

  it('below national level rounds, marks small counts, and hides a rate with a small term', () => {
    const out = publishBucket({ cells: cohort, population: noPopulation() }, 'region');
    expect(out.all).toMatchObject({
      firstContacts: 10,
      shareReachingPreConversation: 0.75,
      shareReachingScreening: '..',
      dropOutShare: 0.5,
    });
  });

  it('hides every figure of a cell whose count is hidden, and the next-smallest cell beside a lone small one', () => {
    const out = publishBucket({ cells: cohort, population: noPopulation() }, 'municipality');
    // Age row 2, 6, 4, 0, 0 with total 12: two cells under 5, so no secondary suppression.
    expect(['5-9', '10-13', '14-17', 'outside_range', 'unknown'].map((g) => out[`age_group:${g}` as CellKey].firstContacts)).toEqual([
      '<5',
      5,
      '<5',
      0,
      0,
    ]);
    expect(out['age_group:5-9'].shareReachingPreConversation).toBe('..');
    // Sex row 12, 0, 0: nothing hidden.
    const lone = publishBucket(
      {
        cells: {
          ...cohort,
          'sex:female': figures({ firstContacts: 9 }),
          'sex:male': figures({ firstContacts: 2 }),
          'sex:unknown': figures({ firstContacts: 1 }),
        },
        population: noPopulation(),
      },
      'municipality',
    );
    expect([lone['sex:female'].firstContacts, lone['sex:male'].firstContacts, lone['sex:unknown'].firstContacts]).toEqual([10, '<5', '<5']);
    const secondary = publishBucket(
      {
        cells: { ...cohort, 'sex:female': figures({ firstContacts: 6 }), 'sex:male': figures({ firstContacts: 6 }) },
        population: noPopulation(),
      },
      'municipality',
    );
    // 6, 6, 0 with total 12: nothing under 5, nothing hidden.
    expect([secondary['sex:female'].firstContacts, secondary['sex:male'].firstContacts]).toEqual([5, 5]);
    const oneSmall = publishBucket(
      {
        cells: { ...cohort, 'sex:female': figures({ firstContacts: 3 }), 'sex:male': figures({ firstContacts: 9, preConversation: 9 }) },
        population: noPopulation(),
      },
      'municipality',
    );
    // 3, 9, 0 with total 12: 3 is hidden, and so is 9 (the next-smallest above 0), with its shares.
    expect([oneSmall['sex:female'].firstContacts, oneSmall['sex:male'].firstContacts]).toEqual(['<5', '..']);
    expect(oneSmall['sex:male'].shareReachingPreConversation).toBe('..');
  });

  it('publishes exact figures at national level', () => {
    const out = publishBucket({ cells: cohort, population: noPopulation() }, 'national');
    expect(out['age_group:5-9'].firstContacts).toBe(2);
    expect(out.all.shareReachingScreening).toBe(0.25);
  });

  it('hides a median resting on fewer than 5 waits below national level', () => {
    const waits = {
      ...emptyFigures().waits,
      firstContactToPreConversation: { n: 4, median: 7 },
      firstContactToScreening: { n: 5, median: 20 },
    };
    const out = publishBucket({ cells: { all: figures({ firstContacts: 10, waits }) }, population: noPopulation() }, 'municipality');
    expect(out.all.medianDaysFirstContactToPreConversation).toBe('..');
    expect(out.all.medianDaysFirstContactToScreening).toBe(20);
  });
});

describe('areaIndicators', () => {
  it('sets every indicator of every cell against its baseline', () => {
    const bucket = (n: number) => publishBucket({ cells: { all: figures({ firstContacts: n }) }, population: noPopulation() }, null);
    const out = areaIndicators(bucket(7), [bucket(4), bucket(6)], 1);
    expect(out.all.indicators.firstContacts).toEqual({ value: 7, baseline: 5, change: { absolute: 2, relative: 0.4 } });
    expect(Object.keys(out.all.indicators)).toEqual(INDICATORS.filter((d) => d.group === 'indicators').map((d) => d.id));
    expect(Object.keys(out.all.referralDestinations)).toEqual([
      'home_municipality_offer',
      'other_municipality_126a',
      'gp',
      'child_psychiatry',
      'civil_society',
      'other',
    ]);
    expect(Object.keys(out.byAgeGroup)).toEqual(['5-9', '10-13', '14-17', 'outside_range', 'unknown']);
    expect(Object.keys(out.bySex)).toEqual(['female', 'male', 'unknown']);
    expect(areaIndicators(bucket(7), null, 1).all.indicators.firstContacts).toEqual({
      value: 7,
      baseline: null,
      change: { absolute: null, relative: null },
    });
  });
});
