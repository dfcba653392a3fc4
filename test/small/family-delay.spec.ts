import type { ContactFacts, ContactStatus, ContactType } from '../../src/kernel/course.model.js';
import { daysCovered, familyDelayIntervals } from '../../src/service-targets/family-delay.js';

/** Family-caused days for one contact type up to `until`, as the clock counts them. */
const familyDelayDays = (contacts: ContactFacts[], type: ContactType, until?: string) =>
  daysCovered(familyDelayIntervals(contacts, type, { until }));

let seq = 0;
function contact(type: ContactType, date: string, status: ContactStatus, createdAt?: string): ContactFacts {
  seq += 1;
  return { id: `c${seq}`, type, date, status, ...(createdAt ? { createdAt } : {}) };
}
const pre = (date: string, status: ContactStatus, createdAt?: string) => contact('pre_conversation', date, status, createdAt);

describe('family-caused delay days (daysCovered over familyDelayIntervals)', () => {
  it.each<[string, ContactFacts[], number]>([
    [
      'a family cancellation counts the days to the next offered date',
      [pre('2025-03-10', 'cancelled_by_family'), pre('2025-03-17', 'held')],
      7,
    ],
    [
      'two family cancellations in a row add up',
      [pre('2025-03-10', 'cancelled_by_family'), pre('2025-03-14', 'cancelled_by_family'), pre('2025-03-24', 'held')],
      14,
    ],
    ['a family cancellation with no later offered date counts nothing yet', [pre('2025-03-10', 'cancelled_by_family')], 0],
    ['the next offered date counts when it is only planned', [pre('2025-03-10', 'cancelled_by_family'), pre('2025-03-20', 'planned')], 10],
    [
      'the next offered date counts when the child did not show',
      [pre('2025-03-10', 'cancelled_by_family'), pre('2025-03-20', 'no_show')],
      10,
    ],
    [
      'the next offered date counts when the municipality cancelled it',
      [pre('2025-03-10', 'cancelled_by_family'), pre('2025-03-20', 'cancelled_by_municipality')],
      10,
    ],
    [
      'a contact entered in error was never offered',
      [pre('2025-03-10', 'cancelled_by_family'), pre('2025-03-12', 'entered_in_error'), pre('2025-03-20', 'held')],
      10,
    ],
    ['a no-show is not family-caused', [pre('2025-03-10', 'no_show'), pre('2025-03-20', 'held')], 0],
    [
      'a cancellation by the municipality is not family-caused',
      [pre('2025-03-10', 'cancelled_by_municipality'), pre('2025-03-20', 'held')],
      0,
    ],
    ['an offer rebooked for the same day adds nothing', [pre('2025-03-10', 'cancelled_by_family'), pre('2025-03-10', 'held')], 0],
    [
      'contacts are taken in date order whatever the order given',
      [pre('2025-03-24', 'held'), pre('2025-03-14', 'cancelled_by_family'), pre('2025-03-10', 'cancelled_by_family')],
      14,
    ],
    [
      'on the same date the contact registered first was offered first',
      [
        pre('2025-03-10', 'held', '2025-03-05T12:00:00Z'),
        pre('2025-03-10', 'cancelled_by_family', '2025-03-01T09:00:00Z'),
        pre('2025-03-20', 'held', '2025-03-11T09:00:00Z'),
      ],
      0,
    ],
    ['contacts of another type are ignored', [pre('2025-03-10', 'cancelled_by_family'), contact('screening', '2025-03-20', 'held')], 0],
  ])('%s', (_name, contacts, days) => {
    expect(familyDelayDays(contacts, 'pre_conversation')).toBe(days);
  });

  it.each<[string, string, number]>([
    ['delay after the clock stopped is ignored', '2025-03-09', 0],
    ['an interval crossing the stop is cut at it', '2025-03-17', 7],
    ['an interval ending on the stop counts in full', '2025-03-20', 10],
    ['later intervals are ignored, earlier ones kept', '2025-03-25', 10],
  ])('%s', (_name, until, days) => {
    const contacts = [
      pre('2025-03-10', 'cancelled_by_family'),
      pre('2025-03-20', 'held'),
      pre('2025-03-28', 'cancelled_by_family'),
      pre('2025-04-04', 'planned'),
    ];
    expect(familyDelayDays(contacts, 'pre_conversation', until)).toBe(days);
  });
});

describe(familyDelayIntervals.name, () => {
  it('cuts the intervals to the window of the wait', () => {
    const contacts = [pre('2025-03-01', 'cancelled_by_family'), pre('2025-03-10', 'cancelled_by_family'), pre('2025-03-20', 'held')];
    expect(familyDelayIntervals(contacts, 'pre_conversation', { from: '2025-03-05', until: '2025-03-15' })).toEqual([
      { from: '2025-03-05', to: '2025-03-10' },
      { from: '2025-03-10', to: '2025-03-15' },
    ]);
  });
});

describe(daysCovered.name, () => {
  it.each<[string, { from: string; to: string }[], number]>([
    ['no intervals cover no days', [], 0],
    [
      'adjacent intervals add up',
      [
        { from: '2025-03-10', to: '2025-03-14' },
        { from: '2025-03-14', to: '2025-03-24' },
      ],
      14,
    ],
    [
      'overlapping intervals count each day once',
      [
        { from: '2025-03-10', to: '2025-03-20' },
        { from: '2025-03-15', to: '2025-03-25' },
      ],
      15,
    ],
    [
      'a contained interval adds nothing',
      [
        { from: '2025-03-10', to: '2025-03-20' },
        { from: '2025-03-12', to: '2025-03-14' },
      ],
      10,
    ],
  ])('%s', (_name, intervals, days) => {
    expect(daysCovered(intervals)).toBe(days);
  });
});
