import { DomainError } from '../../src/common/errors.js';
import { addYears } from '../../src/kernel/local-date.js';
import { checkBornBy, checkDateBounds, OFFER_START, planningHorizon } from '../../src/courses/course.rules.js';

const TODAY = '2026-03-15';

function outcomeOf(fn: () => void): { status: number; code: string; field?: string } | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { status: error.status, code: error.code, ...(error.errors[0] ? { field: error.errors[0].field } : {}) };
  }
}

describe(addYears.name, () => {
  it.each([
    ['2026-03-15', 2, '2028-03-15'],
    ['2028-02-29', 2, '2030-02-28'],
    ['2026-12-31', 1, '2027-12-31'],
  ])('%s plus %i years is %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });
});

describe(checkDateBounds.name, () => {
  it('the offer began on 2024-01-01 (sundhedsloven § 126 a)', () => expect(OFFER_START).toBe('2024-01-01'));
  it('plans reach two years ahead of today', () => expect(planningHorizon(TODAY)).toBe('2028-03-15'));

  it.each<[string, string, ReturnType<typeof outcomeOf>]>([
    ['the first day of the offer', '2024-01-01', 'ok'],
    ['today', TODAY, 'ok'],
    ['two years ahead, to the day', '2028-03-15', 'ok'],
    ['the day before the offer began', '2023-12-31', { status: 422, code: 'date_before_offer', field: 'date' }],
    ['the year 100', '0100-01-01', { status: 422, code: 'date_before_offer', field: 'date' }],
    ['a day more than two years ahead', '2028-03-16', { status: 422, code: 'date_too_far_ahead', field: 'date' }],
    ['9999-12-31', '9999-12-31', { status: 422, code: 'date_too_far_ahead', field: 'date' }],
  ])('%s (%s)', (_what, date, expected) => {
    expect(outcomeOf(() => checkDateBounds(date, TODAY, 'date'))).toEqual(expected);
  });
});

describe(checkBornBy.name, () => {
  it.each<[string, string, string, ReturnType<typeof outcomeOf>]>([
    ['a first contact after the birth', '2014-05-05', '2026-03-01', 'ok'],
    ['a first contact on the day of birth', '2026-03-01', '2026-03-01', 'ok'],
    ['a first contact before the birth', '2026-03-02', '2026-03-01', { status: 422, code: 'first_contact_before_birth', field: 'cpr' }],
  ])('%s', (_what, birthDate, firstContact, expected) => {
    expect(outcomeOf(() => checkBornBy(birthDate, firstContact, 'cpr'))).toEqual(expected);
  });
});
