import type { components } from '../../api/schema.js';
import { halfYearParam, lastCompleteHalfYear } from '../../reports/period.js';
import { da } from '../../texts.da.js';

export type ComparisonReport = components['schemas']['ComparisonResponseDto'];
export type ComparedMunicipality = ComparisonReport['municipalities'][number];
export type Position = NonNullable<ComparedMunicipality['position']>;

/** The national targets a comparison is made for (a municipality's own target exists for it alone). */
export const COMPARED_TARGETS = ['pre_conversation_14d', 'screening_30d'] as const;
export type ComparedTarget = (typeof COMPARED_TARGETS)[number];

/** From above the upper 99.8 % limit to below the lower one. */
export const POSITIONS = ['above_99_8', 'above_95', 'within', 'below_95', 'below_99_8'] as const satisfies readonly Position[];

/** The screen's filters in the URL (?target=screening_30d&period=2026H1). */
export interface ComparisonSearch {
  target?: ComparedTarget;
  period?: string;
}

export function parseComparisonSearch(search: Record<string, unknown>): ComparisonSearch {
  const out: ComparisonSearch = {};
  if ((COMPARED_TARGETS as readonly unknown[]).includes(search.target)) out.target = search.target as ComparedTarget;
  const period = halfYearParam(search.period);
  if (period) out.period = period;
  return out;
}

/** The API query (GET /api/v1/reports/comparison): by default the first target and the last half-year that has ended. */
export function comparisonQuery(search: ComparisonSearch, today: string): { target: ComparedTarget; period: string } {
  return { target: search.target ?? 'pre_conversation_14d', period: search.period ?? lastCompleteHalfYear(today) };
}

/** A municipality drawn in the funnel: one with a published rate and denominator. */
export interface FunnelPoint {
  code: string;
  name: string;
  judged: number;
  rate: number;
  position: Position;
  /** One of the user's own municipalities (named on the chart). */
  own: boolean;
}

/**
 * The points the chart draws. A municipality whose rate or number of courses is hidden (`<5`,
 * `..`) is not drawn: its place would say what the publication hides. The table lists it.
 */
export function funnelPoints(municipalities: readonly ComparedMunicipality[], mine: readonly string[]): FunnelPoint[] {
  return municipalities.flatMap((m) =>
    typeof m.judged === 'number' && typeof m.rate === 'number' && m.position
      ? [{ code: m.code, name: m.name, judged: m.judged, rate: m.rate, position: m.position as Position, own: mine.includes(m.code) }]
      : [],
  );
}

/** The table's order: by name, Danish alphabet (Æ, Ø, Å last). */
export function byName(municipalities: readonly ComparedMunicipality[]): ComparedMunicipality[] {
  return [...municipalities].sort((a, b) => a.name.localeCompare(b.name, 'da'));
}

/** How many municipalities lie where, for the summary above the chart. */
export function positionCounts(municipalities: readonly ComparedMunicipality[]): Record<Position | 'hidden', number> {
  const counts = { above_99_8: 0, above_95: 0, within: 0, below_95: 0, below_99_8: 0, hidden: 0 };
  for (const m of municipalities) counts[(m.position as Position | null) ?? 'hidden']++;
  return counts;
}

/** A point's place in words (colour and shape are never the only signal). */
export function positionLabel(position: string | null, texts = da): string {
  return position ? texts.comparison.positions[position as Position] : texts.comparison.notPlaced;
}
