import { worklistFlags, type RunningClock } from '../../src/worklist/worklist.rules.js';

const TODAY = '2026-06-15';

/** A running clock whose deadline is `daysLeft` days from 2026-06-15. */
function clock(deadline: string, daysLeft: number, plannedDates: string[] = [], dataFlags: string[] = []): RunningClock {
  return { deadline, daysLeft, plannedDates, dataFlags };
}

describe(worklistFlags.name, () => {
  it.each<[string, RunningClock, number, string[]]>([
    ['a deadline 10 days away with a booking in time is quiet', clock('2026-06-25', 10, ['2026-06-20']), 3, []],
    ['a deadline 10 days away with nothing booked is not yet not_booked', clock('2026-06-25', 10), 3, []],
    ['the deadline today is due_soon (not overdue)', clock('2026-06-15', 0, ['2026-06-15']), 3, ['due_soon']],
    ['a deadline 3 days away is due_soon at a horizon of 3', clock('2026-06-18', 3, ['2026-06-17']), 3, ['due_soon']],
    ['a deadline 4 days away is not due_soon at a horizon of 3', clock('2026-06-19', 4, ['2026-06-17']), 3, []],
    ['a horizon of 0 makes only today due_soon', clock('2026-06-16', 1, ['2026-06-16']), 0, []],
    [
      'a deadline passed yesterday is overdue, not due_soon',
      clock('2026-06-14', -1, ['2026-06-20']),
      3,
      ['overdue', 'booked_after_deadline'],
    ],
    ['due soon with nothing booked is not_booked', clock('2026-06-17', 2), 3, ['due_soon', 'not_booked']],
    ['overdue with nothing booked is not_booked', clock('2026-06-01', -14), 3, ['overdue', 'not_booked']],
    [
      'a booking the day after the deadline is booked_after_deadline',
      clock('2026-06-17', 2, ['2026-06-18']),
      3,
      ['due_soon', 'booked_after_deadline'],
    ],
    ['a booking on the deadline day is in time', clock('2026-06-17', 2, ['2026-06-17']), 3, ['due_soon']],
    ['one booking in time among later ones is in time', clock('2026-06-17', 2, ['2026-06-16', '2026-06-30']), 3, ['due_soon']],
    [
      'a booking far ahead of a distant deadline but after it is booked_after_deadline',
      clock('2026-06-25', 10, ['2026-07-01']),
      3,
      ['booked_after_deadline'],
    ],
    [
      'a booking in the past never recorded is unrecorded_planned_contact, and not an upcoming booking',
      clock('2026-06-17', 2, ['2026-06-10']),
      3,
      ['due_soon', 'not_booked', 'unrecorded_planned_contact'],
    ],
    [
      'an unrecorded past booking beside an upcoming one in time',
      clock('2026-06-17', 2, ['2026-06-10', '2026-06-16']),
      3,
      ['due_soon', 'unrecorded_planned_contact'],
    ],
    ['a booking today counts as upcoming', clock('2026-06-14', -1, ['2026-06-15']), 3, ['overdue', 'booked_after_deadline']],
    [
      "the course's data flags follow, in a fixed order",
      clock('2026-06-25', 10, ['2026-06-20'], ['outside_age_range', 'missing_treatment_consent', 'missing_cpr', 'something_else']),
      3,
      ['missing_cpr', 'missing_treatment_consent', 'outside_age_range'],
    ],
  ])('%s', (_name, running, horizon, flags) => {
    expect(worklistFlags(running, TODAY, horizon)).toEqual(flags);
  });
});
