/**
 * The service-target clock: for one course and the targets in force on its first-contact date,
 * the state of each target on a given day. Plain functions over plain data; the rules are those
 * of docs/domain.md "Service targets", and docs/metrics.md defines every figure produced here.
 */
import type { ContactFacts, ContactType, CourseFacts } from '../kernel/course.model.js';
import { addDays, daysBetween, isLocalDate } from '../kernel/local-date.js';
import { compareContacts, type DateInterval, daysCovered, familyDelayIntervals } from './family-delay.js';
import { type TargetDefinition, type TargetKind, targetsInForce } from './target-definitions.js';

export const TARGET_STATES = ['met', 'breached', 'overdue', 'pending', 'not_applicable'] as const;
/**
 * docs/domain.md: "met, breached (held, too late), overdue (not held, deadline passed, course open),
 * pending (not held, deadline not passed), not_applicable (target does not apply, or the course
 * closed before the step, e.g. the family withdrew)".
 */
export type TargetState = (typeof TARGET_STATES)[number];

export interface TargetResult {
  target: string;
  kind: TargetKind;
  state: TargetState;
  /** The last day on which holding the step still meets the target: clock start + limit. */
  deadline: string | null;
  limitDays: number;
  /** Held: held date − clock start. Not held: today − clock start. Null when not applicable. */
  daysWaited: number | null;
  /** True when the wait reported ended with a held step (met or breached). */
  completed: boolean;
  /** Family-caused days inside the wait reported (docs/domain.md, family-requested delay). */
  familyDelayDays: number;
  /** The wait with family-caused days taken out, never below 0. Null when not applicable. */
  adjustedDays: number | null;
  /** The state the same rules give for `adjustedDays`. */
  adjustedState: TargetState;
  heldOn: string | null;
  clockStart: string | null;
}

/** One wait measured against a limit: from `start` until `end` (held) or until today (`end` null). */
interface Wait {
  start: string;
  end: string | null;
  days: number;
  delayDays: number;
}

const adjusted = (wait: Wait): number => Math.max(0, wait.days - wait.delayDays);
const raw = (wait: Wait): number => wait.days;

function notApplicable(target: TargetDefinition): TargetResult {
  return {
    target: target.name,
    kind: target.kind,
    state: 'not_applicable',
    deadline: null,
    limitDays: target.limitDays,
    daysWaited: null,
    completed: false,
    familyDelayDays: 0,
    adjustedDays: null,
    adjustedState: 'not_applicable',
    heldOn: null,
    clockStart: null,
  };
}

/** Met when `days ≤ limit`; a wait still running is pending up to and including the deadline day. */
function stateOf(wait: Wait, days: number, limit: number): TargetState {
  if (wait.end !== null) return days <= limit ? 'met' : 'breached';
  return days <= limit ? 'pending' : 'overdue';
}

type Judgement = [TargetState, Wait];

/** The raw judgement gives the headline figures; the adjusted one gives `adjustedDays` and `adjustedState`. */
function resultOf(target: TargetDefinition, [state, wait]: Judgement, [adjustedState, adjustedWait]: Judgement): TargetResult {
  return {
    target: target.name,
    kind: target.kind,
    state,
    deadline: addDays(wait.start, target.limitDays),
    limitDays: target.limitDays,
    daysWaited: wait.days,
    completed: wait.end !== null,
    familyDelayDays: wait.delayDays,
    adjustedDays: adjusted(adjustedWait),
    adjustedState,
    heldOn: wait.end,
    clockStart: wait.start,
  };
}

/** Contacts of the given types that were held on or after `from`, in the order they were held. */
function heldSince(course: CourseFacts, types: readonly ContactType[], from: string): ContactFacts[] {
  return course.contacts.filter((c) => c.status === 'held' && types.includes(c.type) && c.date >= from).sort(compareContacts);
}

/**
 * The wait from `start` until the step held at `held` (or until today while not held), with the
 * family-caused delay on the given contact types inside it.
 */
function waitFor(
  course: CourseFacts,
  start: string,
  held: ContactFacts | undefined,
  delayTypes: readonly ContactType[],
  today: string,
): Wait {
  const end = held?.date ?? null;
  const window = { from: start, until: end ?? today };
  const intervals: DateInterval[] = delayTypes.flatMap((type) => familyDelayIntervals(course.contacts, type, window));
  return { start, end, days: daysBetween(start, end ?? today), delayDays: daysCovered(intervals) };
}

/**
 * A target with one step: the clock runs from `start` and stops when `held` is held.
 * docs/domain.md: not held and the course closed is "the course closed before the step": not_applicable,
 * also when the course closed after the deadline had passed.
 */
function judgeStep(
  course: CourseFacts,
  target: TargetDefinition,
  start: string,
  held: ContactFacts | undefined,
  delayTypes: readonly ContactType[],
  today: string,
): TargetResult {
  if (!held && course.status !== 'open') return notApplicable(target);
  const wait = waitFor(course, start, held, delayTypes, today);
  return resultOf(target, [stateOf(wait, raw(wait), target.limitDays), wait], [stateOf(wait, adjusted(wait), target.limitDays), wait]);
}

/**
 * National target 1. docs/domain.md: "The clock for target 1 stops at the first held pre-conversation,
 * or the first held screening if the municipality goes straight to screening." Whichever was held
 * first; on the same date the pre-conversation.
 */
function judgePreConversation(course: CourseFacts, target: TargetDefinition, today: string): TargetResult {
  const start = course.firstContactDate;
  const [preConversation] = heldSince(course, ['pre_conversation'], start);
  const [screening] = heldSince(course, ['screening'], start);
  const stoppedByScreening = screening !== undefined && (preConversation === undefined || screening.date < preConversation.date);
  const held = stoppedByScreening ? screening : preConversation;
  // A clock still running can be stopped by either step, so delay on either counts until it stops.
  const delayTypes: ContactType[] = held && !stoppedByScreening ? ['pre_conversation'] : ['pre_conversation', 'screening'];
  return judgeStep(course, target, start, held, delayTypes, today);
}

/**
 * National target 2. docs/domain.md: applies "where it is clear already at first contact that the child
 * is in the target group"; "the clock for target 2 stops at the first held screening".
 */
function judgeScreening(course: CourseFacts, target: TargetDefinition, today: string): TargetResult {
  if (!course.clearlyInTargetGroup) return notApplicable(target);
  const start = course.firstContactDate;
  const [screening] = heldSince(course, ['screening'], start);
  return judgeStep(course, target, start, screening, ['screening'], today);
}

/** Municipal: from the first held screening that offered treatment to the first treatment held on or after it. */
function judgeTreatmentStart(course: CourseFacts, target: TargetDefinition, today: string): TargetResult {
  const [screening] = heldSince(course, ['screening'], course.firstContactDate).filter((c) => c.outcome === 'offer_treatment');
  if (!screening) return notApplicable(target);
  const [treatment] = heldSince(course, ['treatment'], screening.date);
  return judgeStep(course, target, screening.date, treatment, ['treatment'], today);
}

/** The first of the longest waits (by `length`), or undefined for none. */
function longest(waits: readonly Wait[], length: (wait: Wait) => number): Wait | undefined {
  return waits.reduce<Wait | undefined>((worst, wait) => (worst === undefined || length(wait) > length(worst) ? wait : worst), undefined);
}

/**
 * Breached when any completed gap is over the limit; else overdue when the gap still running is
 * over it; else met when at least one gap has completed; else pending (only the running gap).
 */
function judgeGaps(completed: readonly Wait[], running: Wait | undefined, length: (wait: Wait) => number, limit: number): Judgement {
  const worst = longest(completed, length);
  if (worst && length(worst) > limit) return ['breached', worst];
  if (running && length(running) > limit) return ['overdue', running];
  if (worst) return ['met', worst];
  return ['pending', running!];
}

/**
 * Municipal: at most M days between consecutive held treatment sessions. Each gap is a wait from
 * one held session to the next; while the course is open and no closing conversation has been held
 * since the last session, the gap from it to today is still running. The worst gap is reported.
 */
function judgeSessionGaps(course: CourseFacts, target: TargetDefinition, today: string): TargetResult {
  const sessions = heldSince(course, ['treatment'], course.firstContactDate);
  if (sessions.length === 0) return notApplicable(target);
  const completed = sessions.slice(1).map((session, i) => waitFor(course, sessions[i].date, session, ['treatment'], today));
  const last = sessions[sessions.length - 1];
  const treatmentEnded = course.status !== 'open' || heldSince(course, ['closing_conversation'], last.date).length > 0;
  const running = treatmentEnded ? undefined : waitFor(course, last.date, undefined, ['treatment'], today);
  // One session and then the end of the course: "the course closed before the step" (a second session).
  if (completed.length === 0 && running === undefined) return notApplicable(target);
  return resultOf(target, judgeGaps(completed, running, raw, target.limitDays), judgeGaps(completed, running, adjusted, target.limitDays));
}

/** The state of one target for one course on `today` (a Danish local date). */
export function evaluateTarget(course: CourseFacts, target: TargetDefinition, today: string): TargetResult {
  if (course.status === 'entered_in_error') return notApplicable(target);
  switch (target.kind) {
    case 'pre_conversation_within':
      return judgePreConversation(course, target, today);
    case 'screening_within':
      return judgeScreening(course, target, today);
    case 'treatment_start_after_screening':
      return judgeTreatmentStart(course, target, today);
    case 'max_days_between_treatment_sessions':
      return judgeSessionGaps(course, target, today);
  }
}

/**
 * Every target in force on the course's first-contact date (docs/domain.md: "a course is judged by the
 * target in force on its first-contact date"), judged on `today`, a Danish local date
 * (`todayInDenmark()`). `targets` may hold every version of every target; the course picks its own.
 */
export function evaluateTargets(course: CourseFacts, targets: readonly TargetDefinition[], today: string): TargetResult[] {
  if (!isLocalDate(today)) throw new RangeError(`today is not a YYYY-MM-DD date: ${JSON.stringify(today)}`);
  if (!isLocalDate(course.firstContactDate)) {
    throw new RangeError(`firstContactDate is not a YYYY-MM-DD date: ${JSON.stringify(course.firstContactDate)}`);
  }
  return targetsInForce(targets, course.firstContactDate).map((target) => evaluateTarget(course, target, today));
}
