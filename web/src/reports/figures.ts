import type { components } from '../api/schema.js';
import { formatNumber, formatPercent, formatSignedNumber, formatSignedPercent } from '../format.js';

/**
 * The reports' figures as the page writes them. The API publishes counts exactly for a
 * manager's own municipalities and nationally, and below national level for evaluators as
 * `<5` or rounded to 5 (docs/metrics.md, "Small numbers for evaluators"); a rate or a median
 * that does not exist, or is hidden, is null in the reports and `..` in the indicators.
 * The page shows what was published and never computes a hidden figure back.
 */
export type PublishedCount = components['schemas']['PublishedCount'];
export type PublishedFigure = components['schemas']['PublishedFigure'];

/** What a missing figure reads as (no waits, no denominator, or hidden). */
export const NO_FIGURE = '–';

/** 1234 → "1.234"; "<5" as published. */
export function formatCount(count: PublishedCount | undefined): string {
  if (count === undefined) return '0';
  return typeof count === 'number' ? formatNumber(count) : count;
}

/** A share 0..1 → "87,5 %"; null (none, or hidden) → "–". */
export function formatShare(share: number | null | undefined): string {
  return typeof share === 'number' ? formatPercent(share) : NO_FIGURE;
}

/** Days (a median or a percentile) → "12,5"; null → "–". */
export function formatDays(days: number | null | undefined): string {
  return typeof days === 'number' ? formatNumber(days) : NO_FIGURE;
}

/** A count as a chart value: hidden counts (`<5`) are left out of the chart (the table says `<5`). */
export function chartCount(count: PublishedCount | undefined): number | null {
  if (count === undefined) return 0;
  return typeof count === 'number' ? count : null;
}

/** How an indicator is written: a count, per 100,000, a share, or days. */
export type FigureKind = 'count' | 'per100k' | 'share' | 'days';

/** An indicator's published figure: a number by its kind, `<5` and `..` as published, null → "–". */
export function formatFigure(value: PublishedFigure | undefined, kind: FigureKind): string {
  if (value === null || value === undefined) return NO_FIGURE;
  if (typeof value === 'string') return value;
  return kind === 'share' ? formatPercent(value) : formatNumber(value);
}

/** An indicator's change: shares in percentage points ("+4,0 pct.-point"), others as signed numbers. */
export function formatChange(value: number | null | undefined, kind: FigureKind): string {
  if (typeof value !== 'number') return NO_FIGURE;
  return kind === 'share' ? `${formatSignedNumber(value * 100)} pct.-point` : formatSignedNumber(value);
}

/** A relative change 0.061 → "+6,1 %"; null → "–". */
export function formatRelativeChange(value: number | null | undefined): string {
  return typeof value === 'number' ? formatSignedPercent(value) : NO_FIGURE;
}

/** An indicator's figure as a chart value: only published numbers are drawn. */
export function chartFigure(value: PublishedFigure | undefined): number | null {
  return typeof value === 'number' ? value : null;
}
