/**
 * Family-caused delay, docs/domain.md "Service targets": "when the family declines or cancels an
 * offered date, the days from the offered date to the next offered date are recorded as
 * family-caused delay". Reports subtract it for the adjusted figure; the raw figure stays the
 * headline.
 */
import type { ContactFacts, ContactType } from '../kernel/course.model.js';
import { daysBetween, maxDate, minDate } from '../kernel/local-date.js';

/** Calendar days from `from` up to `to`: the interval counts `to − from` days. */
export interface DateInterval {
  from: string;
  to: string;
}

function registeredAt(contact: ContactFacts): number {
  const ms = contact.createdAt ? Date.parse(contact.createdAt) : Number.NaN;
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * The order in which contacts were offered: by date, then by when they were registered.
 * A contact without a registration time comes after those with one on the same date; ties keep
 * the caller's order (Array.prototype.sort is stable).
 */
export function compareContacts(a: ContactFacts, b: ContactFacts): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const [ra, rb] = [registeredAt(a), registeredAt(b)];
  return ra === rb ? 0 : ra < rb ? -1 : 1;
}

/**
 * The family-caused delay intervals for one contact type: from each date the family cancelled
 * (`cancelled_by_family`) to the date of the next contact of the same type, whatever its status
 * (a contact entered in error was never offered, so it is skipped). A family cancellation with
 * no later offered date adds nothing yet: the length of the delay is unknown until a new date is
 * offered. No-shows and cancellations by the municipality are not family-caused.
 *
 * `window` cuts the intervals: days before `from` (the clock start) or after `until` (the day the
 * clock stopped, or today for a clock still running) are not part of the wait and do not count.
 */
export function familyDelayIntervals(
  contacts: readonly ContactFacts[],
  type: ContactType,
  window: { from?: string; until?: string } = {},
): DateInterval[] {
  const offered = contacts.filter((c) => c.type === type && c.status !== 'entered_in_error').sort(compareContacts);
  const intervals: DateInterval[] = [];
  for (let i = 0; i < offered.length - 1; i++) {
    if (offered[i].status !== 'cancelled_by_family') continue;
    let from = offered[i].date;
    let to = offered[i + 1].date;
    if (window.from !== undefined) from = maxDate(from, window.from);
    if (window.until !== undefined) to = minDate(to, window.until);
    if (to > from) intervals.push({ from, to });
  }
  return intervals;
}

/** Days covered by the intervals, each day counted once however many intervals cover it. */
export function daysCovered(intervals: readonly DateInterval[]): number {
  const sorted = [...intervals].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let total = 0;
  let reach: string | undefined;
  for (const { from, to } of sorted) {
    const start = reach !== undefined && reach > from ? reach : from;
    if (to > start) total += daysBetween(start, to);
    if (reach === undefined || to > reach) reach = to;
  }
  return total;
}
