import type { components } from '../../api/schema.js';
import { danishDateToIso, formatShortDate } from '../../format.js';
import { da } from '../../texts.da.js';

type S = components['schemas'];
export type Course = S['CourseView'];
export type Contact = S['ContactView'];
export type Referral = S['ReferralView'];
export type TargetClock = S['TargetClockView'];
export type ContactType = S['ContactType'];
export type ContactStatus = S['ContactStatus'];
export type TargetState = S['TargetState'];
export type Outcome = S['Outcome'];
export type CreateContact = S['CreateContactDto'];
export type UpdateContact = S['UpdateContactDto'];

export const BOOKABLE_TYPES = [
  'pre_conversation',
  'screening',
  'treatment',
  'closing_conversation',
] as const satisfies readonly ContactType[];
export type BookableType = (typeof BOOKABLE_TYPES)[number];
/** What a new contact may be registered as (never directly entered in error: docs/domain.md, "Contact"). */
export const NEW_STATUSES = ['planned', 'held', 'cancelled_by_family', 'cancelled_by_municipality', 'no_show'] as const;
/** What a planned contact may become when it is recorded. */
export const RECORD_STATUSES = ['held', 'cancelled_by_family', 'cancelled_by_municipality', 'no_show'] as const;

/** The outcomes of each step (docs/domain.md, "Contacts"); other types take none. */
export const OUTCOMES_BY_TYPE: Partial<Record<ContactType, readonly Outcome[]>> = {
  pre_conversation: ['proceed_to_screening', 'not_in_target_group', 'no_further_help', 'family_declined'],
  screening: ['offer_treatment', 'other_help', 'family_declined'],
};

/** How a state looks: the DKFDS badge's colour. The state's words are always shown with it. */
export const STATE_TONE: Record<TargetState, 'success' | 'error' | 'info' | 'warning' | undefined> = {
  met: 'success',
  breached: 'error',
  overdue: 'error',
  pending: 'info',
  not_applicable: undefined,
};

export const CONTACT_STATUS_TONE: Record<ContactStatus, 'success' | 'error' | 'info' | 'warning' | undefined> = {
  planned: 'info',
  held: 'success',
  cancelled_by_family: 'warning',
  cancelled_by_municipality: 'warning',
  no_show: 'error',
  entered_in_error: undefined,
};

export { courseRef } from '../worklist/worklist.js';

// ---- the clocks -------------------------------------------------------------------------------

export interface ClockSide {
  state: TargetState;
  /** The state in words: colour is never the only signal. */
  label: string;
  /** Days waited, and days left or how late: "5 dage ventet · 9 dage tilbage". */
  text: string;
}

export interface ClockRow {
  target: string;
  label: string;
  deadline: string;
  limit: string;
  raw: ClockSide;
  adjusted: ClockSide;
  familyDelay: string;
}

function side(clock: TargetClock, state: TargetState, days: number | null, texts = da): ClockSide {
  const t = texts.course.clocks;
  const label = texts.values.targetState[state];
  if (days === null || state === 'not_applicable') return { state, label, text: '' };
  if (clock.heldOn) return { state, label, text: t.heldAfter(formatShortDate(clock.heldOn), days) };
  // The deadline is clock start + limit and `days` is today − clock start: what is left is limit − days.
  return { state, label, text: `${t.waited(days)} · ${t.daysLeft(clock.limitDays - days)}` };
}

/** One target's clock as the page shows it: the raw wait (the headline) and the adjusted one side by side. */
export function clockRow(clock: TargetClock, texts = da): ClockRow {
  const t = texts.course.clocks;
  return {
    target: clock.target,
    label: texts.values.target[clock.target] ?? clock.target,
    deadline: clock.deadline ? formatShortDate(clock.deadline) : t.noDeadline,
    limit: t.limit(clock.limitDays),
    raw: side(clock, clock.state, clock.daysWaited, texts),
    adjusted: side(clock, clock.adjustedState, clock.adjustedDays, texts),
    familyDelay: t.familyDelay(clock.familyDelayDays),
  };
}

// ---- the timeline -----------------------------------------------------------------------------

export type TimelineKind = 'first_contact' | 'contact' | 'referral' | 'consent' | 'closure';

export interface TimelineEvent {
  key: string;
  kind: TimelineKind;
  date: string;
  time: string | null;
  title: string;
  /** The status in words with its tone (contacts). */
  status?: { label: string; tone: (typeof CONTACT_STATUS_TONE)[ContactStatus] };
  details: [label: string, value: string][];
  contact?: Contact;
  referral?: Referral;
}

const KIND_ORDER: Record<TimelineKind, number> = { first_contact: 0, contact: 1, referral: 2, consent: 3, closure: 4 };

function contactDetails(c: Contact, texts = da): [string, string][] {
  const t = texts.course.timeline;
  const v = texts.values;
  const out: [string, string][] = [];
  if (c.outcome) out.push([t.outcome, v.outcome[c.outcome]]);
  if (c.participants) out.push([t.participants, v.participants[c.participants]]);
  if (c.delivery) out.push([t.delivery, v.delivery[c.delivery]]);
  if (c.programme) out.push([t.programme, c.programme]);
  if (c.mode) out.push([t.mode, v.mode[c.mode]]);
  if (c.durationMinutes !== null) out.push([t.duration, t.minutes(c.durationMinutes)]);
  if (c.reason) out.push([t.reason, c.reason]);
  if (c.enteredInErrorReason) out.push([t.reason, c.enteredInErrorReason]);
  return out;
}

/**
 * Everything on the course by date: the first contact, every contact (planned ones too, with
 * their status), referrals, consents and the closure. The same date keeps that order, and
 * contacts keep the API's order (by date, then as registered).
 */
export function timelineOf(course: Course, texts = da): TimelineEvent[] {
  const t = texts.course.timeline;
  const v = texts.values;
  const events: TimelineEvent[] = [];
  for (const c of course.contacts) {
    if (c.type === 'first_contact') {
      events.push({
        key: c.id,
        kind: 'first_contact',
        date: c.date,
        time: c.time,
        title: t.firstContact,
        details: [
          [texts.course.facts.channel, v.channel[course.firstContact.channel]],
          [texts.course.facts.contactedBy, v.contactedBy[course.firstContact.contactedBy]],
        ],
      });
    } else {
      events.push({
        key: c.id,
        kind: 'contact',
        date: c.date,
        time: c.time,
        title: v.contactType[c.type],
        status: { label: v.contactStatus[c.status], tone: CONTACT_STATUS_TONE[c.status] },
        details: contactDetails(c, texts),
        contact: c,
      });
    }
  }
  for (const r of course.referrals) {
    events.push({
      key: r.id,
      kind: 'referral',
      date: r.date,
      time: null,
      title: t.referral,
      ...(r.status === 'entered_in_error' ? { status: { label: v.contactStatus.entered_in_error, tone: undefined } } : {}),
      details: [
        [texts.course.fields.destination, v.destination[r.destination]],
        ...(r.note ? [[t.note, r.note] as [string, string]] : []),
        ...(r.enteredInErrorReason ? [[t.reason, r.enteredInErrorReason] as [string, string]] : []),
      ],
      referral: r,
    });
  }
  for (const c of course.consents) {
    events.push({
      key: c.id,
      kind: 'consent',
      date: c.date,
      time: null,
      title: `${t.consent}: ${v.consentScope[c.scope].toLowerCase()}`,
      details: [[t.givenBy, v.consentGiver[c.givenBy]]],
    });
  }
  if (course.closure) {
    events.push({
      key: 'closure',
      kind: 'closure',
      date: course.closure.date,
      time: null,
      title: t.closure,
      details: [[texts.course.fields.closureReason, v.closureReason[course.closure.reason]]],
    });
  }
  const position = new Map(events.map((e, i) => [e.key, i]));
  return events.sort(
    (a, b) => a.date.localeCompare(b.date) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || position.get(a.key)! - position.get(b.key)!,
  );
}

// ---- what can be done -------------------------------------------------------------------------

export type CourseAction = 'contact' | 'referral' | 'consent' | 'focusAreas' | 'addCpr' | 'close' | 'reopen' | 'enteredInError';

/**
 * The actions the course's status allows (docs/domain.md, "Statuses and transitions"): an open
 * course takes everything but reopening; a closed one can be corrected (focus areas, CPR),
 * reopened or withdrawn; a course entered in error takes nothing. The service decides the rest.
 */
export function courseActions(course: Pick<Course, 'status' | 'child'>): CourseAction[] {
  const cpr: CourseAction[] = course.child.cprKnown ? [] : ['addCpr'];
  switch (course.status) {
    case 'open':
      return ['contact', 'referral', 'consent', 'focusAreas', ...cpr, 'close', 'enteredInError'];
    case 'closed':
      return ['focusAreas', ...cpr, 'reopen', 'enteredInError'];
    default:
      return [];
  }
}

/** Whether the course's responsible worker can be set or cleared: on open and closed courses, never on one entered in error. */
export const mayChangeResponsible = (course: Pick<Course, 'status'>) => course.status !== 'entered_in_error';

/** The responsible-worker form's choices: the caller takes the course, or nobody has it. */
export type ResponsibleChoice = 'me' | 'none';

/** What the form starts with: the change one most likely came for (take the course; give it up when it is yours). */
export function responsibleDefault(course: Pick<Course, 'responsible'>, mySub: string): ResponsibleChoice {
  return course.responsible?.sub === mySub ? 'none' : 'me';
}

/** What a contact on an open course can be recorded as: a planned one is recorded; any but the first contact can be withdrawn. */
/** A referral can be withdrawn as made in error while it stands, on an open or closed course. */
export function referralActions(referral: Referral, courseStatus: Course['status']): 'enteredInError'[] {
  return courseStatus === 'entered_in_error' || referral.status === 'entered_in_error' ? [] : ['enteredInError'];
}

export function contactActions(contact: Contact, courseStatus: Course['status']): ('record' | 'enteredInError')[] {
  if (courseStatus !== 'open' || contact.type === 'first_contact' || contact.status === 'entered_in_error') return [];
  return contact.status === 'planned' ? ['record', 'enteredInError'] : ['enteredInError'];
}

// ---- the contact form -------------------------------------------------------------------------

/** The contact form's values: what the inputs hold (strings from radios, selects and text). */
export interface ContactForm {
  type: string;
  status: string;
  date: string;
  time: string;
  mode: string;
  durationMinutes: string;
  outcome: string;
  participants: string;
  delivery: string;
  programme: string;
  reason: string;
}

export const emptyContactForm = (): ContactForm => ({
  type: '',
  status: '',
  date: '',
  time: '',
  mode: '',
  durationMinutes: '',
  outcome: '',
  participants: '',
  delivery: '',
  programme: '',
  reason: '',
});

/** A planned contact's form, ready to record: its date and time as booked. */
export const recordContactForm = (contact: Contact): ContactForm => ({
  ...emptyContactForm(),
  type: contact.type,
  date: formatShortDate(contact.date),
  time: contact.time ?? '',
  mode: contact.mode ?? '',
  durationMinutes: contact.durationMinutes === null ? '' : String(contact.durationMinutes),
  programme: contact.programme ?? '',
  delivery: contact.delivery ?? '',
  participants: contact.participants ?? '',
  reason: contact.reason ?? '',
});

export type ContactField = keyof ContactForm;

/**
 * The fields the contact form shows for a type, status and outcome: the outcome of a held
 * pre-conversation or screening; what a screening that offers treatment recommends; a
 * treatment's participants, delivery and programme, and its reason (needed, planned or held,
 * when no screening offered treatment). Fields that do not apply are not sent.
 */
export function contactFields(type: string, status: string, outcome: string): ContactField[] {
  const fields: ContactField[] = ['type', 'status', 'date', 'time', 'mode', 'durationMinutes'];
  const held = status === 'held';
  if (held && OUTCOMES_BY_TYPE[type as ContactType]) fields.push('outcome');
  if (type === 'screening' && held && outcome === 'offer_treatment') fields.push('programme', 'delivery');
  if (type === 'treatment') fields.push('participants', 'delivery', 'programme', 'reason');
  return fields;
}

const date = (typed: string) => (typed.trim() ? (danishDateToIso(typed) ?? typed.trim()) : undefined);
const text = (typed: string) => (typed.trim() ? typed.trim() : undefined);
/** Whole minutes as a number; anything else as typed, for the service to name (`isInt`). */
const minutes = (typed: string) => (typed.trim() ? (/^\d+$/.test(typed.trim()) ? Number(typed.trim()) : typed.trim()) : undefined);

function contactBody(form: ContactForm, fields: readonly ContactField[]): Record<string, unknown> {
  const shown = (f: ContactField) => fields.includes(f);
  const body: Record<string, unknown> = {
    status: form.status || undefined,
    date: date(form.date),
    time: text(form.time),
    mode: form.mode || undefined,
    durationMinutes: minutes(form.durationMinutes),
    outcome: shown('outcome') ? form.outcome || undefined : undefined,
    participants: shown('participants') ? form.participants || undefined : undefined,
    delivery: shown('delivery') ? form.delivery || undefined : undefined,
    programme: shown('programme') ? text(form.programme) : undefined,
    reason: shown('reason') ? text(form.reason) : undefined,
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/**
 * A new contact's request body. Nothing is checked here: an empty required field is left out so
 * the service names it, and its answer is shown field by field.
 */
export function toCreateContact(form: ContactForm): CreateContact {
  const fields = contactFields(form.type, form.status, form.outcome);
  return { ...(form.type ? { type: form.type } : {}), ...contactBody(form, fields) } as unknown as CreateContact;
}

/** Recording a planned contact (PATCH): its new status and what was held. */
export function toRecordContact(form: ContactForm, type: ContactType): UpdateContact {
  const fields = contactFields(type, form.status, form.outcome);
  return contactBody(form, fields) as unknown as UpdateContact;
}

// ---- the other forms --------------------------------------------------------------------------

export interface ReferralForm {
  date: string;
  destination: string;
  note: string;
}
export interface ConsentForm {
  date: string;
  givenBy: string;
  scope: string;
}
export interface CloseForm {
  date: string;
  reason: string;
}
export interface ReasonForm {
  reason: string;
}

export const toReferral = (form: ReferralForm) =>
  ({ date: date(form.date), destination: form.destination || undefined, note: text(form.note) }) as unknown as S['CreateReferralDto'];

export const toConsent = (form: ConsentForm) =>
  ({ date: date(form.date), givenBy: form.givenBy || undefined, scope: form.scope || undefined }) as unknown as S['CreateConsentDto'];

export const toClose = (form: CloseForm) => ({ date: date(form.date), reason: form.reason || undefined }) as unknown as S['CloseCourseDto'];

/** A reason as typed: sent even when blank, so the service's rule (not empty) answers for the field. */
export const toReason = (form: ReasonForm) => ({ reason: form.reason.trim() }) as S['ReasonDto'];

/** A CPR as typed, spaces taken out; the service reads and checks it. */
export const toCpr = (typed: string) => ({ cpr: typed.replace(/\s+/g, '') }) as S['UpdateCourseDto'];

/** "0505149996" → "050514-9996", as CPR numbers are read. */
export const formatCpr = (cpr: string) => (/^\d{10}$/.test(cpr) ? `${cpr.slice(0, 6)}-${cpr.slice(6)}` : cpr);

/** Today's Danish date as the forms prefill it (dd.mm.åååå). */
export function danishToday(now = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', day: '2-digit', month: '2-digit', year: 'numeric' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year}`;
}
