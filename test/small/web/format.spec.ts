import { danishDateToIso, formatDate, formatInstantDate, formatNumber, formatPercent, formatShortDate } from '../../../web/src/format.js';

// Intl's Danish output uses a no-break space before "%"; compare with ordinary spaces.
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('Danish formatting', () => {
  it.each([
    [0.873, '87,3 %'],
    [1, '100,0 %'],
    [0, '0,0 %'],
    [0.05, '5,0 %'],
  ])('formats the share %p as %p', (share, text) => {
    expect(plain(formatPercent(share))).toBe(text);
  });

  it.each([
    [1234.5, '1.234,5'],
    [40000, '40.000'],
    [3.14159, '3,1'],
  ])('formats the number %p as %p', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it.each([
    ['2026-03-05', '5. marts 2026'],
    ['2026-12-31', '31. december 2026'],
    ['2024-02-29', '29. februar 2024'],
  ])('writes the date %s as %p, in every time zone', (date, text) => {
    expect(formatDate(date)).toBe(text);
  });

  it.each([
    ['2026-03-05T10:00:00.000Z', '5. marts 2026'],
    // Late evening UTC is the next day in Denmark, in winter (UTC+1) and summer (UTC+2).
    ['2026-03-05T23:30:00.000000Z', '6. marts 2026'],
    ['2026-07-31T22:15:00Z', '1. august 2026'],
    ['2026-07-31T21:59:59Z', '31. juli 2026'],
  ])('writes the instant %s as its Danish local date %p', (instant, text) => {
    expect(formatInstantDate(instant)).toBe(text);
  });

  it.each(['2026-03-05', 'not a date', '2026-03-05Tnonsense'])('leaves the non-instant %p as given', (value) => {
    expect(formatInstantDate(value)).toBe(value);
  });

  it('writes compact dates as dd.mm.åååå', () => {
    expect(formatShortDate('2026-03-05')).toBe('05.03.2026');
  });

  it.each(['2025-02-29', '2026-13-01', 'not a date', ''])('leaves %p as given, rather than inventing a date', (value) => {
    expect(formatDate(value)).toBe(value);
    expect(formatShortDate(value)).toBe(value);
  });
});

describe(danishDateToIso.name, () => {
  it.each([
    ['05.03.2026', '2026-03-05'],
    ['5.3.2026', '2026-03-05'],
    ['05-03-2026', '2026-03-05'],
    ['05032026', '2026-03-05'],
    [' 2026-03-05 ', '2026-03-05'],
    ['29.02.2024', '2024-02-29'],
  ])('reads %p as %p', (typed, iso) => {
    expect(danishDateToIso(typed)).toBe(iso);
  });

  it.each(['29.02.2025', '32.01.2026', '03/05', 'i går', '', '2026-3-5'])('finds no date in %p', (typed) => {
    expect(danishDateToIso(typed)).toBeUndefined();
  });
});
