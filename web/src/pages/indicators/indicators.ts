import type { components } from '../../api/schema.js';
import type { FigureKind } from '../../reports/figures.js';
import { halfYearParam, lastCompleteHalfYear, regionParam } from '../../reports/period.js';
import { da } from '../../texts.da.js';

export type IndicatorsReport = components['schemas']['IndicatorsReport'];
export type IndicatorArea = components['schemas']['IndicatorAreaView'];
export type IndicatorCell = components['schemas']['CellIndicatorsView'];
export type IndicatorFigure = components['schemas']['IndicatorFigureView'];
type IndicatorName = keyof components['schemas']['IndicatorValues'];
type Destination = keyof components['schemas']['ReferralIndicatorValues'];

/** Every monitoring indicator in the order docs/metrics.md lists them, with how it is written. */
export const INDICATORS = [
  ['firstContacts', 'count'],
  ['firstContactsPer100kCitizens', 'per100k'],
  ['firstContactsPer100kChildren', 'per100k'],
  ['shareReachingPreConversation', 'share'],
  ['shareReachingScreening', 'share'],
  ['shareReachingTreatment', 'share'],
  ['shareCompleted', 'share'],
  ['medianDaysFirstContactToPreConversation', 'days'],
  ['medianDaysFirstContactToScreening', 'days'],
  ['medianDaysPreConversationToScreening', 'days'],
  ['medianDaysScreeningToFirstTreatment', 'days'],
  ['compliancePreConversation14d', 'share'],
  ['complianceScreening30d', 'share'],
  ['dropOutShare', 'share'],
] as const satisfies readonly (readonly [IndicatorName, FigureKind])[];

export const DESTINATIONS = [
  'home_municipality_offer',
  'other_municipality_126a',
  'gp',
  'child_psychiatry',
  'civil_society',
  'other',
] as const satisfies readonly Destination[];

export type IndicatorKey = (typeof INDICATORS)[number][0] | `referral.${Destination}`;

/** The cells of an area: everyone, by age group, by sex (docs/metrics.md, "Areas and cells"). */
export const CELLS = [
  'all',
  'age:5-9',
  'age:10-13',
  'age:14-17',
  'age:outside_range',
  'age:unknown',
  'sex:female',
  'sex:male',
  'sex:unknown',
] as const;
export type CellKey = (typeof CELLS)[number];

export const LEVELS = ['municipality', 'region', 'national'] as const;
export type Level = (typeof LEVELS)[number];

/** The screen's filters in the URL. */
export interface IndicatorsSearch {
  period?: string;
  level?: Level;
  region?: string;
  indicator?: IndicatorKey;
  area?: string;
  cell?: CellKey;
}

const INDICATOR_KEYS: readonly string[] = [...INDICATORS.map(([k]) => k), ...DESTINATIONS.map((d) => `referral.${d}`)];

export function parseIndicatorsSearch(search: Record<string, unknown>): IndicatorsSearch {
  const out: IndicatorsSearch = {};
  const period = halfYearParam(search.period);
  if (period) out.period = period;
  if ((LEVELS as readonly unknown[]).includes(search.level)) out.level = search.level as Level;
  const region = regionParam(search.region);
  if (region) out.region = region;
  if (INDICATOR_KEYS.includes(String(search.indicator))) out.indicator = search.indicator as IndicatorKey;
  const area = String(search.area ?? '');
  if (/^(\d{3}|108[1-5]|DK)$/.test(area)) out.area = area;
  if ((CELLS as readonly unknown[]).includes(search.cell)) out.cell = search.cell as CellKey;
  return out;
}

/**
 * The API query (GET /api/v1/indicators): managers see their own municipalities, at
 * municipality level only; evaluators any level, a region narrowing it (not the nation).
 */
export function indicatorsQuery(search: IndicatorsSearch, today: string, evaluator: boolean) {
  const period = search.period ?? lastCompleteHalfYear(today);
  if (!evaluator) return { period, level: 'municipality' as const };
  const level = search.level ?? 'national';
  return { period, level, ...(search.region && level !== 'national' ? { region: search.region } : {}) };
}

/** How an indicator is written. */
export function indicatorKind(key: IndicatorKey): FigureKind {
  if (key.startsWith('referral.')) return 'count';
  return INDICATORS.find(([k]) => k === key)![1];
}

/** The indicator's Danish name. */
export function indicatorLabel(key: IndicatorKey, texts = da): string {
  if (key.startsWith('referral.')) return texts.indicators.referral(texts.values.referralDestination[key.slice('referral.'.length)]);
  return texts.indicators.names[key as IndicatorName];
}

/** One cell of an area. */
export function cellOf(area: IndicatorArea, cell: CellKey): IndicatorCell {
  if (cell === 'all') return area.all;
  const [kind, key] = cell.split(':') as ['age' | 'sex', string];
  return kind === 'age' ? area.byAgeGroup[key as keyof IndicatorArea['byAgeGroup']] : area.bySex[key as keyof IndicatorArea['bySex']];
}

/** The cell's Danish name. */
export function cellLabel(cell: CellKey, texts = da): string {
  if (cell === 'all') return texts.indicators.allCell;
  const [kind, key] = cell.split(':');
  return kind === 'age' ? texts.values.ageGroup[key] : texts.values.sexGroup[key];
}

/** One indicator of a cell (value, baseline, change). */
export function figureOf(cell: IndicatorCell, key: IndicatorKey): IndicatorFigure {
  return key.startsWith('referral.')
    ? cell.referralDestinations[key.slice('referral.'.length) as Destination]
    : cell.indicators[key as IndicatorName];
}

/** Every indicator key, the monitoring indicators first, then referrals by destination. */
export const ALL_INDICATOR_KEYS = INDICATOR_KEYS as readonly IndicatorKey[];
