/**
 * Disclosure control for aggregate tables (docs/domain.md, "Anonymised extracts for the evaluation"):
 *
 *   "Aggregate tables below national level: counts 1–4 are shown as `<5` and other counts rounded
 *   to the nearest 5; a rate is hidden when its numerator or denominator is under 5; where one
 *   cell of a row is hidden and the row total is shown, hide the next-smallest cell too. National
 *   totals are not rounded."
 *
 * Plain functions over plain numbers. Each returns what may be published, never the true value
 * of anything it hides or rounds, so a writer cannot leak it by accident.
 */

export const DISCLOSURE_LEVELS = ['municipality', 'region', 'national'] as const;
export type DisclosureLevel = (typeof DISCLOSURE_LEVELS)[number];

export type SuppressionReason = 'small_count' | 'secondary' | 'small_denominator';

/** One published figure. */
export interface Suppressed {
  /** The number that may be published (a rounded count, a rate as a fraction 0–1); null when hidden. */
  value: number | null;
  /** How a person reads it: `'<5'`, `'..'`, `'15'`, `'12.5%'`, or `''` for a rate of nothing. */
  display: string;
  suppressed: boolean;
  reason?: SuppressionReason;
}

/** A count of 1–4. */
export const SMALL_COUNT_MARKER = '<5';
/** Anything else withheld: a secondary cell or a rate (Danmarks Statistik writes `..` for confidential figures). */
export const HIDDEN_MARKER = '..';
export const SUPPRESSION_MARKERS: readonly string[] = [SMALL_COUNT_MARKER, HIDDEN_MARKER];

/**
 * The small-number threshold: counts, rate terms and the number of values behind a median under
 * this are small (docs/domain.md: "counts 1–4", "under 5").
 */
export const SMALL_NUMBER_THRESHOLD = 5;
/** Counts below national level are published rounded to a multiple of this. */
const ROUNDING_BASE = 5;
/** Rates are published to 0.1 percentage point. */
const RATE_DECIMALS = 3;

function assertCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${n}`);
}

const shown = (value: number, display = String(value)): Suppressed => ({ value, display, suppressed: false });
/** Only a count of 1–4 reads `<5`; a hidden rate or a secondary cell could be anything, so it reads `..`. */
const hidden = (reason: SuppressionReason, display = HIDDEN_MARKER): Suppressed => ({ value: null, display, suppressed: true, reason });

/**
 * A count as it may be published at `level`.
 * National: unchanged. Below: 0 stays 0 (nobody can be singled out among none, and an empty
 * cell is information the evaluation needs), 1–4 become `<5`, and 5 and over are rounded to the
 * nearest 5 (7 → 5, 8 → 10; an integer is never exactly half-way, so no tie rule is needed).
 */
export function suppressCount(n: number, level: DisclosureLevel): Suppressed {
  assertCount(n, 'A count');
  if (level === 'national') return shown(n);
  if (n === 0) return shown(0);
  if (n < SMALL_NUMBER_THRESHOLD) return hidden('small_count', SMALL_COUNT_MARKER);
  return shown(Math.round(n / ROUNDING_BASE) * ROUNDING_BASE);
}

/**
 * A rate `numerator / denominator` as it may be published at `level`, decided on the true,
 * unrounded counts. Below national level it is hidden when the denominator is under 5
 * (`small_denominator`, checked first) or the numerator is under 5 (`small_count`). "Under 5"
 * is read literally, so a numerator of 0 hides the rate too. A rate over a denominator of 0 does
 * not exist: at national level it is published empty (`value` null, `display` ''), below it is
 * hidden like any small denominator.
 */
export function suppressRate(numerator: number, denominator: number, level: DisclosureLevel): Suppressed {
  assertCount(numerator, 'A rate numerator');
  assertCount(denominator, 'A rate denominator');
  if (numerator > denominator) throw new RangeError(`A rate numerator (${numerator}) exceeds its denominator (${denominator})`);
  if (level !== 'national') {
    if (denominator < SMALL_NUMBER_THRESHOLD) return hidden('small_denominator');
    if (numerator < SMALL_NUMBER_THRESHOLD) return hidden('small_count');
  }
  if (denominator === 0) return { value: null, display: '', suppressed: false };
  const rate = Number((numerator / denominator).toFixed(RATE_DECIMALS));
  return shown(rate, `${(rate * 100).toFixed(RATE_DECIMALS - 2)}%`);
}

export interface RowCell {
  key: string;
  value: number;
}

export type SuppressedCell = Suppressed & { key: string };

export interface SuppressedRow {
  /** The cells in the order given. */
  cells: SuppressedCell[];
  /** The row total as published; null when no total was given. */
  total: Suppressed | null;
}

/**
 * One row of counts (cells and, when published, their total) as it may be published at `level`.
 *
 * Each cell and the total go through `suppressCount`. Then the secondary rule: when exactly one
 * cell is hidden and the total is shown, the smallest other cell with a true value above 0 is
 * hidden too (`secondary`), so the hidden cell cannot be recovered as total − the others.
 * - Ties on the smallest value go to the key that sorts first (code-point order): the choice
 *   depends on the data only, never on the order rows happen to arrive in, so two releases of
 *   the same table hide the same cells.
 * - A 0 is never chosen: a zero is often known anyway (a combination that cannot occur), and
 *   hiding it leaves the small cell as the only possible holder of the difference.
 * - When no other cell is above 0, the total equals the hidden cell and is itself 1–4 (so `<5`),
 *   unless the total counts more than the cells; then nothing can cover the hidden cell and the
 *   total is hidden instead (`secondary`).
 * - With two or more cells hidden, only their sum can be worked out; the rule ("one cell")
 *   asks nothing more, and nothing more is done.
 * - No total, a hidden total, or no hidden cell: nothing more is done. National: nothing at all.
 */
export function suppressRow(cells: readonly RowCell[], total: number | undefined, level: DisclosureLevel): SuppressedRow {
  const keys = new Set(cells.map((c) => c.key));
  if (keys.size !== cells.length) throw new RangeError('Row cells must have distinct keys');
  const published: SuppressedCell[] = cells.map((c) => ({ key: c.key, ...suppressCount(c.value, level) }));
  const publishedTotal = total === undefined ? null : suppressCount(total, level);
  const primary = published.filter((c) => c.suppressed);
  if (level === 'national' || publishedTotal === null || publishedTotal.suppressed || primary.length !== 1) {
    return { cells: published, total: publishedTotal };
  }
  const candidates = cells
    .filter((c, i) => !published[i].suppressed && c.value > 0)
    .sort((a, b) => a.value - b.value || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (candidates.length === 0) return { cells: published, total: hidden('secondary') };
  const cover = candidates[0].key;
  return {
    cells: published.map((c) => (c.key === cover ? { key: c.key, ...hidden('secondary') } : c)),
    total: publishedTotal,
  };
}

/**
 * True when a statistic over `n` values (a median, a 90th percentile) must be hidden at `level`:
 * below national level when it rests on fewer than SMALL_NUMBER_THRESHOLD values. `null` is the
 * caller who may see exact figures (a manager on their own municipalities). Each output writes a
 * hidden statistic its own way (`null` in the reports, `..` in the indicators and extracts).
 */
export function restsOnTooFew(n: number, level: DisclosureLevel | null): boolean {
  return level !== null && level !== 'national' && n < SMALL_NUMBER_THRESHOLD;
}

/** What a table writer puts in a cell: the number when shown (the format picks its decimal mark), else the marker. */
export function publishedValue(figure: Suppressed): number | string | null {
  return figure.suppressed ? figure.display : figure.value;
}
