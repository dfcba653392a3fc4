import { ConflictError, DomainError, RuleViolation } from '../../src/common/errors.js';
import {
  CONTACT_STATUSES,
  type ConsentGiver,
  type ContactFacts,
  type ContactStatus,
  type ContactType,
  type CourseFacts,
  type CourseStatus,
} from '../../src/kernel/course.model.js';
import {
  REOPEN_WINDOW_DAYS,
  assertContactTransition,
  assertCourseOpen,
  checkClosure,
  checkConsent,
  checkEventDate,
  checkFirstContactDate,
  checkContact,
  checkReopen,
  requiredConsentGiver,
  type ContactDraft,
} from '../../src/courses/course.rules.js';

const TODAY = '2026-03-15';
const FIRST_CONTACT = '2026-03-01';

let seq = 0;
function contact(type: ContactType, date: string, status: ContactStatus, outcome: ContactFacts['outcome'] = null): ContactFacts {
  seq += 1;
  return { id: `c${seq}`, type, date, status, outcome };
}

function course(contacts: ContactFacts[] = [], status: CourseStatus = 'open'): CourseFacts {
  return {
    municipalityCode: '751',
    status,
    firstContactDate: FIRST_CONTACT,
    clearlyInTargetGroup: true,
    contacts: [contact('first_contact', FIRST_CONTACT, 'held'), ...contacts],
  };
}

/** What a rule function threw, as the API would show it: status, code, first field. */
function outcomeOf(fn: () => void): { status: number; code: string; field?: string } | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { status: error.status, code: error.code, ...(error.errors[0] ? { field: error.errors[0].field } : {}) };
  }
}

const screeningOffer = (date = '2026-03-10', status: ContactStatus = 'held') => contact('screening', date, status, 'offer_treatment');
const heldTreatment: Partial<ContactDraft> = { participants: 'child_present', delivery: 'individual', programme: 'Cool Kids' };

describe(checkContact.name, () => {
  describe('dates', () => {
    it.each<[string, ContactDraft, boolean, { status: number; code: string; field?: string } | 'ok']>([
      [
        'a contact dated the day before the first contact is refused',
        { type: 'pre_conversation', date: '2026-02-28', status: 'held', outcome: 'proceed_to_screening' },
        true,
        { status: 422, code: 'contact_before_first_contact', field: 'date' },
      ],
      [
        'a contact on the first-contact date is accepted',
        { type: 'pre_conversation', date: FIRST_CONTACT, status: 'held', outcome: 'proceed_to_screening' },
        true,
        'ok',
      ],
      [
        'a cancelled contact before the first contact is refused too',
        { type: 'pre_conversation', date: '2026-02-20', status: 'cancelled_by_family' },
        true,
        { status: 422, code: 'contact_before_first_contact', field: 'date' },
      ],
      [
        'a held contact dated tomorrow is refused',
        { type: 'pre_conversation', date: '2026-03-16', status: 'held', outcome: 'proceed_to_screening' },
        true,
        { status: 422, code: 'held_in_future', field: 'date' },
      ],
      [
        'a held contact dated today is accepted',
        { type: 'pre_conversation', date: TODAY, status: 'held', outcome: 'proceed_to_screening' },
        true,
        'ok',
      ],
      [
        'a held contact dated tomorrow is refused on a change too',
        { type: 'pre_conversation', date: '2026-03-16', status: 'held', outcome: 'proceed_to_screening' },
        false,
        { status: 422, code: 'held_in_future', field: 'date' },
      ],
      [
        'a new planned contact dated yesterday is refused',
        { type: 'pre_conversation', date: '2026-03-14', status: 'planned' },
        true,
        { status: 422, code: 'planned_in_past', field: 'date' },
      ],
      ['a new planned contact dated today is accepted', { type: 'pre_conversation', date: TODAY, status: 'planned' }, true, 'ok'],
      ['a new planned contact dated tomorrow is accepted', { type: 'pre_conversation', date: '2026-03-16', status: 'planned' }, true, 'ok'],
      [
        'an existing planned contact may age past its date',
        { type: 'pre_conversation', date: '2026-03-14', status: 'planned' },
        false,
        'ok',
      ],
      [
        'a cancellation may be registered in the past',
        { type: 'pre_conversation', date: '2026-03-05', status: 'cancelled_by_municipality' },
        true,
        'ok',
      ],
      ['a no-show may be registered in the past', { type: 'screening', date: '2026-03-05', status: 'no_show' }, true, 'ok'],
    ])('%s', (_name, draft, isNew, expected) => {
      expect(outcomeOf(() => checkContact(course(), draft, TODAY, isNew))).toEqual(expected);
    });
  });

  describe('outcomes', () => {
    it.each<[string, ContactDraft, { status: number; code: string; field?: string } | 'ok']>([
      [
        'a held pre-conversation without an outcome is refused',
        { type: 'pre_conversation', date: TODAY, status: 'held' },
        { status: 422, code: 'pre_conversation_needs_outcome', field: 'outcome' },
      ],
      [
        'a held pre-conversation with a screening outcome is refused',
        { type: 'pre_conversation', date: TODAY, status: 'held', outcome: 'offer_treatment' },
        { status: 422, code: 'outcome_not_allowed', field: 'outcome' },
      ],
      ...(['proceed_to_screening', 'not_in_target_group', 'no_further_help', 'family_declined'] as const).map(
        (outcome) =>
          [
            `a held pre-conversation with outcome ${outcome} is accepted`,
            { type: 'pre_conversation', date: TODAY, status: 'held', outcome },
            'ok',
          ] as [string, ContactDraft, 'ok'],
      ),
      [
        'a held screening without an outcome is refused',
        { type: 'screening', date: TODAY, status: 'held' },
        { status: 422, code: 'screening_needs_outcome', field: 'outcome' },
      ],
      [
        'a held screening with a pre-conversation outcome is refused',
        { type: 'screening', date: TODAY, status: 'held', outcome: 'proceed_to_screening' },
        { status: 422, code: 'outcome_not_allowed', field: 'outcome' },
      ],
      [
        'a held screening with outcome other_help is accepted',
        { type: 'screening', date: TODAY, status: 'held', outcome: 'other_help' },
        'ok',
      ],
      [
        'a held screening with outcome family_declined is accepted',
        { type: 'screening', date: TODAY, status: 'held', outcome: 'family_declined' },
        'ok',
      ],
      [
        'a screening offering treatment without programme is refused',
        { type: 'screening', date: TODAY, status: 'held', outcome: 'offer_treatment', delivery: 'group' },
        { status: 422, code: 'treatment_offer_needs_programme_and_delivery', field: 'programme' },
      ],
      [
        'a screening offering treatment with a blank programme is refused',
        { type: 'screening', date: TODAY, status: 'held', outcome: 'offer_treatment', delivery: 'group', programme: '   ' },
        { status: 422, code: 'treatment_offer_needs_programme_and_delivery', field: 'programme' },
      ],
      [
        'a screening offering treatment without delivery is refused',
        { type: 'screening', date: TODAY, status: 'held', outcome: 'offer_treatment', programme: 'Cool Kids' },
        { status: 422, code: 'treatment_offer_needs_programme_and_delivery', field: 'delivery' },
      ],
      [
        'a screening offering treatment with programme and delivery is accepted',
        { type: 'screening', date: TODAY, status: 'held', outcome: 'offer_treatment', programme: 'Cool Kids', delivery: 'group' },
        'ok',
      ],
      [
        'a planned contact with an outcome is refused (outcome only on held contacts)',
        { type: 'screening', date: TODAY, status: 'planned', outcome: 'other_help' },
        { status: 422, code: 'outcome_needs_held_contact', field: 'outcome' },
      ],
      [
        'a cancelled contact with an outcome is refused',
        { type: 'pre_conversation', date: TODAY, status: 'cancelled_by_family', outcome: 'family_declined' },
        { status: 422, code: 'outcome_needs_held_contact', field: 'outcome' },
      ],
      [
        'a closing conversation takes no outcome',
        { type: 'closing_conversation', date: TODAY, status: 'held', outcome: 'other_help' },
        { status: 422, code: 'outcome_not_allowed', field: 'outcome' },
      ],
      [
        'a treatment takes no outcome',
        { type: 'treatment', date: TODAY, status: 'held', outcome: 'offer_treatment', reason: 'x', ...heldTreatment },
        { status: 422, code: 'outcome_not_allowed', field: 'outcome' },
      ],
      ['a held closing conversation without outcome is accepted', { type: 'closing_conversation', date: TODAY, status: 'held' }, 'ok'],
      ['a planned screening without outcome is accepted', { type: 'screening', date: TODAY, status: 'planned' }, 'ok'],
    ])('%s', (_name, draft, expected) => {
      expect(outcomeOf(() => checkContact(course(), draft, TODAY, true))).toEqual(expected);
    });
  });

  describe('treatment', () => {
    it.each<[string, ContactFacts[], ContactDraft, { status: number; code: string; field?: string } | 'ok']>([
      [
        'a held treatment without participants is refused',
        [screeningOffer()],
        { type: 'treatment', date: TODAY, status: 'held', delivery: 'group', programme: 'Cool Kids' },
        { status: 422, code: 'treatment_needs_participants_and_delivery', field: 'participants' },
      ],
      [
        'a held treatment without delivery is refused',
        [screeningOffer()],
        { type: 'treatment', date: TODAY, status: 'held', participants: 'carers_only', programme: 'Cool Kids' },
        { status: 422, code: 'treatment_needs_participants_and_delivery', field: 'delivery' },
      ],
      [
        'a held treatment without programme is refused',
        [screeningOffer()],
        { type: 'treatment', date: TODAY, status: 'held', participants: 'carers_only', delivery: 'group' },
        { status: 422, code: 'treatment_needs_programme', field: 'programme' },
      ],
      [
        'a held treatment with a blank programme is refused',
        [screeningOffer()],
        { type: 'treatment', date: TODAY, status: 'held', participants: 'carers_only', delivery: 'group', programme: ' ' },
        { status: 422, code: 'treatment_needs_programme', field: 'programme' },
      ],
      ...(
        [
          ['group', 'child_present'],
          ['group', 'carers_only'],
          ['individual', 'child_present'],
          ['individual', 'carers_only'],
        ] as const
      ).map(
        ([delivery, participants]) =>
          [
            `a held ${delivery} treatment with ${participants} after a screening offering treatment is accepted`,
            [screeningOffer()],
            { type: 'treatment', date: TODAY, status: 'held', delivery, participants, programme: 'Cool Kids' },
            'ok',
          ] as [string, ContactFacts[], ContactDraft, 'ok'],
      ),
      [
        'a planned treatment needs no participants, delivery or programme yet',
        [screeningOffer()],
        { type: 'treatment', date: TODAY, status: 'planned' },
        'ok',
      ],
      [
        'a held treatment with no screening at all is refused',
        [],
        { type: 'treatment', date: TODAY, status: 'held', ...heldTreatment },
        { status: 422, code: 'treatment_without_screening_offer', field: 'reason' },
      ],
      [
        'a planned treatment with no screening at all is refused too',
        [],
        { type: 'treatment', date: TODAY, status: 'planned' },
        { status: 422, code: 'treatment_without_screening_offer', field: 'reason' },
      ],
      [
        'a treatment without screening is accepted with a reason',
        [],
        { type: 'treatment', date: TODAY, status: 'held', ...heldTreatment, reason: 'BUP recommended this programme' },
        'ok',
      ],
      [
        'a blank reason is no reason',
        [],
        { type: 'treatment', date: TODAY, status: 'held', ...heldTreatment, reason: '   ' },
        { status: 422, code: 'treatment_without_screening_offer', field: 'reason' },
      ],
      [
        'a screening held the same day counts as earlier',
        [screeningOffer(TODAY)],
        { type: 'treatment', date: TODAY, status: 'held', ...heldTreatment },
        'ok',
      ],
      [
        'a screening held after the treatment date does not count',
        [screeningOffer('2026-03-12')],
        { type: 'treatment', date: '2026-03-11', status: 'held', ...heldTreatment },
        { status: 422, code: 'treatment_without_screening_offer', field: 'reason' },
      ],
      [
        'a screening only planned does not count',
        [screeningOffer('2026-03-20', 'planned')],
        { type: 'treatment', date: '2026-03-25', status: 'planned' },
        { status: 422, code: 'treatment_without_screening_offer', field: 'reason' },
      ],
      [
        'a screening entered in error does not count',
        [screeningOffer('2026-03-10', 'entered_in_error')],
        { type: 'treatment', date: TODAY, status: 'held', ...heldTreatment },
        { status: 422, code: 'treatment_without_screening_offer', field: 'reason' },
      ],
      [
        'a screening with another outcome does not count',
        [contact('screening', '2026-03-10', 'held', 'other_help')],
        { type: 'treatment', date: TODAY, status: 'held', ...heldTreatment },
        { status: 422, code: 'treatment_without_screening_offer', field: 'reason' },
      ],
      [
        'a pre-conversation does not count as the screening',
        [contact('pre_conversation', '2026-03-05', 'held', 'proceed_to_screening')],
        { type: 'treatment', date: TODAY, status: 'held', ...heldTreatment },
        { status: 422, code: 'treatment_without_screening_offer', field: 'reason' },
      ],
    ])('%s', (_name, contacts, draft, expected) => {
      expect(outcomeOf(() => checkContact(course(contacts), draft, TODAY, true))).toEqual(expected);
    });

    it('the contact being changed does not count as its own earlier screening', () => {
      const screening = screeningOffer();
      const facts = course([screening]);
      expect(
        outcomeOf(() => checkContact(facts, { type: 'treatment', date: TODAY, status: 'planned' }, TODAY, false, screening.id)),
      ).toEqual({
        status: 422,
        code: 'treatment_without_screening_offer',
        field: 'reason',
      });
    });
  });

  it('checks dates before content: a future held treatment with nothing else is refused for its date', () => {
    expect(outcomeOf(() => checkContact(course(), { type: 'treatment', date: '2026-04-01', status: 'held' }, TODAY, true))).toEqual({
      status: 422,
      code: 'held_in_future',
      field: 'date',
    });
  });

  it('throws a RuleViolation (422), never a plain Error', () => {
    expect(() => checkContact(course(), { type: 'screening', date: TODAY, status: 'held' }, TODAY, true)).toThrow(RuleViolation);
  });
});

describe(assertContactTransition.name, () => {
  // A planned meeting becomes held, cancelled or a no-show; any contact can be corrected within its
  // status or marked entered in error, which is final.
  const allowed: Record<ContactStatus, ContactStatus[]> = {
    planned: ['planned', 'held', 'cancelled_by_family', 'cancelled_by_municipality', 'no_show', 'entered_in_error'],
    held: ['held', 'entered_in_error'],
    cancelled_by_family: ['cancelled_by_family', 'entered_in_error'],
    cancelled_by_municipality: ['cancelled_by_municipality', 'entered_in_error'],
    no_show: ['no_show', 'entered_in_error'],
    entered_in_error: [],
  };
  const table = CONTACT_STATUSES.flatMap((from) => CONTACT_STATUSES.map((to) => [from, to, allowed[from].includes(to)] as const));

  it.each(table.filter(([, , ok]) => ok))('%s → %s is allowed', (from, to) => {
    expect(outcomeOf(() => assertContactTransition('screening', from, to))).toBe('ok');
  });

  it.each(table.filter(([, , ok]) => !ok))('%s → %s is refused with 409 invalid_transition', (from, to) => {
    expect(outcomeOf(() => assertContactTransition('screening', from, to))).toEqual({ status: 409, code: 'invalid_transition' });
  });

  it.each(['pre_conversation', 'screening', 'treatment', 'closing_conversation'] as const)('the same table applies to a %s', (type) => {
    expect(outcomeOf(() => assertContactTransition(type, 'held', 'planned'))).toEqual({ status: 409, code: 'invalid_transition' });
    expect(outcomeOf(() => assertContactTransition(type, 'planned', 'held'))).toBe('ok');
  });

  it.each(CONTACT_STATUSES)('the first contact cannot be changed as a contact (to %s)', (to) => {
    expect(outcomeOf(() => assertContactTransition('first_contact', 'held', to))).toEqual({ status: 409, code: 'first_contact_fixed' });
  });
});

describe(assertCourseOpen.name, () => {
  it.each<[CourseStatus, ReturnType<typeof outcomeOf>]>([
    ['open', 'ok'],
    ['closed', { status: 409, code: 'course_closed' }],
    ['entered_in_error', { status: 409, code: 'course_entered_in_error' }],
  ])('a %s course: %j', (status, expected) => {
    expect(outcomeOf(() => assertCourseOpen({ status }))).toEqual(expected);
  });
});

describe(checkClosure.name, () => {
  it.each<[string, CourseFacts, string, ReturnType<typeof outcomeOf>]>([
    [
      'closing today after the last held contact is accepted',
      course([contact('screening', '2026-03-10', 'held', 'other_help')]),
      TODAY,
      'ok',
    ],
    [
      'closing on the date of the last held contact is accepted',
      course([contact('screening', '2026-03-10', 'held', 'other_help')]),
      '2026-03-10',
      'ok',
    ],
    [
      'closing the day before the last held contact is refused',
      course([contact('screening', '2026-03-10', 'held', 'other_help')]),
      '2026-03-09',
      { status: 422, code: 'closure_before_last_held_contact', field: 'date' },
    ],
    [
      'closing before the first contact is refused (the first contact is a held contact)',
      course(),
      '2026-02-28',
      { status: 422, code: 'closure_before_last_held_contact', field: 'date' },
    ],
    ['a later planned contact does not hold the closure back', course([contact('screening', '2026-03-20', 'planned')]), TODAY, 'ok'],
    [
      'a later cancelled contact does not hold the closure back',
      course([contact('screening', '2026-03-14', 'cancelled_by_family')]),
      '2026-03-12',
      'ok',
    ],
    [
      'a later contact entered in error does not hold the closure back',
      course([contact('screening', '2026-03-14', 'entered_in_error')]),
      '2026-03-12',
      'ok',
    ],
    ['closing tomorrow is refused', course(), '2026-03-16', { status: 422, code: 'closure_in_future', field: 'date' }],
    ['a closed course cannot be closed again', course([], 'closed'), TODAY, { status: 409, code: 'course_closed' }],
    ['a course entered in error cannot be closed', course([], 'entered_in_error'), TODAY, { status: 409, code: 'course_entered_in_error' }],
  ])('%s', (_name, facts, date, expected) => {
    expect(outcomeOf(() => checkClosure(facts, date, TODAY))).toEqual(expected);
  });
});

describe(checkReopen.name, () => {
  it.each<[string, CourseStatus, number, ReturnType<typeof outcomeOf>]>([
    ['the day of closure', 'closed', 0, 'ok'],
    ['89 days after closure', 'closed', 89, 'ok'],
    [`${REOPEN_WINDOW_DAYS} days after closure (the last day of the window)`, 'closed', REOPEN_WINDOW_DAYS, 'ok'],
    [`${REOPEN_WINDOW_DAYS + 1} days after closure`, 'closed', REOPEN_WINDOW_DAYS + 1, { status: 422, code: 'reopen_window_passed' }],
    ['an open course', 'open', 0, { status: 409, code: 'course_not_closed' }],
    ['a course entered in error', 'entered_in_error', 0, { status: 409, code: 'course_not_closed' }],
  ])('reopening %s: %j', (_name, status, days, expected) => {
    expect(outcomeOf(() => checkReopen(course([], status), days))).toEqual(expected);
  });

  it('the window is 90 days', () => {
    expect(REOPEN_WINDOW_DAYS).toBe(90);
  });
});

describe(requiredConsentGiver.name, () => {
  // sundhedsloven § 17: from 15 the young person consents; below 15 the custodial parent(s).
  it.each<[string, string | null, string, ReturnType<typeof requiredConsentGiver>]>([
    ['the day before the 15th birthday: a parent', '2011-06-15', '2026-06-14', 'parent'],
    ['on the 15th birthday: the young person', '2011-06-15', '2026-06-15', 'young_person'],
    ['the day after the 15th birthday: the young person', '2011-06-15', '2026-06-16', 'young_person'],
    ['a 5-year-old: a parent', '2021-01-10', '2026-03-01', 'parent'],
    ['a 17-year-old: the young person', '2008-06-15', '2026-03-01', 'young_person'],
    ['born 29 Feb, on 28 Feb of a non-leap 15th year: still a parent', '2012-02-29', '2027-02-28', 'parent'],
    ['born 29 Feb, on 1 March of a non-leap 15th year: the young person', '2012-02-29', '2027-03-01', 'young_person'],
    ['unknown birth date (no CPR yet): nobody can be required', null, '2026-03-01', null],
  ])('%s', (_name, birthDate, date, expected) => {
    expect(requiredConsentGiver(birthDate, date)).toBe(expected);
  });
});

describe(checkConsent.name, () => {
  const BORN = '2011-06-15';
  it.each<[string, string | null, string, ConsentGiver, ReturnType<typeof outcomeOf>]>([
    [
      '14 (day before 15th birthday), the young person',
      BORN,
      '2026-06-14',
      'young_person',
      { status: 422, code: 'consent_by_parent_required', field: 'givenBy' },
    ],
    ['14 (day before 15th birthday), one custodial parent', BORN, '2026-06-14', 'custodial_parent', 'ok'],
    ['14 (day before 15th birthday), both custodial parents', BORN, '2026-06-14', 'both_custodial_parents', 'ok'],
    ['15 (on the birthday), the young person', BORN, '2026-06-15', 'young_person', 'ok'],
    [
      '15 (on the birthday), one custodial parent',
      BORN,
      '2026-06-15',
      'custodial_parent',
      { status: 422, code: 'consent_by_young_person_required', field: 'givenBy' },
    ],
    [
      '15 (on the birthday), both custodial parents',
      BORN,
      '2026-06-15',
      'both_custodial_parents',
      { status: 422, code: 'consent_by_young_person_required', field: 'givenBy' },
    ],
    ['no CPR yet, the young person', null, '2026-06-15', 'young_person', 'ok'],
    ['no CPR yet, a parent', null, '2026-06-15', 'custodial_parent', 'ok'],
  ])('%s: %j', (_name, birthDate, date, givenBy, expected) => {
    expect(outcomeOf(() => checkConsent(birthDate, date, givenBy))).toEqual(expected);
  });

  it('is a 422 RuleViolation, not a conflict', () => {
    expect(() => checkConsent(BORN, '2026-06-15', 'custodial_parent')).toThrow(RuleViolation);
    expect(() => checkConsent(BORN, '2026-06-15', 'custodial_parent')).not.toThrow(ConflictError);
  });
});

describe(checkEventDate.name, () => {
  it.each<[string, string, string | null]>([
    ['on the first-contact date', FIRST_CONTACT, null],
    ['today', TODAY, null],
    ['the day before the first contact', '2026-02-28', 'date_before_first_contact'],
    ['tomorrow', '2026-03-16', 'date_in_future'],
  ])('a referral or consent dated %s: %s', (_when, date, rule) => {
    const check = () => checkEventDate({ firstContactDate: FIRST_CONTACT }, date, TODAY);
    if (rule === null) expect(check).not.toThrow();
    else expect(check).toThrow(expect.objectContaining({ code: rule, errors: [expect.objectContaining({ field: 'date' })] }));
  });
});

describe(checkFirstContactDate.name, () => {
  it('accepts a first contact today and refuses one tomorrow', () => {
    expect(() => checkFirstContactDate(TODAY, TODAY)).not.toThrow();
    expect(() => checkFirstContactDate('2026-03-16', TODAY)).toThrow(
      expect.objectContaining({ code: 'first_contact_in_future', errors: [expect.objectContaining({ field: 'firstContact.date' })] }),
    );
  });
});
