import {
  type DisclosureLevel,
  publishedValue,
  restsOnTooFew,
  type RowCell,
  SMALL_NUMBER_THRESHOLD,
  suppressCount,
  suppressRate,
  suppressRow,
} from '../../src/statistics/disclosure.rules.js';

describe('suppressCount', () => {
  it.each([
    ['municipality', 0, 0, '0'],
    ['municipality', 5, 5, '5'],
    ['municipality', 7, 5, '5'],
    ['municipality', 8, 10, '10'],
    ['municipality', 12, 10, '10'],
    ['municipality', 13, 15, '15'],
    ['municipality', 1002, 1000, '1000'],
    ['region', 13, 15, '15'],
    ['region', 0, 0, '0'],
    ['national', 3, 3, '3'],
    ['national', 7, 7, '7'],
    ['national', 0, 0, '0'],
  ] as [DisclosureLevel, number, number, string][])('at %s level a count of %i is shown as %i', (level, n, value, display) => {
    expect(suppressCount(n, level)).toEqual({ value, display, suppressed: false });
  });

  it.each([
    ['municipality', 1],
    ['municipality', 4],
    ['region', 1],
    ['region', 4],
  ] as [DisclosureLevel, number][])('at %s level a count of %i is shown as <5', (level, n) => {
    expect(suppressCount(n, level)).toEqual({ value: null, display: '<5', suppressed: true, reason: 'small_count' });
  });

  it.each([-1, 2.5, Number.NaN])('refuses %p, which is not a count', (n) => {
    expect(() => suppressCount(n, 'municipality')).toThrow(RangeError);
  });
});

describe('suppressRate', () => {
  it.each([
    ['a numerator under 5 hides the rate', 3, 10, 'small_count'],
    ['a numerator of 0 is under 5 and hides the rate', 0, 40, 'small_count'],
    ['a denominator under 5 hides the rate', 4, 4, 'small_denominator'],
    ['a denominator of 0 hides the rate', 0, 0, 'small_denominator'],
  ])('below national level %s (%i/%i)', (_name, numerator, denominator, reason) => {
    for (const level of ['municipality', 'region'] as const) {
      expect(suppressRate(numerator, denominator, level)).toEqual({ value: null, display: '..', suppressed: true, reason });
    }
  });

  it.each([
    ['municipality', 6, 40, 0.15, '15.0%'],
    ['region', 5, 5, 1, '100.0%'],
    ['municipality', 7, 8, 0.875, '87.5%'],
    ['municipality', 5, 6, 0.833, '83.3%'],
    ['national', 3, 10, 0.3, '30.0%'],
    ['national', 0, 3, 0, '0.0%'],
  ] as [DisclosureLevel, number, number, number, string][])('at %s level %i/%i is shown as %s', (level, n, d, value, display) => {
    expect(suppressRate(n, d, level)).toEqual({ value, display, suppressed: false });
  });

  it('decides on the true counts, not the rounded ones: 5/7 is shown although 7 rounds to 5', () => {
    expect(suppressRate(5, 7, 'municipality').suppressed).toBe(false);
  });

  it('decides on the true counts: 4/8 is hidden although 4 would never be published as a number', () => {
    expect(suppressRate(4, 8, 'municipality').reason).toBe('small_count');
  });

  it('a national rate over nothing is empty, not hidden', () => {
    expect(suppressRate(0, 0, 'national')).toEqual({ value: null, display: '', suppressed: false });
  });

  it('refuses a numerator above the denominator', () => {
    expect(() => suppressRate(6, 5, 'national')).toThrow(RangeError);
  });
});

describe('suppressRow', () => {
  const row = (values: Record<string, number>): RowCell[] => Object.entries(values).map(([key, value]) => ({ key, value }));
  const displays = (result: ReturnType<typeof suppressRow>) => Object.fromEntries(result.cells.map((c) => [c.key, c.display]));

  it.each([
    [
      'one small cell and a shown total: the next-smallest cell is hidden too',
      { met: 3, breached: 12, overdue: 8, pending: 30 },
      53,
      { met: '<5', breached: '10', overdue: '..', pending: '30' },
      '55',
    ],
    [
      'a tie on the next-smallest value goes to the key that sorts first',
      { pending: 3, overdue: 9, breached: 9, met: 20 },
      41,
      { pending: '<5', overdue: '10', breached: '..', met: '20' },
      '40',
    ],
    [
      'zeros are passed over: the smallest cell above 0 covers the hidden one',
      { met: 2, breached: 0, overdue: 0, pending: 17 },
      19,
      { met: '<5', breached: '0', overdue: '0', pending: '..' },
      '20',
    ],
    [
      'a hidden total needs no cover: one small cell and the rest 0 make a small total',
      { met: 3, breached: 0, overdue: 0 },
      3,
      { met: '<5', breached: '0', overdue: '0' },
      '<5',
    ],
    ['no hidden cell: nothing more is hidden', { met: 5, breached: 12, overdue: 0 }, 17, { met: '5', breached: '10', overdue: '0' }, '15'],
    [
      'two hidden cells: only their sum can be worked out, nothing more is hidden',
      { met: 3, breached: 1, overdue: 8 },
      12,
      { met: '<5', breached: '<5', overdue: '10' },
      '10',
    ],
  ])('%s', (_name, values, total, expected, expectedTotal) => {
    const result = suppressRow(row(values), total, 'municipality');
    expect(displays(result)).toEqual(expected);
    expect(result.total?.display).toBe(expectedTotal);
  });

  it('the secondary cell is marked as such and its value is not published', () => {
    const result = suppressRow(row({ a: 3, b: 12, c: 8 }), 23, 'region');
    expect(result.cells[2]).toEqual({ key: 'c', value: null, display: '..', suppressed: true, reason: 'secondary' });
    expect(result.cells[0].reason).toBe('small_count');
  });

  it('without a total, one hidden cell cannot be recovered and nothing more is hidden', () => {
    const result = suppressRow(row({ a: 3, b: 12, c: 8 }), undefined, 'municipality');
    expect(displays(result)).toEqual({ a: '<5', b: '10', c: '10' });
    expect(result.total).toBeNull();
  });

  it('when the total counts more than the cells and every other cell is 0, the total is hidden instead', () => {
    const result = suppressRow(row({ a: 3, b: 0 }), 10, 'municipality');
    expect(displays(result)).toEqual({ a: '<5', b: '0' });
    expect(result.total).toEqual({ value: null, display: '..', suppressed: true, reason: 'secondary' });
  });

  it('the choice does not depend on the order of the cells', () => {
    const forward = suppressRow(row({ a: 3, b: 9, c: 9, d: 20 }), 41, 'municipality');
    const backward = suppressRow(row({ d: 20, c: 9, b: 9, a: 3 }), 41, 'municipality');
    expect(displays(forward)).toEqual(displays(backward));
  });

  it('national rows are neither rounded nor suppressed', () => {
    const result = suppressRow(row({ met: 3, breached: 12, overdue: 8 }), 23, 'national');
    expect(displays(result)).toEqual({ met: '3', breached: '12', overdue: '8' });
    expect(result.total?.display).toBe('23');
  });

  it('keeps the cells in the order given', () => {
    const result = suppressRow(row({ z: 10, a: 20 }), undefined, 'municipality');
    expect(result.cells.map((c) => c.key)).toEqual(['z', 'a']);
  });

  it('refuses two cells with the same key', () => {
    expect(() =>
      suppressRow(
        [
          { key: 'a', value: 1 },
          { key: 'a', value: 2 },
        ],
        3,
        'municipality',
      ),
    ).toThrow(RangeError);
  });
});

describe('publishedValue', () => {
  it.each([
    [suppressCount(8, 'municipality'), 10],
    [suppressCount(3, 'municipality'), '<5'],
    [suppressRate(6, 40, 'municipality'), 0.15],
    [suppressRate(3, 40, 'municipality'), '..'],
    [suppressRate(0, 0, 'national'), null],
  ])('%o is written as %p', (figure, expected) => {
    expect(publishedValue(figure)).toBe(expected);
  });
});

describe(restsOnTooFew.name, () => {
  it('names the small-number threshold of docs/domain.md: under 5', () => {
    expect(SMALL_NUMBER_THRESHOLD).toBe(5);
  });

  it.each([
    [4, 'municipality', true],
    [1, 'region', true],
    [0, 'municipality', true],
    [5, 'municipality', false],
    [5, 'region', false],
    [4, 'national', false],
    [0, 'national', false],
    [4, null, false],
  ] as [number, DisclosureLevel | null, boolean][])('a statistic over %i values at %s level is hidden: %s', (n, level, hidden) => {
    expect(restsOnTooFew(n, level)).toBe(hidden);
  });
});
