import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import fc from 'fast-check';
import { DANISH_TIME_ZONE } from '../../src/kernel/local-date.js';
import { fhirDateTime, fhirInstant } from '../../src/kl-reporting/kl-time.js';

dayjs.extend(utc);
dayjs.extend(timezone);

describe(fhirDateTime.name, () => {
  it.each<[string, string, string | null, string]>([
    ['summer time is +02:00', '2025-05-14', '09:12:05', '2025-05-14T09:12:05+02:00'],
    ['winter time is +01:00', '2025-11-08', '16:36:22', '2025-11-08T16:36:22+01:00'],
    ['HH:mm gets :00 seconds', '2025-06-02', '15:06', '2025-06-02T15:06:00+02:00'],
    ['the last summer-time minute before the October change', '2025-10-26', '01:59', '2025-10-26T01:59:00+02:00'],
    ['the first standard-time hour after it', '2025-10-26', '03:00', '2025-10-26T03:00:00+01:00'],
    ['the repeated hour is read as the standard-time one', '2025-10-26', '02:30', '2025-10-26T02:30:00+01:00'],
    ['the hour skipped in March moves forward by the gap', '2025-03-30', '02:30', '2025-03-30T03:30:00+02:00'],
    ['just after midnight stays on its local date (not the previous UTC day)', '2025-06-01', '00:15', '2025-06-01T00:15:00+02:00'],
    ['without a time, the date alone', '2025-06-01', null, '2025-06-01'],
    ['New Year’s Eve late evening stays in the old year', '2025-12-31', '23:59:59', '2025-12-31T23:59:59+01:00'],
  ])('%s', (_name, date, time, expected) => {
    expect(fhirDateTime({ date, time })).toBe(expected);
  });

  it.each([
    ['2025-02-30', null],
    ['2025-06-01', '24:00'],
    ['2025-06-01', '9:15'],
    ['01-06-2025', null],
  ])('refuses %s %s', (date, time) => {
    expect(() => fhirDateTime({ date, time })).toThrow(RangeError);
  });
});

describe(fhirInstant.name, () => {
  it.each([
    ['2025-05-14T21:45:51.123Z', '2025-05-14T23:45:51+02:00'],
    ['2025-11-08T22:45:51Z', '2025-11-08T23:45:51+01:00'],
    ['2025-06-30T22:30:00Z', '2025-07-01T00:30:00+02:00'],
    // The last second before, and the first after, each change of the clock.
    ['2025-03-30T00:59:59.999Z', '2025-03-30T01:59:59+01:00'],
    ['2025-03-30T01:00:00Z', '2025-03-30T03:00:00+02:00'],
    ['2025-10-26T00:59:59Z', '2025-10-26T02:59:59+02:00'],
    ['2025-10-26T01:00:00Z', '2025-10-26T02:00:00+01:00'],
  ])('%s is the instant %s (seconds and zone)', (at, expected) => {
    const instant = fhirInstant(new Date(at));
    expect(instant).toBe(expected);
    expect(Date.parse(instant)).toBe(Math.floor(Date.parse(at) / 1000) * 1000);
  });
});

describe(`${fhirInstant.name} against the tz database`, () => {
  it('writes any moment from 2000 to 2100 as dayjs converting it with the tz database does', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(fhirInstant(new Date(ms))).toBe(dayjs(ms).tz(DANISH_TIME_ZONE).format('YYYY-MM-DDTHH:mm:ssZ'));
      }),
      { numRuns: 2000 },
    );
  });
});
