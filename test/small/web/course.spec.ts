import {
  clockRow,
  contactActions,
  contactFields,
  courseActions,
  emptyContactForm,
  formatCpr,
  mayChangeResponsible,
  recordContactForm,
  referralActions,
  responsibleDefault,
  timelineOf,
  toClose,
  toCreateContact,
  toRecordContact,
  toReferral,
  type Contact,
  type Course,
  type TargetClock,
} from '../../../web/src/pages/course/course.js';

const clock = (over: Partial<TargetClock>): TargetClock => ({
  target: 'pre_conversation_14d',
  state: 'pending',
  deadline: '2026-03-16',
  daysWaited: 5,
  familyDelayDays: 0,
  adjustedDays: 5,
  adjustedState: 'pending',
  heldOn: null,
  limitDays: 14,
  ...over,
});

const contact = (over: Partial<Contact>): Contact => ({
  id: 'c1',
  type: 'pre_conversation',
  date: '2026-03-10',
  time: null,
  status: 'planned',
  participants: null,
  delivery: null,
  mode: null,
  durationMinutes: null,
  programme: null,
  outcome: null,
  reason: null,
  version: 1,
  ...over,
});

const course = (over: Partial<Course> = {}): Course => ({
  id: '6f1d3c2a-7b4e-4f7a-9c1d-2e5b8a9f0c31',
  municipalityCode: '751',
  status: 'open',
  firstContactDate: '2026-03-02',
  firstContact: { date: '2026-03-02', time: '09:30', channel: 'phone', contactedBy: 'parent' },
  clearlyInTargetGroup: true,
  focusAreas: [],
  child: { cprKnown: false, cprMasked: null, birthDate: null, sex: null, ageAtFirstContact: null, ageToday: null },
  contacts: [contact({ id: 'first', type: 'first_contact', date: '2026-03-02', time: '09:30', status: 'held' })],
  referrals: [],
  consents: [],
  consent: { treatmentConsentPresent: false, requiredFrom: null },
  targets: [],
  flags: ['missing_cpr'],
  responsible: null,
  version: 1,
  etag: '"1"',
  ...over,
});

describe('a target’s clock on the course page', () => {
  it.each([
    [clock({}), 'Inden for fristen', '5 dage ventet · 9 dage tilbage', '16.03.2026'],
    [clock({ daysWaited: 14, adjustedDays: 14 }), 'Inden for fristen', '14 dage ventet · Fristen er i dag', '16.03.2026'],
    [
      clock({ state: 'overdue', adjustedState: 'overdue', daysWaited: 16, adjustedDays: 16 }),
      'Over fristen',
      '16 dage ventet · 2 dage over fristen',
      '16.03.2026',
    ],
    [
      clock({ state: 'met', adjustedState: 'met', heldOn: '2026-03-11', daysWaited: 9, adjustedDays: 9 }),
      'Overholdt',
      'Afholdt 11.03.2026, efter 9 dage',
      '16.03.2026',
    ],
    [
      clock({ state: 'breached', adjustedState: 'breached', heldOn: '2026-03-18', daysWaited: 16, adjustedDays: 16 }),
      'Holdt for sent',
      'Afholdt 18.03.2026, efter 16 dage',
      '16.03.2026',
    ],
    [
      clock({ state: 'not_applicable', adjustedState: 'not_applicable', deadline: null, daysWaited: null, adjustedDays: null }),
      'Ikke omfattet',
      '',
      'Ingen',
    ],
  ])('reads %p as the state %p with %p, deadline %p', (c, label, text, deadline) => {
    const row = clockRow(c);
    expect(row.raw).toEqual({ state: c.state, label, text });
    expect(row.deadline).toBe(deadline);
  });

  it('shows the adjusted wait beside the raw one when the family asked to wait', () => {
    const row = clockRow(
      clock({ state: 'breached', adjustedState: 'met', heldOn: '2026-03-20', daysWaited: 18, familyDelayDays: 6, adjustedDays: 12 }),
    );
    expect(row.raw.label).toBe('Holdt for sent');
    expect(row.adjusted).toEqual({ state: 'met', label: 'Overholdt', text: 'Afholdt 20.03.2026, efter 12 dage' });
    expect(row.familyDelay).toBe('6 dage udsat af familien');
    expect(row.label).toBe('Forsamtale inden for 14 dage');
  });

  it('names a municipality’s own target by its name when the dictionary has no Danish for it', () => {
    expect(clockRow(clock({ target: 'treatment_within_21d' })).label).toBe('treatment_within_21d');
  });
});

describe('the course as a timeline', () => {
  it('orders everything by date: the first contact, contacts with their status, referrals, consents and the closure', () => {
    const events = timelineOf(
      course({
        status: 'closed',
        contacts: [
          contact({ id: 'first', type: 'first_contact', date: '2026-03-02', time: '09:30', status: 'held' }),
          contact({ id: 'pre', date: '2026-03-10', status: 'held', outcome: 'proceed_to_screening' }),
          contact({ id: 'scr', type: 'screening', date: '2026-03-20', status: 'cancelled_by_family' }),
        ],
        referrals: [{ id: 'ref', date: '2026-03-10', destination: 'gp', time: null, note: 'Ring til lægen', status: 'active' }],
        consents: [{ id: 'con', date: '2026-03-05', givenBy: 'custodial_parent', scope: 'treatment' }],
        closure: { date: '2026-03-20', time: null, reason: 'family_declined' },
      }),
    );
    expect(events.map((e) => [e.key, e.title, e.status?.label])).toEqual([
      ['first', 'Henvendelse', undefined],
      ['con', 'Samtykke: behandling', undefined],
      ['pre', 'Forsamtale', 'Afholdt'],
      ['ref', 'Henvisning', undefined],
      ['scr', 'Screeningssamtale', 'Aflyst af familien'],
      ['closure', 'Afslutning', undefined],
    ]);
    expect(events[0].details).toEqual([
      ['Henvendelsen kom via', 'Telefon'],
      ['Henvendt af', 'Forælder'],
    ]);
    expect(events[2].details).toEqual([['Udfald', 'Videre til screening']]);
    expect(events[3].details).toEqual([
      ['Henvist til', 'Egen læge'],
      ['Note', 'Ring til lægen'],
    ]);
  });
});

describe('a referral made in error', () => {
  const withdrawn = {
    id: 'ref',
    date: '2026-03-10',
    destination: 'civil_society',
    time: null,
    note: null,
    status: 'entered_in_error',
    enteredInErrorReason: 'Forkert barn',
  } as const;

  it('stays on the timeline with its status in words and the reason', () => {
    const [first, referral] = timelineOf(
      course({
        contacts: [contact({ id: 'first', type: 'first_contact', date: '2026-03-02', status: 'held' })],
        referrals: [withdrawn],
      }),
    );
    expect(first.key).toBe('first');
    expect(referral.status?.label).toBe('Oprettet ved en fejl');
    expect(referral.details).toEqual([
      ['Henvist til', 'Civilsamfundet'],
      ['Begrundelse', 'Forkert barn'],
    ]);
  });

  it.each([
    ['open', 'active', ['enteredInError']],
    ['closed', 'active', ['enteredInError']],
    ['entered_in_error', 'active', []],
    ['open', 'entered_in_error', []],
  ] as const)('on a course %p, a referral %p offers %p', (courseStatus, status, actions) => {
    expect(referralActions({ ...withdrawn, status }, courseStatus)).toEqual(actions);
  });
});

describe('what can be done with a course', () => {
  it.each([
    ['open', false, ['contact', 'referral', 'consent', 'focusAreas', 'addCpr', 'close', 'enteredInError']],
    ['open', true, ['contact', 'referral', 'consent', 'focusAreas', 'close', 'enteredInError']],
    ['closed', true, ['focusAreas', 'reopen', 'enteredInError']],
    ['entered_in_error', true, []],
  ] as const)('a course %p (CPR known: %p) offers %p', (status, cprKnown, actions) => {
    expect(courseActions({ status, child: { ...course().child, cprKnown } })).toEqual(actions);
  });

  it.each([
    ['open', true],
    ['closed', true],
    ['entered_in_error', false],
  ] as const)('a course %p may have its responsible worker changed: %p', (status, may) => {
    expect(mayChangeResponsible({ status })).toBe(may);
  });

  it.each([
    [null, 'me'],
    [{ sub: 'kim', name: 'Kim', since: '2026-03-02T08:00:00Z' }, 'me'],
    [{ sub: 'sara', name: 'Sara', since: '2026-03-02T08:00:00Z' }, 'none'],
  ] as const)('with %p responsible, the form for sara starts at %p', (responsible, choice) => {
    expect(responsibleDefault({ responsible }, 'sara')).toBe(choice);
  });

  it.each([
    [contact({ status: 'planned' }), 'open', ['record', 'enteredInError']],
    [contact({ status: 'held' }), 'open', ['enteredInError']],
    [contact({ status: 'planned' }), 'closed', []],
    [contact({ status: 'entered_in_error' }), 'open', []],
    [contact({ type: 'first_contact', status: 'held' }), 'open', []],
  ] as const)('a contact %# offers %p', (c, status, actions) => {
    expect(contactActions(c, status)).toEqual(actions);
  });
});

describe('the contact form', () => {
  it.each([
    ['pre_conversation', 'planned', '', []],
    ['pre_conversation', 'held', '', ['outcome']],
    ['screening', 'held', 'other_help', ['outcome']],
    ['screening', 'held', 'offer_treatment', ['outcome', 'programme', 'delivery']],
    ['treatment', 'planned', '', ['participants', 'delivery', 'programme', 'reason']],
    ['closing_conversation', 'held', '', []],
  ])('for a %s that is %s (outcome %p) also shows %p', (type, status, outcome, extra) => {
    expect(contactFields(type, status, outcome)).toEqual(['type', 'status', 'date', 'time', 'mode', 'durationMinutes', ...extra]);
  });

  it('sends a held screening offering treatment as the API expects it', () => {
    expect(
      toCreateContact({
        ...emptyContactForm(),
        type: 'screening',
        status: 'held',
        date: '10.03.2026',
        time: '14:00',
        mode: 'video',
        durationMinutes: '45',
        outcome: 'offer_treatment',
        programme: ' Cool Kids ',
        delivery: 'group',
        participants: 'child_present', // not shown for a screening: not sent
      }),
    ).toEqual({
      type: 'screening',
      status: 'held',
      date: '2026-03-10',
      time: '14:00',
      mode: 'video',
      durationMinutes: 45,
      outcome: 'offer_treatment',
      programme: 'Cool Kids',
      delivery: 'group',
    });
  });

  it('leaves empty fields out and sends what it cannot read as typed, so the service names each one', () => {
    expect(toCreateContact(emptyContactForm())).toEqual({});
    expect(toCreateContact({ ...emptyContactForm(), date: '31.02.2026', durationMinutes: 'tre kvarter' })).toEqual({
      date: '31.02.2026',
      durationMinutes: 'tre kvarter',
    });
  });

  it('records a planned contact as held, starting from its booked date, and drops an outcome a no-show cannot have', () => {
    const planned = contact({ date: '2026-03-10', time: '10:00', mode: 'in_person' });
    const form = recordContactForm(planned);
    expect(form).toMatchObject({ date: '10.03.2026', time: '10:00', mode: 'in_person', type: 'pre_conversation' });
    expect(toRecordContact({ ...form, status: 'held', outcome: 'proceed_to_screening' }, 'pre_conversation')).toEqual({
      status: 'held',
      date: '2026-03-10',
      time: '10:00',
      mode: 'in_person',
      outcome: 'proceed_to_screening',
    });
    expect(toRecordContact({ ...form, status: 'no_show', outcome: 'proceed_to_screening' }, 'pre_conversation')).toEqual({
      status: 'no_show',
      date: '2026-03-10',
      time: '10:00',
      mode: 'in_person',
    });
  });
});

describe('the other forms', () => {
  it('send referrals and closures with Danish dates read', () => {
    expect(toReferral({ date: '5.3.2026', destination: 'gp', note: '' })).toEqual({ date: '2026-03-05', destination: 'gp' });
    expect(toClose({ date: '', reason: '' })).toEqual({});
  });

  it.each([
    ['0505149996', '050514-9996'],
    ['050514-xxxx', '050514-xxxx'],
  ])('writes the CPR %p as %p', (cpr, shown) => {
    expect(formatCpr(cpr)).toBe(shown);
  });
});
