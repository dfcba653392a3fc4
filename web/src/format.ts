/**
 * Danish numbers and dates with Intl, as pure functions. API dates are Danish local dates
 * written YYYY-MM-DD; they are formatted as calendar dates (UTC noon), never shifted by the
 * browser's time zone.
 */
const LOCALE = 'da-DK';

const number = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const longDate = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortDate = new Intl.DateTimeFormat(LOCALE, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
const clock = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' });
const danishDay = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Copenhagen' });

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function calendarDate(date: string): Date | undefined {
  const m = LOCAL_DATE.exec(date);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  // Reject dates that do not exist (2025-02-30 would roll over to March).
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 ? d : undefined;
}

/** 1234.5 → "1.234,5" */
export function formatNumber(value: number): string {
  return number.format(value);
}

/** A share 0..1 → "87,3 %" */
export function formatPercent(share: number): string {
  return percent.format(share);
}

/** "2026-03-05" → "5. marts 2026"; anything else is returned as given. */
export function formatDate(date: string): string {
  const d = calendarDate(date);
  return d ? longDate.format(d) : date;
}

/** "2026-03-05" → "05.03.2026", for compact tables. */
export function formatShortDate(date: string): string {
  const d = calendarDate(date);
  return d ? shortDate.format(d) : date;
}

/** An instant ("2026-03-05T23:30:00Z") → its Danish local date, "6. marts 2026"; anything else as given. */
export function formatInstantDate(instant: string): string {
  const d = new Date(instant);
  return /^\d{4}-\d{2}-\d{2}T/.test(instant) && !Number.isNaN(d.getTime()) ? danishDay.format(d) : instant;
}

/** An instant → "14.05" in Danish time. */
export function formatClock(instant: Date): string {
  return clock.format(instant);
}

/**
 * A date as typed in Danish, "5.3.2026", "05.03.2026", "05-03-2026", "05032026" (or already
 * "2026-03-05"), as the API's YYYY-MM-DD; undefined when it is no real date. The form then sends
 * what was typed, and the service's validation says what is wrong.
 */
export function danishDateToIso(typed: string): string | undefined {
  const text = typed.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const dk = /^(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{4})$/.exec(text) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : dk ? [dk[3], dk[2].padStart(2, '0'), dk[1].padStart(2, '0')] : [];
  if (!year) return undefined;
  const candidate = `${year}-${month}-${day}`;
  return calendarDate(candidate) ? candidate : undefined;
}

const monthYear = new Intl.DateTimeFormat(LOCALE, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat(LOCALE, {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Copenhagen',
});
const signedNumber = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const signedPercent = new Intl.NumberFormat(LOCALE, {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});

/** "2026-03" → "marts 2026"; anything else as given. */
export function formatMonth(month: string): string {
  const d = calendarDate(`${month}-01`);
  return d && /^\d{4}-\d{2}$/.test(month) ? monthYear.format(d) : month;
}

/** An instant ("2026-03-05T13:04:00Z") → "05.03.2026 14.04" in Danish time; anything else as given. */
export function formatDateTime(instant: string): string {
  const d = new Date(instant);
  return Number.isNaN(d.getTime()) ? instant : dateTime.format(d);
}

/** A change: 2.5 → "+2,5", −1 → "−1", 0 → "0". */
export function formatSignedNumber(value: number): string {
  return signedNumber.format(value);
}

/** A relative change: 0.061 → "+6,1 %". */
export function formatSignedPercent(share: number): string {
  return signedPercent.format(share);
}

/** Today's Danish local date (YYYY-MM-DD), whatever the browser's own time zone. */
export function todayInDenmark(now: Date = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** A byte count: 2411520 → "2,3 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${number.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} KB`;
  return `${number.format(bytes / (1024 * 1024))} MB`;
}
