/**
 * The working list's flags: plain rules over one running clock. This list is what prevents
 * breaches, so each flag says what staff can still do about it.
 */
export const WORKLIST_FLAGS = [
  'overdue',
  'due_soon',
  'booked_after_deadline',
  'not_booked',
  'unrecorded_planned_contact',
  'missing_cpr',
  'missing_treatment_consent',
  'outside_age_range',
] as const;
export type WorklistFlag = (typeof WORKLIST_FLAGS)[number];

export interface RunningClock {
  deadline: string;
  /** Days from today to the deadline: 0 on the deadline day, negative once passed. */
  daysLeft: number;
  /** Planned contacts that would stop this clock (any date). */
  plannedDates: string[];
  /** The course's data-quality flags (missing_cpr, missing_treatment_consent, outside_age_range). */
  dataFlags: string[];
}

/**
 * - overdue: the deadline has passed and the step is not held.
 * - due_soon: the deadline is today or within `dueWithinDays`.
 * - booked_after_deadline: the only upcoming bookings are after the deadline; rebooking earlier
 *   can still prevent the breach (before the deadline) or shorten it (after).
 * - not_booked: no upcoming booking, and the deadline is near (within `dueWithinDays`) or passed.
 * - unrecorded_planned_contact: a booking dated before today was never marked held, cancelled
 *   or no-show; until it is, the clock keeps running.
 */
export function worklistFlags(clock: RunningClock, today: string, dueWithinDays: number): WorklistFlag[] {
  const flags: WorklistFlag[] = [];
  const upcoming = clock.plannedDates.filter((d) => d >= today);
  if (clock.daysLeft < 0) flags.push('overdue');
  else if (clock.daysLeft <= dueWithinDays) flags.push('due_soon');
  if (upcoming.length > 0 && upcoming.every((d) => d > clock.deadline)) flags.push('booked_after_deadline');
  if (upcoming.length === 0 && clock.daysLeft <= dueWithinDays) flags.push('not_booked');
  if (clock.plannedDates.some((d) => d < today)) flags.push('unrecorded_planned_contact');
  for (const flag of ['missing_cpr', 'missing_treatment_consent', 'outside_age_range'] as const) {
    if (clock.dataFlags.includes(flag)) flags.push(flag);
  }
  return flags;
}
