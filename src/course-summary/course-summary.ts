/**
 * The per-course summaries behind reports, working lists and extracts: plain functions that
 * turn one course (and the targets it is judged by) into one `course_summary` row and one
 * `course_target` row per target. Written in the same transaction as every change to the
 * course (and by the synthetic loader), so a report never reads a stale summary. What depends
 * on the day asked about (pending or overdue; open waits; running family delay) is left to the
 * reading query, which applies the same rules (see docs/metrics.md).
 */
import type {
  ConsentScope,
  ContactFacts,
  ContactType,
  CourseFacts,
  Delivery,
  ReferralDestination,
  Sex,
  Channel,
  ContactedBy,
  FocusArea,
} from '../kernel/course.model.js';
import { DELIVERIES } from '../kernel/course.model.js';
import { ageOn, isInOfferAgeRange } from '../kernel/cpr.rules.js';
import { addDays, daysBetween } from '../kernel/local-date.js';
import { courseFacts, type CourseRecord } from '../kernel/course.record.js';
import { evaluateTargets, type TargetResult } from '../service-targets/clock.rules.js';
import { compareContacts, familyDelayIntervals, type DateInterval } from '../service-targets/family-delay.js';
import type { TargetDefinition, TargetKind } from '../service-targets/target-definitions.js';

export interface SummaryContact extends ContactFacts {
  programme?: string | null;
  delivery?: Delivery | null;
}

/**
 * What a course's target rows are computed from: its facts (what the clocks read), its id and its
 * region. Its summary row needs more (`SummarySource`); its target rows need only this, so judging
 * many courses again reads only this.
 */
export interface TargetSource extends CourseFacts {
  id: string;
  regionCode: string;
}

export interface SummarySource extends TargetSource {
  childId: string | null;
  birthDate: string | null;
  sex: Sex | null;
  channel: Channel;
  contactedBy: ContactedBy;
  focusAreas: FocusArea[];
  closureReason: string | null;
  contacts: SummaryContact[];
  referrals: { date: string; destination: ReferralDestination }[];
  consents: { scope: ConsentScope }[];
}

export interface SummaryRow {
  municipalityCode: string;
  courseId: string;
  regionCode: string;
  status: string;
  firstContactDate: string;
  childId: string | null;
  ageYears: number | null;
  sex: Sex | null;
  channel: Channel;
  contactedBy: ContactedBy;
  clearlyInTargetGroup: boolean;
  focusAreas: FocusArea[];
  preConversationOn: string | null;
  preConversationOutcome: string | null;
  screeningOn: string | null;
  screeningOutcome: string | null;
  firstTreatmentOn: string | null;
  lastTreatmentOn: string | null;
  treatmentSessionsHeld: number;
  treatmentCancelledByFamily: number;
  treatmentCancelledByMunicipality: number;
  treatmentNoShows: number;
  treatmentGaps: number[];
  programme: string | null;
  /** Deliveries used in held treatment sessions, in code-list order. */
  treatmentDeliveries: Delivery[];
  closingConversationOn: string | null;
  closureDate: string | null;
  closureReason: string | null;
  referrals: { destination: ReferralDestination; days: number }[];
  dataFlags: string[];
}

export interface TargetRow {
  municipalityCode: string;
  courseId: string;
  regionCode: string;
  target: string;
  kind: TargetKind;
  national: boolean;
  limitDays: number;
  firstContactDate: string;
  courseStatus: string;
  settledState: 'met' | 'breached' | 'not_applicable' | null;
  adjustedSettledState: 'met' | 'breached' | 'not_applicable' | null;
  /** While running and the deadline has not passed: `pending`, or `met` when completed gaps already met it. */
  stateBeforeDeadline: 'pending' | 'met';
  adjustedStateBeforeDeadline: 'pending' | 'met';
  clockStart: string | null;
  deadline: string | null;
  heldOn: string | null;
  daysWaited: number | null;
  familyDelayDays: number;
  adjustedDays: number | null;
  delayFrom: string[];
  delayTo: string[];
  plannedDates: string[];
}

/** The contact types whose family cancellations delay a running clock, and whose bookings would stop it. */
const STEP_TYPES: Record<TargetKind, ContactType[]> = {
  pre_conversation_within: ['pre_conversation', 'screening'],
  screening_within: ['screening'],
  treatment_start_after_screening: ['treatment'],
  max_days_between_treatment_sessions: ['treatment'],
};

const held = <C extends ContactFacts>(contacts: readonly C[], type: ContactType): C[] =>
  contacts.filter((c) => c.type === type && c.status === 'held').sort(compareContacts);
const count = (contacts: readonly ContactFacts[], type: ContactType, status: string) =>
  contacts.filter((c) => c.type === type && c.status === status).length;

/** Merges overlapping intervals, so that cutting them at a day and summing counts each day once. */
function merge(intervals: DateInterval[]): DateInterval[] {
  const sorted = [...intervals].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: DateInterval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to) last.to = i.to > last.to ? i.to : last.to;
    else out.push({ ...i });
  }
  return out;
}

/** What the summary reads of a stored course (as the courses repository loads it), with its region. */
export function toSummarySource(course: CourseRecord, regionCode: string): SummarySource {
  return {
    ...courseFacts(course),
    contacts: course.contacts.map((c) => ({
      id: c.id,
      type: c.type,
      date: c.date,
      status: c.status,
      outcome: c.outcome,
      createdAt: c.createdAt,
      programme: c.programme,
      delivery: c.delivery,
    })),
    id: course.id,
    regionCode,
    childId: course.childId,
    birthDate: course.child?.birthDate ?? null,
    sex: course.child?.sex ?? null,
    channel: course.channel,
    contactedBy: course.contactedBy,
    focusAreas: course.focusAreas,
    closureReason: course.closureReason,
    // A referral made in error counts nowhere: the summary is what reports, extracts and indicators read.
    referrals: course.referrals.filter((r) => r.status === 'active').map((r) => ({ date: r.date, destination: r.destination })),
    consents: course.consents.map((c) => ({ scope: c.scope })),
  };
}

export function dataFlagsOf(source: Pick<SummarySource, 'birthDate' | 'firstContactDate' | 'contacts' | 'consents'>): string[] {
  const flags: string[] = [];
  if (!source.birthDate) flags.push('missing_cpr');
  if (source.birthDate && !isInOfferAgeRange(ageOn(source.birthDate, source.firstContactDate))) flags.push('outside_age_range');
  const treated = source.contacts.some((c) => c.type === 'treatment' && c.status === 'held');
  if (treated && !source.consents.some((c) => c.scope === 'treatment')) flags.push('missing_treatment_consent');
  return flags;
}

export function summarizeCourse(source: SummarySource): SummaryRow {
  const pre = held(source.contacts, 'pre_conversation')[0];
  const screening = held(source.contacts, 'screening')[0];
  // The outcome that stands: the last held contact of the step that has one.
  const outcomeOf = (type: ContactType) =>
    held(source.contacts, type)
      .filter((c) => c.outcome)
      .at(-1)?.outcome ?? null;
  const treatments = held(source.contacts, 'treatment');
  const closing = held(source.contacts, 'closing_conversation')[0];
  const offer = held(source.contacts, 'screening').find((c) => c.outcome === 'offer_treatment');
  const firstTreatment = treatments[0];
  return {
    municipalityCode: source.municipalityCode,
    courseId: source.id,
    regionCode: source.regionCode,
    status: source.status,
    firstContactDate: source.firstContactDate,
    childId: source.childId,
    ageYears: source.birthDate ? ageOn(source.birthDate, source.firstContactDate) : null,
    sex: source.sex,
    channel: source.channel,
    contactedBy: source.contactedBy,
    clearlyInTargetGroup: source.clearlyInTargetGroup,
    focusAreas: source.focusAreas,
    preConversationOn: pre?.date ?? null,
    preConversationOutcome: outcomeOf('pre_conversation'),
    screeningOn: screening?.date ?? null,
    screeningOutcome: outcomeOf('screening'),
    firstTreatmentOn: firstTreatment?.date ?? null,
    lastTreatmentOn: treatments[treatments.length - 1]?.date ?? null,
    treatmentSessionsHeld: treatments.length,
    treatmentCancelledByFamily: count(source.contacts, 'treatment', 'cancelled_by_family'),
    treatmentCancelledByMunicipality: count(source.contacts, 'treatment', 'cancelled_by_municipality'),
    treatmentNoShows: count(source.contacts, 'treatment', 'no_show'),
    treatmentGaps: treatments.slice(1).map((t, i) => daysBetween(treatments[i].date, t.date)),
    // The programme actually followed, else the screening's recommendation.
    programme: firstTreatment?.programme ?? offer?.programme ?? null,
    treatmentDeliveries: DELIVERIES.filter((d) => treatments.some((t) => t.delivery === d)),
    closingConversationOn: closing?.date ?? null,
    closureDate: source.closureDate ?? null,
    closureReason: source.closureReason,
    referrals: source.referrals.map((r) => ({ destination: r.destination, days: daysBetween(source.firstContactDate, r.date) })),
    dataFlags: dataFlagsOf(source),
  };
}

const settled = (state: TargetResult['state']) => (state === 'pending' || state === 'overdue' ? null : state);

/**
 * One row per target in force on the first-contact date. `today` only decides whether a clock
 * is still running; the stored facts of a running clock do not depend on it.
 */
export function summarizeTargets(source: TargetSource, definitions: readonly TargetDefinition[], today: string): TargetRow[] {
  const results = evaluateTargets(source, definitions, today);
  const byName = new Map(definitions.map((d) => [d.name, d]));
  return results.map((r) => {
    const runningFrom = source.status === 'open' ? runningClockStart(source, r) : null;
    const running = runningFrom !== null;
    const types = STEP_TYPES[r.kind];
    const intervals = running ? merge(types.flatMap((type) => familyDelayIntervals(source.contacts, type, { from: runningFrom }))) : [];
    const planned = running
      ? source.contacts
          .filter((c) => c.status === 'planned' && types.includes(c.type))
          .map((c) => c.date)
          .sort()
      : [];
    return {
      municipalityCode: source.municipalityCode,
      courseId: source.id,
      regionCode: source.regionCode,
      target: r.target,
      kind: r.kind,
      national: byName.get(r.target)?.national ?? false,
      limitDays: r.limitDays,
      firstContactDate: source.firstContactDate,
      courseStatus: source.status,
      settledState: running ? (r.state === 'breached' ? 'breached' : null) : settled(r.state),
      adjustedSettledState: running ? (r.adjustedState === 'breached' ? 'breached' : null) : settled(r.adjustedState),
      stateBeforeDeadline: running && r.completed && r.state === 'met' ? 'met' : 'pending',
      // The adjusted judgement may rest on a completed gap while the raw one rests on the running gap
      // (raw overdue, adjusted met): decide it, and its days, from the adjusted state itself.
      adjustedStateBeforeDeadline: running && r.adjustedState === 'met' ? 'met' : 'pending',
      clockStart: running ? runningFrom : r.clockStart,
      deadline: running ? addDays(runningFrom, r.limitDays) : r.deadline,
      heldOn: r.heldOn,
      daysWaited: r.completed ? r.daysWaited : null,
      familyDelayDays: r.completed ? r.familyDelayDays : 0,
      adjustedDays: r.adjustedState === 'met' || r.adjustedState === 'breached' ? r.adjustedDays : null,
      delayFrom: intervals.map((i) => i.from),
      delayTo: intervals.map((i) => i.to),
      plannedDates: planned,
    };
  });
}

/**
 * Where a target's clock still runs for an open course, the day it started: a single-step
 * target not yet held runs from its clock start; the session-gap target runs from the last held
 * session while treatment goes on (no closing conversation held since). Null when not running.
 */
function runningClockStart(source: TargetSource, r: TargetResult): string | null {
  if (r.state === 'not_applicable') return null;
  if (r.kind !== 'max_days_between_treatment_sessions') return r.completed ? null : r.clockStart;
  const sessions = held(source.contacts, 'treatment');
  const last = sessions[sessions.length - 1];
  if (!last || held(source.contacts, 'closing_conversation').some((c) => c.date >= last.date)) return null;
  return last.date;
}
