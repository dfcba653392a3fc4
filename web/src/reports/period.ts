/**
 * Periods and scopes of the reports, as pure functions over Danish local dates written
 * YYYY-MM-DD (no Date arithmetic: months are counted on the numbers themselves).
 */

/** The offer began in 2024 (sundhedsloven § 126 a); no report period starts before it. */
export const FIRST_DATE = '2024-01-01';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** A YYYY-MM-DD that names a real day. */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return m >= 1 && m <= 12 && d >= 1 && d <= days;
}

/** A month `n` months from `month` (YYYY-MM). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** The default cohort: this month and the eleven before it, up to today (never before 2024). */
export function defaultPeriod(today: string): { from: string; to: string } {
  const from = `${addMonths(today.slice(0, 7), -11)}-01`;
  return { from: from < FIRST_DATE ? FIRST_DATE : from, to: today };
}

/** Every month from `from`'s to `to`'s (YYYY-MM), in order; empty when to is before from. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7) && months.length < 240; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** A 3-digit municipality code from the URL (a number loses its leading zeros on the way). */
export function municipalityParam(value: unknown): string | undefined {
  const code = typeof value === 'number' ? String(value).padStart(3, '0') : value;
  return typeof code === 'string' && /^\d{3}$/.test(code) ? code : undefined;
}

/** A region code 1081–1085 from the URL. */
export function regionParam(value: unknown): string | undefined {
  const code = String(value ?? '');
  return /^108[1-5]$/.test(code) ? code : undefined;
}

/** The half-years from 2024H1 to the one `today` falls in, newest first. */
export function halfYearsUntil(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const current = `${year}H${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`;
  const out: string[] = [];
  for (let y = year; y >= 2024; y--) for (const h of ['H2', 'H1']) if (`${y}${h}` <= current) out.push(`${y}${h}`);
  return out;
}

/** The last half-year that has ended by `today` (the indicators' default period). */
export function lastCompleteHalfYear(today: string): string {
  const year = Number(today.slice(0, 4));
  return Number(today.slice(5, 7)) <= 6 ? `${year - 1}H2` : `${year}H1`;
}

/** A half-year label YYYYH1|YYYYH2 from the URL (also 2025-H2 and lower case). */
export function halfYearParam(value: unknown): string | undefined {
  const m = /^(\d{4})-?[Hh]([12])$/.exec(String(value ?? ''));
  return m && Number(m[1]) >= 2024 ? `${m[1]}H${m[2]}` : undefined;
}

/** The half-years that have ended by `today`, oldest first (what a baseline may be made of). */
export function completeHalfYears(today: string): string[] {
  const last = lastCompleteHalfYear(today);
  return halfYearsUntil(today)
    .filter((h) => h <= last)
    .reverse();
}

/** A half-year's first and last day: 2026H1 → 2026-01-01 to 2026-06-30. */
export function halfYearBounds(label: string): { from: string; to: string } {
  const year = label.slice(0, 4);
  return label.endsWith('H1') ? { from: `${year}-01-01`, to: `${year}-06-30` } : { from: `${year}-07-01`, to: `${year}-12-31` };
}

/** The calendar half-year that [from, to] is exactly, or undefined. */
export function wholeHalfYearOf(from: string, to: string): string | undefined {
  const label = `${from.slice(0, 4)}H${Number(from.slice(5, 7)) <= 6 ? 1 : 2}`;
  const bounds = halfYearBounds(label);
  return bounds.from === from && bounds.to === to ? label : undefined;
}
