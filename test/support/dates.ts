import { addDays, todayInDenmark } from '../../src/kernel/local-date.js';

/** Today's Danish local date, as the service sees it. */
export function todayDk(): string {
  return todayInDenmark();
}

/** A Danish local date `n` days from today (negative: in the past). */
export function dayOffset(n: number, from = todayDk()): string {
  return addDays(from, n);
}
