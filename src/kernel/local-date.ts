/**
 * Danish local dates (`YYYY-MM-DD`, Europe/Copenhagen) and the day arithmetic on them.
 *
 * docs/domain.md, "Service targets": "Days are calendar days between Danish local dates
 * (Europe/Copenhagen) … Times of day and daylight-saving changes never move a date: a contact
 * at 23:30 local time belongs to that local date." So an instant is turned into its Copenhagen
 * calendar date once, at the edge (dayjs, Europe/Copenhagen), and every count after that is done
 * on date-only values at UTC midnight, where every day is exactly 24 hours long. (Day arithmetic on
 * those values is done here, once, with UTC milliseconds rather than dayjs: it is on the hot path
 * of every summary and the synthetic loader, and dayjs is four times slower for the same result.)
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DANISH_TIME_ZONE = 'Europe/Copenhagen';

const MS_PER_DAY = 86_400_000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 / PostgreSQL `timestamptz` text: date, time, and an optional `Z`, `±hh`, `±hhmm` or `±hh:mm`. */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:(Z)|([+-]\d{2}):?(\d{2})?)?$/i;

/** UTC midnight of a `YYYY-MM-DD` date, in milliseconds; throws on anything but a real date. */
function utcMidnight(date: string): number {
  const match = DATE_ONLY.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`Not a real date: ${date}`);
  }
  return ms;
}

function fromUtcMidnight(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(value: string): boolean {
  try {
    utcMidnight(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Copenhagen calendar date of an instant. A `Date` or an ISO timestamp with `Z` or an
 * offset is an instant; a timestamp without an offset is read as Copenhagen wall-clock time;
 * a bare `YYYY-MM-DD` is already a local date and comes back unchanged.
 */
export function localDateOf(instant: Date | string): string {
  if (typeof instant === 'string') {
    if (DATE_ONLY.test(instant)) {
      utcMidnight(instant);
      return instant;
    }
    const match = TIMESTAMP.exec(instant);
    if (!match) throw new RangeError(`Not an ISO timestamp: ${JSON.stringify(instant)}`);
    const [, date, time, zulu, offsetHours, offsetMinutes] = match;
    utcMidnight(date);
    const offset = zulu ? 'Z' : offsetHours ? `${offsetHours}:${offsetMinutes ?? '00'}` : undefined;
    // Copenhagen wall-clock time: its date is the local date, whatever the time of day.
    if (offset === undefined) {
      if (Number.isNaN(Date.parse(`${date}T${time}Z`))) throw new RangeError(`Not an ISO timestamp: ${JSON.stringify(instant)}`);
      return date;
    }
    return localDateOf(new Date(`${date}T${time}${offset}`));
  }
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
  return dayjs(instant).tz(DANISH_TIME_ZONE).format('YYYY-MM-DD');
}

/** Today's date in Denmark (the date a Danish caseworker sees on the wall calendar). */
export function todayInDenmark(now: Date = new Date()): string {
  return localDateOf(now);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier): `to − from`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / MS_PER_DAY);
}

/** The date `n` calendar days after `date` (before it when `n` is negative). */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
  return fromUtcMidnight(utcMidnight(date) + n * MS_PER_DAY);
}

/** The date `n` calendar years after `date`; 29 February becomes 28 February in a common year. */
export function addYears(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of years: ${n}`);
  utcMidnight(date);
  return dayjs.utc(date).add(n, 'year').format('YYYY-MM-DD');
}

/** The earlier of two dates. */
export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}

/** The later of two dates. */
export function maxDate(a: string, b: string): string {
  return a >= b ? a : b;
}
