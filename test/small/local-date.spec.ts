import { addDays, DANISH_TIME_ZONE, daysBetween, isLocalDate, localDateOf, todayInDenmark } from '../../src/kernel/local-date.js';

// The DST weekends: summer time starts on the last Sunday of March at 02:00 CET, ends on the last
// Sunday of October at 03:00 CEST (Europe/Copenhagen).
describe('localDateOf', () => {
  it.each([
    ['23:30 local on the Sunday summer time starts (2025)', '2025-03-30T21:30:00Z', '2025-03-30'],
    ['23:30 local on the Sunday summer time ends (2025)', '2025-10-26T22:30:00Z', '2025-10-26'],
    ['23:30 local on the Sunday summer time starts (2026)', '2026-03-29T21:30:00Z', '2026-03-29'],
    ['23:30 local on the Sunday summer time ends (2026)', '2026-10-25T22:30:00Z', '2026-10-25'],
    ['00:30 local on the Sunday summer time starts, still Saturday in UTC', '2025-03-29T23:30:00Z', '2025-03-30'],
    ['00:30 local on the Sunday summer time ends, still Saturday in UTC', '2025-10-25T22:30:00Z', '2025-10-26'],
    ['the first 02:30 of the repeated hour', '2025-10-26T00:30:00Z', '2025-10-26'],
    ['the second 02:30 of the repeated hour', '2025-10-26T01:30:00Z', '2025-10-26'],
    ['00:00 local on the Monday after summer time starts', '2026-03-29T22:00:00Z', '2026-03-30'],
    ['00:00 local on the Monday after summer time ends', '2026-10-25T23:00:00Z', '2026-10-26'],
    ['a timestamp with a Danish offset', '2025-10-26T23:30:00+01:00', '2025-10-26'],
    ['PostgreSQL timestamptz text in UTC', '2025-03-30 21:30:00.123456+00', '2025-03-30'],
    ['a timestamp with a compact offset', '2026-03-29T23:30:00+0200', '2026-03-29'],
    ['a timestamp without an offset, read as Copenhagen wall time', '2025-03-30T23:30:00', '2025-03-30'],
    ['a wall time in the hour skipped in spring', '2025-03-30T02:30', '2025-03-30'],
    ['a bare date, unchanged', '2025-10-26', '2025-10-26'],
  ])('%s belongs to its Copenhagen date', (_name, instant, expected) => {
    expect(localDateOf(instant)).toBe(expected);
  });

  it.each([
    ['2025-03-30T21:30:00Z', '2025-03-30'],
    ['2025-10-26T22:30:00Z', '2025-10-26'],
    ['2026-03-29T21:30:00Z', '2026-03-29'],
    ['2026-10-25T22:30:00Z', '2026-10-25'],
  ])('a Date at 23:30 local on a DST Sunday (%s) belongs to %s', (instant, expected) => {
    expect(localDateOf(new Date(instant))).toBe(expected);
  });

  it.each([
    'not a date',
    '2025-02-29',
    '2025-13-01',
    '2025-3-1',
    '2025-02-30T12:00:00Z',
    '30/03/2025 23:30',
    '2025-03-30T25:00',
    '2025-03-30T12:00:00+1',
  ])('rejects %p', (input) => {
    expect(() => localDateOf(input)).toThrow(RangeError);
  });

  it('rejects an invalid Date', () => {
    expect(() => localDateOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('todayInDenmark', () => {
  it.each([
    ['late evening on the last Sunday of March', '2026-03-29T21:59:00Z', '2026-03-29'],
    ['just after midnight in Denmark, the evening before in UTC', '2025-12-31T23:15:00Z', '2026-01-01'],
  ])('is the Danish date %s', (_name, now, expected) => {
    expect(todayInDenmark(new Date(now))).toBe(expected);
  });

  it('defaults to now', () => {
    expect(isLocalDate(todayInDenmark())).toBe(true);
  });
});

describe('daysBetween', () => {
  it.each([
    ['the docs/domain.md example: Monday 3 March to Monday 17 March', '2025-03-03', '2025-03-17', 14],
    ['across the spring change 2025', '2025-03-29', '2025-03-31', 2],
    ['across the autumn change 2025', '2025-10-25', '2025-10-27', 2],
    ['across the spring change 2026', '2026-03-28', '2026-04-11', 14],
    ['across the autumn change 2026', '2026-10-24', '2026-11-23', 30],
    ['the same date', '2026-10-25', '2026-10-25', 0],
    ['backwards', '2025-03-31', '2025-03-29', -2],
    ['over a leap day', '2024-02-28', '2024-03-01', 2],
    ['over a year end', '2025-12-20', '2026-01-19', 30],
  ])('counts calendar days %s', (_name, from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('rejects a date that does not exist', () => {
    expect(() => daysBetween('2025-02-29', '2025-03-01')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    ['14 days over the spring change', '2025-03-17', 14, '2025-03-31'],
    ['14 days from the spring Sunday', '2025-03-30', 14, '2025-04-13'],
    ['14 days from the autumn Sunday', '2025-10-26', 14, '2025-11-09'],
    ['30 days from the spring Sunday 2026', '2026-03-29', 30, '2026-04-28'],
    ['30 days from the autumn Sunday 2026', '2026-10-25', 30, '2026-11-24'],
    ['one day into a leap day', '2024-02-28', 1, '2024-02-29'],
    ['backwards over a year end', '2026-01-01', -1, '2025-12-31'],
  ])('adds %s', (_name, date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('rejects part days', () => {
    expect(() => addDays('2025-03-03', 0.5)).toThrow(RangeError);
  });
});

describe('localDateOf a Date, asked minute after minute (it remembers the last UTC hour)', () => {
  // An oracle apart from dayjs: the platform's own time-zone data.
  const oracle = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });
  it.each([
    ['the night summer time starts (2026)', '2026-03-28T20:00:00Z'],
    ['the night summer time ends (2026)', '2026-10-24T20:00:00Z'],
    ['New Year (2026)', '2025-12-31T20:00:00Z'],
    ['an ordinary midnight in summer', '2026-06-14T19:00:00Z'],
  ])('never gives a stale date across %s', (_name, start) => {
    const from = Date.parse(start);
    for (let ms = from; ms < from + 30 * 3_600_000; ms += 60_000) {
      // The last millisecond of each minute too: just before an hour (and maybe a date) ends.
      for (const at of [ms, ms + 59_999]) expect([at, localDateOf(new Date(at))]).toEqual([at, oracle.format(new Date(at))]);
    }
  });
});

describe('localDateOf, remembered per UTC hour', () => {
  it('gives every instant the date dayjs gives it, minute by minute around every DST change of 2024–2027, in any order', async () => {
    const { default: dayjs } = await import('dayjs');
    const changes = [
      '2024-03-31T01:00:00Z',
      '2024-10-27T01:00:00Z',
      '2025-03-30T01:00:00Z',
      '2025-10-26T01:00:00Z',
      '2026-03-29T01:00:00Z',
      '2026-10-25T01:00:00Z',
      '2027-03-28T01:00:00Z',
      '2027-10-31T01:00:00Z',
    ];
    // Around each change and around the local midnights of its day and the next (22:00 and 23:00 UTC).
    const instants = changes.flatMap((c) => {
      const at = Date.parse(c);
      return [at, at + 21 * 3_600_000, at + 22 * 3_600_000, at + 45 * 3_600_000, at + 46 * 3_600_000].flatMap((t) =>
        Array.from({ length: 61 }, (_, i) => t + (i - 30) * 60_000 + (i % 7) * 1_000),
      );
    });
    // Backwards first, then forwards: the first instant seen in an hour must not decide the others' date wrongly.
    for (const ms of [...instants].reverse().concat(instants)) {
      expect(localDateOf(new Date(ms))).toBe(dayjs(ms).tz(DANISH_TIME_ZONE).format('YYYY-MM-DD'));
    }
  });

  it('still converts instants before 1900, when the offset was not whole hours, one by one', () => {
    // Copenhagen mean time, +00:50:20, until 1894: 23:15 UTC on 31 December 1889 was already 1 January 1890.
    expect(localDateOf(new Date('1889-12-31T23:15:00Z'))).toBe('1890-01-01');
    expect(localDateOf(new Date('1889-12-31T23:05:00Z'))).toBe('1889-12-31');
  });
});
