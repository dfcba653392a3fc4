import { ageOn, centuryOf, isInOfferAgeRange, maskedCprOf, parseCpr, type Cpr } from '../../src/kernel/cpr.rules.js';

/** The old modulus-11 check (weights 4 3 2 7 6 5 4 3 2 1): only here to prove the service does NOT apply it. */
function passesModulus11(digits: string): boolean {
  const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
  return [...digits].reduce((sum, d, i) => sum + Number(d) * weights[i], 0) % 11 === 0;
}

const birthDateOf = (input: string) => (parseCpr(input) as Cpr).birthDate;

describe(centuryOf.name, () => {
  // docs/domain.md, "People and identity": the 7th digit with the two-digit year gives the century.
  it.each<[string, number, number, number]>([
    ['7th digit 0 is always the 1900s (year 00)', 0, 0, 1900],
    ['7th digit 0 is always the 1900s (year 99)', 0, 99, 1900],
    ['7th digit 1 is always the 1900s', 1, 14, 1900],
    ['7th digit 2 is always the 1900s', 2, 36, 1900],
    ['7th digit 3 is always the 1900s (year 57)', 3, 57, 1900],
    ['7th digit 3 is always the 1900s (year 99)', 3, 99, 1900],
    ['7th digit 4 with year 00 is the 2000s', 4, 0, 2000],
    ['7th digit 4 with year 36 is the 2000s', 4, 36, 2000],
    ['7th digit 4 with year 37 is the 1900s', 4, 37, 1900],
    ['7th digit 4 with year 99 is the 1900s', 4, 99, 1900],
    ['7th digit 9 with year 00 is the 2000s', 9, 0, 2000],
    ['7th digit 9 with year 36 is the 2000s', 9, 36, 2000],
    ['7th digit 9 with year 37 is the 1900s', 9, 37, 1900],
    ['7th digit 9 with year 99 is the 1900s', 9, 99, 1900],
    ['7th digit 5 with year 00 is the 2000s', 5, 0, 2000],
    ['7th digit 5 with year 57 is the 2000s', 5, 57, 2000],
    ['7th digit 5 with year 58 is 1858–1899', 5, 58, 1800],
    ['7th digit 6 with year 57 is the 2000s', 6, 57, 2000],
    ['7th digit 6 with year 58 is 1858–1899', 6, 58, 1800],
    ['7th digit 7 with year 57 is the 2000s', 7, 57, 2000],
    ['7th digit 7 with year 99 is 1858–1899', 7, 99, 1800],
    ['7th digit 8 with year 57 is the 2000s', 8, 57, 2000],
    ['7th digit 8 with year 99 is 1858–1899', 8, 99, 1800],
  ])('%s', (_name, seventh, yy, century) => {
    expect(centuryOf(seventh, yy)).toBe(century);
  });
});

describe(parseCpr.name, () => {
  describe('reads the birth date with the century from the 7th digit', () => {
    it.each<[string, string, string]>([
      ['0–3: 1900s', '010100-0000', '1900-01-01'],
      ['0–3: 1900s, last day of the century', '311299-3001', '1999-12-31'],
      ['0–3: 1900s even for a year a 4 would put in the 2000s', '050514-1234', '1914-05-05'],
      ['4: 2000–2036 when the year is 36', '010136-4001', '2036-01-01'],
      ['4: 1900s when the year is 37', '010137-4001', '1937-01-01'],
      ['4: 2000s for a child born 2014', '050514-4996', '2014-05-05'],
      ['9: 2000–2036 when the year is 36', '311236-9001', '2036-12-31'],
      ['9: 1900s when the year is 37', '010137-9001', '1937-01-01'],
      ['9: 1900s when the year is 99', '311299-9001', '1999-12-31'],
      ['5: 2000–2057 when the year is 57', '311257-5001', '2057-12-31'],
      ['5: 1858 when the year is 58', '010158-5001', '1858-01-01'],
      ['6: 2000s when the year is 00', '010100-6001', '2000-01-01'],
      ['6: 1800s when the year is 70', '010170-6001', '1870-01-01'],
      ['7: 2000s when the year is 14', '050514-7001', '2014-05-05'],
      ['7: 1800s when the year is 99', '311299-7001', '1899-12-31'],
      ['8: 2000s when the year is 57', '010157-8001', '2057-01-01'],
      ['8: 1899 when the year is 99', '311299-8001', '1899-12-31'],
    ])('%s: %s is born %s', (_name, input, birthDate) => {
      expect(birthDateOf(input)).toBe(birthDate);
    });
  });

  describe('29 February exists only in leap years', () => {
    it.each<[string, string, string]>([
      ['2000 is a leap year (divisible by 400)', '290200-4001', '2000-02-29'],
      ['2000 via 7th digit 5', '290200-5001', '2000-02-29'],
      ['1996 is a leap year', '290296-1234', '1996-02-29'],
      ['2012 is a leap year', '290212-4002', '2012-02-29'],
      ['1860 is a leap year', '290260-6001', '1860-02-29'],
    ])('%s: %s is born %s', (_name, input, birthDate) => {
      expect(birthDateOf(input)).toBe(birthDate);
    });

    it.each<[string, string]>([
      ['1900 is not a leap year (divisible by 100, not by 400)', '290200-0001'],
      ['1900 via 7th digit 3', '290200-3001'],
      ['1997 is not a leap year', '290297-1234'],
      ['2013 is not a leap year', '290213-4002'],
      ['1858 is not a leap year', '290258-5001'],
      ['1899 is not a leap year', '290299-8001'],
    ])('%s: %s is rejected as date', (_name, input) => {
      expect(parseCpr(input)).toBe('date');
    });
  });

  describe('never applies modulus 11 (numbers without the check have been issued since 2007)', () => {
    it.each(['0101071234', '010107-4000', '010107-1236', '0101101111', '0101140000', '010100-4002', '0101994567'])(
      '%s fails modulus 11 and is accepted',
      (input) => {
        expect(passesModulus11(input.replace('-', ''))).toBe(false);
        expect(parseCpr(input)).toEqual(expect.objectContaining({ digits: input.replace('-', '') }));
      },
    );

    it('a number that passes modulus 11 is accepted too', () => {
      expect(passesModulus11('0505149996')).toBe(false);
      expect(passesModulus11('1111111118')).toBe(true);
      expect(birthDateOf('1111111118')).toBe('1911-11-11');
    });
  });

  describe('rejects a date that does not exist', () => {
    it.each<[string, string]>([
      ['day 00', '000114-4001'],
      ['day 32', '320114-4001'],
      ['31 April', '310414-4001'],
      ['30 February', '300214-4001'],
      ['month 00', '010014-4001'],
      ['month 13', '011314-4001'],
      ['day 45 (looks like a CPR but is not)', '450514-9996'],
    ])('%s: %s', (_name, input) => {
      expect(parseCpr(input)).toBe('date');
    });
  });

  describe('rejects malformed input as format', () => {
    it.each<[string, string]>([
      ['a letter', '05051A9996'],
      ['a letter in the serial', '050514-999X'],
      ['9 digits', '050514999'],
      ['11 digits', '05051499961'],
      ['9 digits with a hyphen', '050514-999'],
      ['11 digits with a hyphen', '050514-99961'],
      ['hyphen after the 4th digit', '0505-149996'],
      ['hyphen after the 5th digit', '05051-49996'],
      ['hyphen after the 7th digit', '0505149-996'],
      ['two hyphens', '050514--9996'],
      ['a space instead of the hyphen', '050514 9996'],
      ['a slash instead of the hyphen', '050514/9996'],
      ['empty', ''],
      ['non-ASCII digits', '٠٥٠٥١٤٩٩٩٦'],
    ])('%s: %j', (_name, input) => {
      expect(parseCpr(input)).toBe('format');
    });
  });

  it.each<[string, string]>([
    ['DDMMYYSSSS', '0505149996'],
    ['DDMMYY-SSSS', '050514-9996'],
    ['with surrounding whitespace', ' 050514-9996 '],
  ])('reads %s and stores ten digits without hyphen', (_name, input) => {
    expect(parseCpr(input)).toEqual({ digits: '0505149996', birthDate: '2014-05-05', sex: 'female' });
  });

  describe('sex from the last digit: odd male, even female', () => {
    it.each<[string, 'male' | 'female']>([
      ['050514-4990', 'female'],
      ['050514-4991', 'male'],
      ['050514-4992', 'female'],
      ['050514-4993', 'male'],
      ['050514-4994', 'female'],
      ['050514-4995', 'male'],
      ['050514-4996', 'female'],
      ['050514-4997', 'male'],
      ['050514-4998', 'female'],
      ['050514-4999', 'male'],
    ])('%s is %s', (input, sex) => {
      expect((parseCpr(input) as Cpr).sex).toBe(sex);
    });
  });
});

describe(maskedCprOf.name, () => {
  it.each<[string, string]>([
    ['2014-05-05', '050514-xxxx'],
    ['1999-12-31', '311299-xxxx'],
    ['2000-02-29', '290200-xxxx'],
    ['1858-01-01', '010158-xxxx'],
  ])('a child born %s shows as %s', (birthDate, masked) => {
    expect(maskedCprOf(birthDate)).toBe(masked);
  });
});

describe(ageOn.name, () => {
  it.each<[string, string, string, number]>([
    ['the day before the 15th birthday', '2011-06-15', '2026-06-14', 14],
    ['on the 15th birthday', '2011-06-15', '2026-06-15', 15],
    ['the day after the 15th birthday', '2011-06-15', '2026-06-16', 15],
    ['a month before the birthday, later in the month', '2011-06-15', '2026-05-20', 14],
    ['the day before a 1 January birthday', '2011-01-01', '2025-12-31', 14],
    ['on a 1 January birthday', '2011-01-01', '2026-01-01', 15],
    ['the day before a 31 December birthday', '2010-12-31', '2025-12-30', 14],
    ['on a 31 December birthday', '2010-12-31', '2025-12-31', 15],
    ['on the birth date itself', '2014-05-05', '2014-05-05', 0],
    ['born 29 Feb: 28 Feb in a non-leap year is still the day before', '2012-02-29', '2027-02-28', 14],
    ['born 29 Feb: 1 March in a non-leap year is the birthday', '2012-02-29', '2027-03-01', 15],
    ['born 29 Feb: 29 Feb in a leap year is the birthday', '2012-02-29', '2028-02-29', 16],
    ['the day before the 18th birthday', '2008-03-10', '2026-03-09', 17],
    ['on the 18th birthday', '2008-03-10', '2026-03-10', 18],
  ])('%s (born %s, on %s) is %i', (_name, birthDate, onDate, age) => {
    expect(ageOn(birthDate, onDate)).toBe(age);
  });
});

describe(isInOfferAgeRange.name, () => {
  it.each<[number, boolean]>([
    [3, false],
    [4, false],
    [5, true],
    [10, true],
    [17, true],
    [18, false],
    [25, false],
  ])('age %i is in the offer’s 5–17 range: %s', (age, inRange) => {
    expect(isInOfferAgeRange(age)).toBe(inRange);
  });
});
