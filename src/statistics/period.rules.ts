/**
 * The periods indicators are published for. The parties follow the offer twice a year
 * (docs/domain.md, "Monitoring indicators"), so the half-year (`2025H2`) is the unit; quarters
 * (`2025Q3`) and whole years (`2025`) are read too. Plain functions over `YYYY-MM-DD` dates.
 */

export type PeriodKind = 'half_year' | 'quarter' | 'year';

export interface Period {
  /** Canonical label: `2025H2`, `2025Q3` or `2025`. */
  label: string;
  kind: PeriodKind;
  year: number;
  /** First and last Danish local date of the period, inclusive. */
  from: string;
  to: string;
  /** Length in months: 6, 3 or 12. */
  months: number;
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const PERIOD = /^(\d{4})(?:-?([HQ])([1-4]))?$/;
const HALF_YEAR = /^(\d{4})-?H([12])$/;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function periodOf(year: number, firstMonth: number, months: number, kind: PeriodKind, label: string): Period {
  const lastMonth = firstMonth + months - 1;
  return {
    label,
    kind,
    year,
    from: `${year}-${pad(firstMonth)}-01`,
    to: `${year}-${pad(lastMonth)}-${pad(lastDayOf(year, lastMonth))}`,
    months,
  };
}

/** The half-year `half` (1 or 2) of `year`. */
export function halfYear(year: number, half: 1 | 2): Period {
  return periodOf(year, half === 1 ? 1 : 7, 6, 'half_year', `${year}H${half}`);
}

/**
 * Reads `2025H2`, `2025Q3` or `2025` (also `2025-H2`, `2025-Q3`, lower case); null for anything
 * else, including years outside 2000–2100.
 */
export function parsePeriod(text: string): Period | null {
  const match = PERIOD.exec(text.trim().toUpperCase());
  if (!match) return null;
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  const [, , unit, n] = match;
  if (!unit) return periodOf(year, 1, 12, 'year', String(year));
  const index = Number(n);
  if (unit === 'H') return index <= 2 ? halfYear(year, index as 1 | 2) : null;
  return periodOf(year, (index - 1) * 3 + 1, 3, 'quarter', `${year}Q${index}`);
}

/** Reads a half-year label only (`2025H2` or `2025-H2`); null for anything else. */
export function parseHalfYear(text: string): Period | null {
  const match = HALF_YEAR.exec(text.trim().toUpperCase());
  if (!match) return null;
  return parsePeriod(`${match[1]}H${match[2]}`);
}

/** The half-year holding `date` (`YYYY-MM-DD`). */
export function halfYearContaining(date: string): Period {
  return halfYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) <= 6 ? 1 : 2);
}

/** The half-year before `period`'s half-year. */
export function previousHalfYear(period: Period): Period {
  const current = halfYearContaining(period.from);
  return current.label.endsWith('H2') ? halfYear(current.year, 1) : halfYear(current.year - 1, 2);
}

/**
 * The last half-year that has ended by `today` (Danish local date): on 15 February 2026 it is
 * 2025H2; on 1 July 2026 it is 2026H1 (30 June was its last day).
 */
export function lastCompleteHalfYear(today: string): Period {
  return previousHalfYear(halfYearContaining(today));
}

/** True when the period's last day is before `today`. */
export function isComplete(period: Period, today: string): boolean {
  return period.to < today;
}

/** The half-years from `from` to `to`, both included, in order; empty when `to` is before `from`. */
export function halfYearsBetween(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let h = halfYearContaining(from.from); h.from <= to.from; h = nextHalfYear(h)) out.push(h);
  return out;
}

function nextHalfYear(period: Period): Period {
  return period.label.endsWith('H1') ? halfYear(period.year, 2) : halfYear(period.year + 1, 1);
}

/**
 * The calendar half-year that [from, to] is exactly, or null. Below national level evaluators see
 * figures only for whole half-years (docs/metrics.md, "Disclosure control across outputs"): two
 * overlapping periods would give the courses of their difference.
 */
export function wholeHalfYear(from: string, to: string): Period | null {
  const half = halfYearContaining(from);
  return half.from === from && half.to === to ? half : null;
}
