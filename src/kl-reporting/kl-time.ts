/**
 * Times in the KL delivery: Danish local dates and times with their offset (KL-LTT "Times" in
 * docs/kl-reporting.md). A moment recorded with a wall-clock time becomes a FHIR `dateTime` with the
 * Copenhagen offset of that date (`2025-05-14T09:12:05+02:00`, `+01:00` in winter, computed by the
 * tz database so daylight saving is right); one recorded without a time stays a date
 * (`2025-05-14`), never midnight shifted into the previous UTC day.
 */
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { DANISH_TIME_ZONE, isLocalDate } from '../kernel/local-date.js';
import type { KlLocalMoment } from './kl-course.js';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/**
 * The FHIR `dateTime` of a Danish local moment. A wall-clock time that does not exist (the hour
 * skipped when summer time starts) moves forward by the gap, as the tz database does; one that
 * exists twice (the hour repeated in October) is read as the second, standard-time one (dayjs' reading).
 */
export function fhirDateTime(moment: KlLocalMoment): string {
  if (!isLocalDate(moment.date)) throw new RangeError(`Not a local date: ${JSON.stringify(moment.date)}`);
  if (moment.time === null) return moment.date;
  const match = TIME.exec(moment.time);
  if (!match) throw new RangeError(`Not a time HH:mm or HH:mm:ss: ${JSON.stringify(moment.time)}`);
  const clock = `${match[1]}:${match[2]}:${match[3] ?? '00'}`;
  // The tz lookup is slow (Intl); a day whose offset is the same at its first and last minute has
  // that offset all day, so it is looked up once per date. Days with a change are computed exactly.
  const offset = steadyOffset(moment.date);
  if (offset) return `${moment.date}T${clock}${offset}`;
  return dayjs.tz(`${moment.date} ${clock}`, 'YYYY-MM-DD HH:mm:ss', DANISH_TIME_ZONE).format('YYYY-MM-DDTHH:mm:ssZ');
}

const offsets = new Map<string, string | null>();

/** The Copenhagen offset of a date with no daylight-saving change, or null on the two days a year that have one. */
function steadyOffset(date: string): string | null {
  let offset = offsets.get(date);
  if (offset === undefined) {
    const at = (time: string) => dayjs.tz(`${date} ${time}`, 'YYYY-MM-DD HH:mm:ss', DANISH_TIME_ZONE).format('Z');
    const first = at('00:00:00');
    offset = first === at('23:59:59') ? first : null;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(date, offset);
  }
  return offset;
}

const MS_PER_HOUR = 3_600_000;
const offsetOfUtcHour = new Map<number, number>();

/**
 * A FHIR `instant` (seconds and zone) in Danish local time, for `Bundle.timestamp`. Copenhagen's
 * offset is a whole number of hours and changes only on a whole UTC hour (src/kernel/local-date.ts),
 * so the tz database (Intl, slow) is asked once per UTC hour for the offset, and the moment is
 * then written with it.
 */
export function fhirInstant(at: Date): string {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  const hour = Math.floor(ms / MS_PER_HOUR);
  let offset = offsetOfUtcHour.get(hour);
  if (offset === undefined) {
    offset = dayjs(hour * MS_PER_HOUR)
      .tz(DANISH_TIME_ZONE)
      .utcOffset();
    if (offsetOfUtcHour.size >= 10_000) offsetOfUtcHour.clear();
    offsetOfUtcHour.set(hour, offset);
  }
  return dayjs.utc(ms).utcOffset(offset).format('YYYY-MM-DDTHH:mm:ssZ');
}
