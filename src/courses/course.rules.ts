import { ConflictError, RuleViolation } from '../common/errors.js';
import { addYears } from '../kernel/local-date.js';
import { ageOn } from '../kernel/cpr.rules.js';
import {
  PRE_CONVERSATION_OUTCOMES,
  SCREENING_OUTCOMES,
  type ConsentGiver,
  type ContactFacts,
  type ContactStatus,
  type ContactType,
  type CourseFacts,
  type Delivery,
  type Outcome,
  type Participants,
} from '../kernel/course.model.js';

/** What a contact says about itself, as the rules need it. */
export interface ContactDraft {
  type: ContactType;
  date: string;
  status: ContactStatus;
  participants?: Participants | null;
  delivery?: Delivery | null;
  programme?: string | null;
  outcome?: Outcome | null;
  /** Why a treatment contact has no earlier screening that offered treatment. */
  reason?: string | null;
}

const OUTCOMES_BY_TYPE: Partial<Record<ContactType, readonly Outcome[]>> = {
  pre_conversation: PRE_CONVERSATION_OUTCOMES,
  screening: SCREENING_OUTCOMES,
};

/**
 * The offer began in 2024 (sundhedsloven § 126 a; DOMAIN "The offer": "Since 2024 every Danish
 * municipality must run ..."): nothing in a course is dated before its first day.
 */
export const OFFER_START = '2024-01-01';

/** How far ahead anything may be planned (**Decided**, docs/domain.md "Dates"). */
export const PLANNING_HORIZON_YEARS = 2;

/** The last date anything may be planned for: two years ahead of `today`. */
export function planningHorizon(today: string): string {
  return addYears(today, PLANNING_HORIZON_YEARS);
}

/**
 * Every date in a course lies between the start of the offer and the planning horizon; `field`
 * names it in the error. Checked before the other date rules, so an absurd date is called absurd.
 */
export function checkDateBounds(date: string, today: string, field: string): void {
  if (date < OFFER_START) {
    throw new RuleViolation(
      'date_before_offer',
      `${field} cannot be before ${OFFER_START}, when the offer began (sundhedsloven § 126 a)`,
      field,
    );
  }
  const horizon = planningHorizon(today);
  if (date > horizon) {
    throw new RuleViolation(
      'date_too_far_ahead',
      `${field} cannot be more than ${PLANNING_HORIZON_YEARS} years ahead (after ${horizon})`,
      field,
    );
  }
}

/**
 * A first contact cannot come before the child was born (the birth date from the CPR number).
 * `field` is what the caller changed: the CPR, or the first contact's date.
 */
export function checkBornBy(birthDate: string, firstContactDate: string, field: string): void {
  if (firstContactDate < birthDate) {
    throw new RuleViolation(
      'first_contact_before_birth',
      "The first contact cannot be before the child's birth date (from the CPR number)",
      field,
    );
  }
}

/** A closed or withdrawn course takes no new contacts, referrals or consents (409). */
export function assertCourseOpen(course: Pick<CourseFacts, 'status'>): void {
  if (course.status === 'closed') throw new ConflictError('course_closed', 'The course is closed; reopen it to add to it');
  if (course.status === 'entered_in_error') {
    throw new ConflictError('course_entered_in_error', 'The course was entered in error and cannot be changed');
  }
}

/**
 * The rules a contact must meet, checked on creation and on every change. Returns the first
 * broken rule as a 422, naming it; the order goes from dates to content.
 * `isNew`: a planned contact may not be booked in the past, but an existing booking may age.
 */
export function checkContact(course: CourseFacts, draft: ContactDraft, today: string, isNew: boolean, selfId?: string): void {
  checkDateBounds(draft.date, today, 'date');
  if (draft.date < course.firstContactDate) {
    throw new RuleViolation(
      'contact_before_first_contact',
      `A contact cannot be dated before the first contact (${course.firstContactDate})`,
      'date',
    );
  }
  if (draft.status === 'held' && draft.date > today) {
    throw new RuleViolation('held_in_future', `A held contact cannot be dated after today (${today}, Danish time)`, 'date');
  }
  if (isNew && draft.status === 'planned' && draft.date < today) {
    throw new RuleViolation('planned_in_past', `A planned contact cannot be booked before today (${today}, Danish time)`, 'date');
  }

  const allowedOutcomes = OUTCOMES_BY_TYPE[draft.type];
  if (draft.outcome && (!allowedOutcomes || !allowedOutcomes.includes(draft.outcome))) {
    throw new RuleViolation(
      'outcome_not_allowed',
      allowedOutcomes ? `A ${draft.type} has outcome ${allowedOutcomes.join(', ')}` : `A ${draft.type} contact does not take an outcome`,
      'outcome',
    );
  }
  if (draft.outcome && draft.status !== 'held') {
    throw new RuleViolation('outcome_needs_held_contact', 'Only a held contact has an outcome', 'outcome');
  }

  if (draft.status === 'held') checkHeldContent(draft);

  if (draft.type === 'treatment' && !draft.reason?.trim() && !hasEarlierTreatmentOffer(course.contacts, draft.date, selfId)) {
    throw new RuleViolation(
      'treatment_without_screening_offer',
      'A treatment contact needs an earlier held screening with outcome offer_treatment, or a reason',
      'reason',
    );
  }
}

function checkHeldContent(draft: ContactDraft): void {
  switch (draft.type) {
    case 'treatment':
      // KL LTT: a Behandling encounter must carry both participant and delivery type.
      if (!draft.participants || !draft.delivery) {
        throw new RuleViolation(
          'treatment_needs_participants_and_delivery',
          'A held treatment contact needs participants and delivery (KL requires both)',
          !draft.participants ? 'participants' : 'delivery',
        );
      }
      if (!draft.programme?.trim()) {
        throw new RuleViolation('treatment_needs_programme', 'A held treatment contact names the programme (manual) followed', 'programme');
      }
      return;
    case 'pre_conversation':
      if (!draft.outcome) {
        throw new RuleViolation(
          'pre_conversation_needs_outcome',
          `A held pre-conversation has an outcome: ${PRE_CONVERSATION_OUTCOMES.join(', ')}`,
          'outcome',
        );
      }
      return;
    case 'screening':
      if (!draft.outcome) {
        throw new RuleViolation('screening_needs_outcome', `A held screening has an outcome: ${SCREENING_OUTCOMES.join(', ')}`, 'outcome');
      }
      if (draft.outcome === 'offer_treatment' && (!draft.programme?.trim() || !draft.delivery)) {
        throw new RuleViolation(
          'treatment_offer_needs_programme_and_delivery',
          'A screening that offers treatment recommends a programme and a delivery (individual or group)',
          !draft.programme?.trim() ? 'programme' : 'delivery',
        );
      }
      return;
    default:
      return;
  }
}

function hasEarlierTreatmentOffer(contacts: ContactFacts[], date: string, selfId?: string): boolean {
  return contacts.some(
    (c) => c.id !== selfId && c.type === 'screening' && c.status === 'held' && c.outcome === 'offer_treatment' && c.date <= date,
  );
}

/**
 * How a registered contact may change. A planned meeting becomes held, cancelled or a no-show
 * (a rebooking is a new planned contact); any contact can be corrected within its status, or
 * marked entered in error, which is final.
 */
const TRANSITIONS: Record<ContactStatus, readonly ContactStatus[]> = {
  planned: ['planned', 'held', 'cancelled_by_family', 'cancelled_by_municipality', 'no_show', 'entered_in_error'],
  held: ['held', 'entered_in_error'],
  cancelled_by_family: ['cancelled_by_family', 'entered_in_error'],
  cancelled_by_municipality: ['cancelled_by_municipality', 'entered_in_error'],
  no_show: ['no_show', 'entered_in_error'],
  entered_in_error: [],
};

export function assertContactTransition(type: ContactType, from: ContactStatus, to: ContactStatus): void {
  if (type === 'first_contact') {
    throw new ConflictError('first_contact_fixed', 'The first contact is part of the course; correct it on the course');
  }
  if (!TRANSITIONS[from].includes(to)) {
    throw new ConflictError('invalid_transition', `A ${from} contact cannot become ${to}`);
  }
}

/** The first contact (henvendelse) has happened: it is not dated after today. */
export function checkFirstContactDate(date: string, today: string): void {
  checkDateBounds(date, today, 'firstContact.date');
  if (date > today)
    throw new RuleViolation('first_contact_in_future', `The first contact cannot be dated after today (${today})`, 'firstContact.date');
}

/**
 * A corrected first-contact date may not be in the future, nor after any other contact,
 * referral date aside (those are checked against it when made), nor after the closure.
 */
export function checkFirstContactCorrection(course: CourseFacts, date: string, today: string): void {
  checkFirstContactDate(date, today);
  const earliest = course.contacts
    .filter((c) => c.type !== 'first_contact' && c.status !== 'entered_in_error')
    .reduce<string | null>((min, c) => (min === null || c.date < min ? c.date : min), null);
  if (earliest && date > earliest) {
    throw new RuleViolation(
      'first_contact_after_contact',
      `The first contact cannot be after the course's first other contact (${earliest})`,
      'firstContact.date',
    );
  }
  if (course.closureDate && date > course.closureDate) {
    throw new RuleViolation(
      'first_contact_after_closure',
      `The first contact cannot be after the closure (${course.closureDate})`,
      'firstContact.date',
    );
  }
}

/** A referral or consent happened within the course: not before its first contact, not after today. */
export function checkEventDate(course: Pick<CourseFacts, 'firstContactDate'>, date: string, today: string): void {
  checkDateBounds(date, today, 'date');
  if (date < course.firstContactDate) {
    throw new RuleViolation(
      'date_before_first_contact',
      `The date cannot be before the first contact (${course.firstContactDate})`,
      'date',
    );
  }
  if (date > today) throw new RuleViolation('date_in_future', `The date cannot be after today (${today})`, 'date');
}

/** Closure: on or after the last held contact, and not in the future. */
export function checkClosure(course: CourseFacts, date: string, today: string): void {
  assertCourseOpen(course);
  checkDateBounds(date, today, 'date');
  if (date > today) throw new RuleViolation('closure_in_future', `A course cannot be closed after today (${today})`, 'date');
  const lastHeld = course.contacts
    .filter((c) => c.status === 'held')
    .reduce<string | null>((max, c) => (max === null || c.date > max ? c.date : max), null);
  if (lastHeld && date < lastHeld) {
    throw new RuleViolation('closure_before_last_held_contact', `A course cannot close before its last held contact (${lastHeld})`, 'date');
  }
}

export const REOPEN_WINDOW_DAYS = 90;

/** A closed course may be reopened within 90 days of its closure date. */
export function checkReopen(course: CourseFacts, daysSinceClosure: number): void {
  if (course.status !== 'closed') throw new ConflictError('course_not_closed', 'Only a closed course can be reopened');
  if (daysSinceClosure > REOPEN_WINDOW_DAYS) {
    throw new RuleViolation(
      'reopen_window_passed',
      `A course can be reopened within ${REOPEN_WINDOW_DAYS} days of closure; register a new first contact instead`,
    );
  }
}

/**
 * sundhedsloven § 17: from 15 the young person consents to their own treatment and to the
 * sharing of health information; below 15 the custodial parent(s) consent.
 * Returns who must consent, or null when the child's age is unknown (no CPR yet).
 */
export function requiredConsentGiver(birthDate: string | null, date: string): 'young_person' | 'parent' | null {
  if (!birthDate) return null;
  return ageOn(birthDate, date) >= 15 ? 'young_person' : 'parent';
}

export function checkConsent(birthDate: string | null, date: string, givenBy: ConsentGiver): void {
  const required = requiredConsentGiver(birthDate, date);
  if (required === 'young_person' && givenBy !== 'young_person') {
    throw new RuleViolation(
      'consent_by_young_person_required',
      'From age 15 the young person gives their own consent (sundhedsloven § 17)',
      'givenBy',
    );
  }
  if (required === 'parent' && givenBy === 'young_person') {
    throw new RuleViolation('consent_by_parent_required', 'Below age 15 the custodial parent(s) consent (sundhedsloven § 17)', 'givenBy');
  }
}
