import type { ContactFacts, ContactStatus, ContactType, CourseFacts, Outcome } from '../../src/kernel/course.model.js';
import { localDateOf } from '../../src/kernel/local-date.js';
import { evaluateTargets, type TargetResult } from '../../src/service-targets/clock.rules.js';
import { NATIONAL_TARGETS, type TargetDefinition, targetsInForce } from '../../src/service-targets/target-definitions.js';

// First contact Monday 3 March 2025 (docs/domain.md's example): day 14 is 17 March, day 30 is 2 April.
const FIRST_CONTACT = '2025-03-03';

const TREATMENT_START: TargetDefinition = {
  name: 'treatment_start_21d',
  kind: 'treatment_start_after_screening',
  limitDays: 21,
  validFrom: '2024-01-01',
  national: false,
};
const SESSION_GAP: TargetDefinition = {
  name: 'session_gap_14d',
  kind: 'max_days_between_treatment_sessions',
  limitDays: 14,
  validFrom: '2024-01-01',
  national: false,
};
const ALL_TARGETS = [...NATIONAL_TARGETS, TREATMENT_START, SESSION_GAP];

let seq = 0;
function contact(type: ContactType, date: string, status: ContactStatus = 'held', outcome?: Outcome): ContactFacts {
  seq += 1;
  return { id: `c${seq}`, type, date, status, outcome: outcome ?? null };
}
const pre = (date: string, status?: ContactStatus) => contact('pre_conversation', date, status);
const screening = (date: string, status?: ContactStatus, outcome?: Outcome) => contact('screening', date, status, outcome);
const treatment = (date: string, status?: ContactStatus) => contact('treatment', date, status);
const offerTreatment = (date: string) => screening(date, 'held', 'offer_treatment');

function course(contacts: ContactFacts[], over: Partial<CourseFacts> = {}): CourseFacts {
  return {
    municipalityCode: '101',
    status: 'open',
    firstContactDate: FIRST_CONTACT,
    clearlyInTargetGroup: true,
    closureDate: null,
    contacts,
    ...over,
  };
}
const closed = { status: 'closed', closureDate: '2025-03-10' } as const;

function resultFor(c: CourseFacts, target: string, today: string, targets: TargetDefinition[] = ALL_TARGETS): TargetResult {
  const result = evaluateTargets(c, targets, today).find((r) => r.target === target);
  if (!result) throw new Error(`no result for ${target}`);
  return result;
}

const NOT_APPLICABLE: Partial<TargetResult> = {
  state: 'not_applicable',
  adjustedState: 'not_applicable',
  daysWaited: null,
  adjustedDays: null,
  deadline: null,
  heldOn: null,
  completed: false,
};

type Row = [string, CourseFacts, string, Partial<TargetResult>];

describe('national target 1: pre-conversation within 14 days', () => {
  it.each<Row>([
    [
      'a pre-conversation held on day 14 meets the target',
      course([pre('2025-03-17')]),
      '2025-05-01',
      { state: 'met', daysWaited: 14, heldOn: '2025-03-17', deadline: '2025-03-17', clockStart: FIRST_CONTACT, completed: true },
    ],
    [
      'a pre-conversation held on day 15 breaches the target',
      course([pre('2025-03-18')]),
      '2025-05-01',
      { state: 'breached', daysWaited: 15 },
    ],
    [
      'a pre-conversation held on the day of first contact meets the target',
      course([pre(FIRST_CONTACT)]),
      '2025-03-03',
      { state: 'met', daysWaited: 0 },
    ],
    [
      'a pre-conversation not yet held is pending on the deadline day itself',
      course([pre('2025-03-20', 'planned')]),
      '2025-03-17',
      { state: 'pending', daysWaited: 14, heldOn: null, completed: false, deadline: '2025-03-17' },
    ],
    ['a pre-conversation not held by day 15 is overdue', course([]), '2025-03-18', { state: 'overdue', daysWaited: 15, heldOn: null }],
    [
      'a course closed before the pre-conversation is not applicable',
      course([pre('2025-03-12', 'planned')], closed),
      '2025-03-11',
      NOT_APPLICABLE,
    ],
    [
      'a course closed after the deadline without a pre-conversation is not applicable',
      course([], { status: 'closed', closureDate: '2025-04-01' }),
      '2025-05-01',
      NOT_APPLICABLE,
    ],
    [
      'a course closed after the pre-conversation keeps its result',
      course([pre('2025-03-18')], { status: 'closed', closureDate: '2025-03-20' }),
      '2025-05-01',
      { state: 'breached', daysWaited: 15 },
    ],
    [
      'a screening held without a pre-conversation stops the clock',
      course([screening('2025-03-12')]),
      '2025-05-01',
      { state: 'met', daysWaited: 9, heldOn: '2025-03-12' },
    ],
    [
      'a screening held before the pre-conversation stops the clock at the screening',
      course([screening('2025-03-20'), pre('2025-03-25')]),
      '2025-05-01',
      { state: 'breached', daysWaited: 17, heldOn: '2025-03-20' },
    ],
    [
      'the first held pre-conversation stops the clock, not a later one',
      course([pre('2025-03-25'), pre('2025-03-10')]),
      '2025-05-01',
      { state: 'met', daysWaited: 7, heldOn: '2025-03-10' },
    ],
  ])('%s', (_name, c, today, expected) => {
    expect(resultFor(c, 'pre_conversation_14d', today)).toMatchObject(expected);
  });

  it.each<[ContactStatus]>([['planned'], ['cancelled_by_family'], ['cancelled_by_municipality'], ['no_show'], ['entered_in_error']])(
    'a %s pre-conversation or screening does not stop the clock',
    (status) => {
      const c = course([pre('2025-03-10', status), screening('2025-03-12', status)]);
      expect(resultFor(c, 'pre_conversation_14d', '2025-03-20')).toMatchObject({ state: 'overdue', daysWaited: 17, heldOn: null });
    },
  );
});

describe('national target 2: screening within 30 days when clearly in the target group', () => {
  it.each<Row>([
    [
      'a screening held on day 30 meets the target',
      course([pre('2025-03-10'), screening('2025-04-02')]),
      '2025-05-01',
      { state: 'met', daysWaited: 30, heldOn: '2025-04-02', deadline: '2025-04-02', completed: true },
    ],
    [
      'a screening held on day 31 breaches the target',
      course([screening('2025-04-03')]),
      '2025-05-01',
      { state: 'breached', daysWaited: 31 },
    ],
    [
      'a screening not yet held is pending on the deadline day itself',
      course([pre('2025-03-10')]),
      '2025-04-02',
      { state: 'pending', daysWaited: 30, deadline: '2025-04-02' },
    ],
    ['a screening not held by day 31 is overdue', course([pre('2025-03-10')]), '2025-04-03', { state: 'overdue', daysWaited: 31 }],
    [
      'a pre-conversation does not stop the screening clock',
      course([pre('2025-03-05')]),
      '2025-03-20',
      { state: 'pending', daysWaited: 17 },
    ],
    [
      'a course not clearly in the target group at first contact has no screening target',
      course([screening('2025-03-20')], { clearlyInTargetGroup: false }),
      '2025-05-01',
      NOT_APPLICABLE,
    ],
    ['a course closed before the screening is not applicable', course([pre('2025-03-05')], closed), '2025-05-01', NOT_APPLICABLE],
  ])('%s', (_name, c, today, expected) => {
    expect(resultFor(c, 'screening_30d', today)).toMatchObject(expected);
  });

  it.each<[ContactStatus]>([['planned'], ['cancelled_by_family'], ['cancelled_by_municipality'], ['no_show'], ['entered_in_error']])(
    'a %s screening does not stop the clock',
    (status) => {
      const c = course([screening('2025-03-20', status)]);
      expect(resultFor(c, 'screening_30d', '2025-04-10')).toMatchObject({ state: 'overdue', daysWaited: 38 });
    },
  );
});

describe('a first contact at 23:30 local on a DST Sunday', () => {
  it.each([
    ['last Sunday of March 2025', '2025-03-30T21:30:00Z', '2025-03-30', '2025-04-13', '2025-04-14', '2025-04-29', '2025-04-30'],
    ['last Sunday of October 2025', '2025-10-26T22:30:00Z', '2025-10-26', '2025-11-09', '2025-11-10', '2025-11-25', '2025-11-26'],
    ['last Sunday of March 2026', '2026-03-29T21:30:00Z', '2026-03-29', '2026-04-12', '2026-04-13', '2026-04-28', '2026-04-29'],
    ['last Sunday of October 2026', '2026-10-25T22:30:00Z', '2026-10-25', '2026-11-08', '2026-11-09', '2026-11-24', '2026-11-25'],
  ])('on the %s stays on its date and counts days 14/15 and 30/31 from it', (_name, instant, date, day14, day15, day30, day31) => {
    const firstContactDate = localDateOf(instant);
    expect(firstContactDate).toBe(date);
    const judge = (target: string, held: ContactFacts) => resultFor(course([held], { firstContactDate }), target, '2027-01-01');
    expect(judge('pre_conversation_14d', pre(day14))).toMatchObject({ state: 'met', daysWaited: 14, deadline: day14 });
    expect(judge('pre_conversation_14d', pre(day15))).toMatchObject({ state: 'breached', daysWaited: 15 });
    expect(judge('screening_30d', screening(day30))).toMatchObject({ state: 'met', daysWaited: 30, deadline: day30 });
    expect(judge('screening_30d', screening(day31))).toMatchObject({ state: 'breached', daysWaited: 31 });
  });
});

describe('family-caused delay and the adjusted figures', () => {
  it.each<[string, CourseFacts, string, string, Partial<TargetResult>]>([
    [
      'two family cancellations in a row add up and adjusted days are raw minus delay',
      course([pre('2025-03-10', 'cancelled_by_family'), pre('2025-03-14', 'cancelled_by_family'), pre('2025-03-24')]),
      'pre_conversation_14d',
      '2025-05-01',
      { state: 'breached', daysWaited: 21, familyDelayDays: 14, adjustedDays: 7, adjustedState: 'met' },
    ],
    [
      'a wait still running counts delay only up to today',
      course([pre('2025-03-10', 'cancelled_by_family'), pre('2025-03-25', 'planned')]),
      'pre_conversation_14d',
      '2025-03-20',
      { state: 'overdue', daysWaited: 17, familyDelayDays: 10, adjustedDays: 7, adjustedState: 'pending' },
    ],
    [
      'a family cancellation with no new date offered counts nothing yet',
      course([pre('2025-03-10', 'cancelled_by_family')]),
      'pre_conversation_14d',
      '2025-03-20',
      { state: 'overdue', familyDelayDays: 0, adjustedDays: 17, adjustedState: 'overdue' },
    ],
    [
      'a no-show is not family-caused delay',
      course([pre('2025-03-10', 'no_show'), pre('2025-03-24')]),
      'pre_conversation_14d',
      '2025-05-01',
      { state: 'breached', familyDelayDays: 0, adjustedDays: 21, adjustedState: 'breached' },
    ],
    [
      'target 1 stopped by a screening counts the family delay on screenings',
      course([screening('2025-03-10', 'cancelled_by_family'), screening('2025-03-20')]),
      'pre_conversation_14d',
      '2025-05-01',
      { state: 'breached', daysWaited: 17, familyDelayDays: 10, adjustedDays: 7, adjustedState: 'met' },
    ],
    [
      'target 1 stopped by a pre-conversation ignores delay on screenings',
      course([pre('2025-03-20'), screening('2025-03-05', 'cancelled_by_family'), screening('2025-03-30')]),
      'pre_conversation_14d',
      '2025-05-01',
      { state: 'breached', daysWaited: 17, familyDelayDays: 0, adjustedState: 'breached' },
    ],
    [
      'delay on both kinds of step in the same days counts once',
      course([
        pre('2025-03-05', 'cancelled_by_family'),
        pre('2025-03-25', 'planned'),
        screening('2025-03-08', 'cancelled_by_family'),
        screening('2025-03-20'),
      ]),
      'pre_conversation_14d',
      '2025-05-01',
      { state: 'breached', daysWaited: 17, familyDelayDays: 15, adjustedDays: 2, adjustedState: 'met' },
    ],
    [
      'target 2 counts the family delay on screenings',
      course([screening('2025-03-20', 'cancelled_by_family'), screening('2025-04-10')]),
      'screening_30d',
      '2025-05-01',
      { state: 'breached', daysWaited: 38, familyDelayDays: 21, adjustedDays: 17, adjustedState: 'met' },
    ],
    [
      'delay after the clock stopped does not count',
      course([pre('2025-03-10'), pre('2025-03-12', 'cancelled_by_family'), pre('2025-03-30')]),
      'pre_conversation_14d',
      '2025-05-01',
      { state: 'met', daysWaited: 7, familyDelayDays: 0, adjustedDays: 7 },
    ],
  ])('%s', (_name, c, target, today, expected) => {
    expect(resultFor(c, target, today)).toMatchObject(expected);
  });
});

describe('municipal target: first treatment at most 21 days after the screening', () => {
  it.each<Row>([
    [
      'a first treatment held 21 days after the screening meets the target',
      course([offerTreatment('2025-03-20'), treatment('2025-04-10'), treatment('2025-04-30')]),
      '2025-05-01',
      { state: 'met', daysWaited: 21, clockStart: '2025-03-20', heldOn: '2025-04-10', deadline: '2025-04-10' },
    ],
    [
      'a first treatment held 22 days after breaches the target',
      course([offerTreatment('2025-03-20'), treatment('2025-04-11')]),
      '2025-05-01',
      { state: 'breached', daysWaited: 22 },
    ],
    [
      'a treatment not yet held is pending on the deadline day',
      course([offerTreatment('2025-03-20'), treatment('2025-04-15', 'planned')]),
      '2025-04-10',
      { state: 'pending', daysWaited: 21 },
    ],
    [
      'a treatment not held by day 22 is overdue',
      course([offerTreatment('2025-03-20')]),
      '2025-04-11',
      { state: 'overdue', daysWaited: 22 },
    ],
    [
      'a screening that did not offer treatment starts no clock',
      course([screening('2025-03-20', 'held', 'other_help'), treatment('2025-06-01')]),
      '2025-07-01',
      NOT_APPLICABLE,
    ],
    [
      'a screening offering treatment that was not held starts no clock',
      course([screening('2025-03-20', 'planned', 'offer_treatment')]),
      '2025-07-01',
      NOT_APPLICABLE,
    ],
    [
      'a course closed before the first treatment is not applicable',
      course([offerTreatment('2025-03-20')], { status: 'closed', closureDate: '2025-05-01' }),
      '2025-07-01',
      NOT_APPLICABLE,
    ],
    [
      'a family cancellation of a treatment is subtracted in the adjusted figure',
      course([offerTreatment('2025-03-20'), treatment('2025-04-01', 'cancelled_by_family'), treatment('2025-04-15')]),
      '2025-05-01',
      { state: 'breached', daysWaited: 26, familyDelayDays: 14, adjustedDays: 12, adjustedState: 'met' },
    ],
  ])('%s', (_name, c, today, expected) => {
    expect(resultFor(c, 'treatment_start_21d', today)).toMatchObject(expected);
  });
});

describe('municipal target: at most 14 days between treatment sessions', () => {
  const closedAfterTreatment = { status: 'closed', closureDate: '2025-06-01' } as const;
  it.each<Row>([
    [
      'sessions never more than 14 days apart meet the target, reporting the worst gap',
      course([treatment('2025-04-01'), treatment('2025-04-15'), treatment('2025-04-22')], closedAfterTreatment),
      '2025-07-01',
      { state: 'met', daysWaited: 14, clockStart: '2025-04-01', heldOn: '2025-04-15', deadline: '2025-04-15', completed: true },
    ],
    [
      'a gap of 15 days breaches the target',
      course([treatment('2025-04-01'), treatment('2025-04-08'), treatment('2025-04-23')], closedAfterTreatment),
      '2025-07-01',
      { state: 'breached', daysWaited: 15, clockStart: '2025-04-08', heldOn: '2025-04-23' },
    ],
    [
      'an open course 15 days after the last session is overdue',
      course([treatment('2025-04-01'), treatment('2025-04-08'), treatment('2025-04-20', 'no_show')]),
      '2025-04-23',
      { state: 'overdue', daysWaited: 15, clockStart: '2025-04-08', heldOn: null, completed: false, deadline: '2025-04-22' },
    ],
    [
      'an open course with one session is pending up to day 14',
      course([treatment('2025-04-01')]),
      '2025-04-15',
      { state: 'pending', daysWaited: 14, clockStart: '2025-04-01', heldOn: null },
    ],
    [
      'an open course with every completed gap within the limit is met so far',
      course([treatment('2025-04-01'), treatment('2025-04-08')]),
      '2025-04-12',
      { state: 'met', daysWaited: 7, heldOn: '2025-04-08' },
    ],
    [
      'a breached gap outweighs a later gap still running',
      course([treatment('2025-04-01'), treatment('2025-04-20')]),
      '2025-05-20',
      { state: 'breached', daysWaited: 19, heldOn: '2025-04-20' },
    ],
    [
      'a held closing conversation ends the treatment, so no gap runs after it',
      course([treatment('2025-04-01'), treatment('2025-04-08'), contact('closing_conversation', '2025-04-10')]),
      '2025-06-01',
      { state: 'met', daysWaited: 7 },
    ],
    ['a course with no treatment held is not applicable', course([treatment('2025-04-01', 'planned')]), '2025-06-01', NOT_APPLICABLE],
    [
      'a course closed after a single session is not applicable',
      course([treatment('2025-04-01')], closedAfterTreatment),
      '2025-07-01',
      NOT_APPLICABLE,
    ],
    [
      'each gap subtracts its own family delay, and the adjusted figure is the worst adjusted gap',
      course(
        [treatment('2025-04-01'), treatment('2025-04-08', 'cancelled_by_family'), treatment('2025-04-21'), treatment('2025-05-03')],
        closedAfterTreatment,
      ),
      '2025-07-01',
      { state: 'breached', daysWaited: 20, heldOn: '2025-04-21', familyDelayDays: 13, adjustedDays: 12, adjustedState: 'met' },
    ],
  ])('%s', (_name, c, today, expected) => {
    expect(resultFor(c, 'session_gap_14d', today)).toMatchObject(expected);
  });
});

describe(evaluateTargets.name, () => {
  it('judges a course entered in error as not applicable on every target', () => {
    const c = course([pre('2025-03-10'), offerTreatment('2025-03-20'), treatment('2025-03-25')], { status: 'entered_in_error' });
    const results = evaluateTargets(c, ALL_TARGETS, '2025-05-01');
    expect(results.map((r) => r.target)).toEqual(['pre_conversation_14d', 'screening_30d', 'treatment_start_21d', 'session_gap_14d']);
    for (const result of results) expect(result).toMatchObject(NOT_APPLICABLE);
  });

  it('judges a course by the targets in force on its first-contact date', () => {
    const stricter: TargetDefinition = { ...TREATMENT_START, limitDays: 14, validFrom: '2025-07-01' };
    const c = course([offerTreatment('2025-03-20'), treatment('2025-04-08')]);
    expect(resultFor(c, 'treatment_start_21d', '2025-08-01', [TREATMENT_START, stricter])).toMatchObject({ state: 'met', limitDays: 21 });
    const laterCourse = course([offerTreatment('2025-07-10'), treatment('2025-07-29')], { firstContactDate: '2025-07-01' });
    expect(resultFor(laterCourse, 'treatment_start_21d', '2025-08-01', [TREATMENT_START, stricter])).toMatchObject({
      state: 'breached',
      limitDays: 14,
    });
  });

  it('gives a course that began before the national targets no targets', () => {
    expect(evaluateTargets(course([], { firstContactDate: '2023-12-31' }), NATIONAL_TARGETS, '2024-02-01')).toEqual([]);
  });

  it.each(['2025-3-1', '2025-02-30', ''])('rejects today = %p', (today) => {
    expect(() => evaluateTargets(course([]), NATIONAL_TARGETS, today)).toThrow(RangeError);
  });
});

describe(targetsInForce.name, () => {
  const v1: TargetDefinition = {
    name: 'gap',
    kind: 'max_days_between_treatment_sessions',
    limitDays: 21,
    validFrom: '2024-01-01',
    validTo: '2025-06-30',
    national: false,
  };
  const v2: TargetDefinition = { ...v1, limitDays: 14, validFrom: '2025-07-01', validTo: null };
  const paused: TargetDefinition = {
    ...v1,
    name: 'start',
    kind: 'treatment_start_after_screening',
    validFrom: '2024-06-01',
    validTo: '2024-12-31',
  };
  const all = [...NATIONAL_TARGETS, v1, v2, paused];

  it.each<[string, string, string[], number | undefined]>([
    ['before any target applied, none', '2023-12-31', [], undefined],
    ['on the day a version begins, that version', '2025-07-01', ['pre_conversation_14d', 'screening_30d', 'gap'], 14],
    ['on the last day of a version, that version', '2025-06-30', ['pre_conversation_14d', 'screening_30d', 'gap'], 21],
    ['while a target was in force, it too', '2024-06-01', ['pre_conversation_14d', 'screening_30d', 'gap', 'start'], 21],
    ['after a target ended with no successor, not that target', '2025-01-01', ['pre_conversation_14d', 'screening_30d', 'gap'], 21],
  ])('picks %s', (_name, firstContactDate, names, gapLimit) => {
    const inForce = targetsInForce(all, firstContactDate);
    expect(inForce.map((t) => t.name)).toEqual(names);
    expect(inForce.find((t) => t.name === 'gap')?.limitDays).toBe(gapLimit);
  });

  it('prefers the latest version that began on or before the date when versions overlap', () => {
    const open1: TargetDefinition = { ...v1, validTo: null };
    expect(targetsInForce([v2, open1], '2025-08-01')).toEqual([v2]);
    expect(targetsInForce([v2, open1], '2025-03-01')).toEqual([open1]);
  });
});
