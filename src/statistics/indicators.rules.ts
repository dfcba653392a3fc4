/**
 * The monitoring indicators (docs/domain.md, "Monitoring indicators"), as plain data and plain
 * functions: what each indicator is (`INDICATORS`), how a cohort's counts become the published
 * figure at a disclosure level (`publishBucket`), and how a figure is set against its baseline
 * (`figureOf`). docs/metrics.md, "Monitoring indicators", is the prose of this file.
 *
 * The SQL (indicators.repository.ts) only counts: per area, period and cell it gives a
 * `CohortFigures`. Everything that is a rule (which denominator, what is hidden, how the baseline
 * is averaged and the change computed) is here, tested without a database.
 */
import { OFFER_AGES, REFERRAL_DESTINATIONS, type ReferralDestination } from '../kernel/course.model.js';
import { AGE_BANDS, AGE_GROUPS, type AgeGroup } from '../statistics/age-bands.js';
import type { StepWait } from '../statistics/cohort.sql.js';
import {
  HIDDEN_MARKER,
  publishedValue,
  restsOnTooFew,
  SMALL_NUMBER_THRESHOLD,
  suppressCount,
  suppressRate,
  suppressRow,
  type DisclosureLevel,
  type Suppressed,
} from '../statistics/disclosure.rules.js';
import { NATIONAL_TARGETS } from '../service-targets/target-definitions.js';
import { citizensOf, citizensSourceOf, populationAged, sumOrNull, type CitizensSource, type PopulationBand } from './population.rules.js';

/** Each age band's ages (the age groups themselves, with outside_range and unknown, are AGE_GROUPS). */ export const AGE_GROUP_AGES: Readonly<
  Partial<Record<AgeGroup, { from: number; to: number }>>
> = Object.fromEntries(AGE_BANDS.map((b) => [b.group, { from: b.from, to: b.to }]));

/** Sex as derived from the CPR number; `unknown` while the course has none. */
export const SEX_KEYS = ['female', 'male', 'unknown'] as const;
export type SexKey = (typeof SEX_KEYS)[number];

/** The cells of an area: everyone, each age group, each sex. */
export type CellKey = 'all' | `age_group:${AgeGroup}` | `sex:${SexKey}`;
export const CELL_KEYS: readonly CellKey[] = [
  'all',
  ...AGE_GROUPS.map((g) => `age_group:${g}` as const),
  ...SEX_KEYS.map((s) => `sex:${s}` as const),
];

/** Waits between steps whose median is an indicator, in days (`later − earlier`; STEP_WAITS defines them). */
export const WAITS = [
  'firstContactToPreConversation',
  'firstContactToScreening',
  'preConversationToScreening',
  'screeningToFirstTreatment',
] as const satisfies readonly StepWait[];
export type WaitName = (typeof WAITS)[number];
const WAIT_STEPS: Record<WaitName, string> = {
  firstContactToPreConversation: 'first contact to the first held pre-conversation',
  firstContactToScreening: 'first contact to the first held screening',
  preConversationToScreening: 'the first held pre-conversation to the first held screening',
  screeningToFirstTreatment: 'the first held screening to the first held treatment session',
};

/** The national targets whose compliance is an indicator. */
export const INDICATOR_TARGETS: readonly string[] = NATIONAL_TARGETS.map((t) => t.name);

/** What the SQL counts for one cohort cell (an area, a period, everyone or one age group or sex). */
export interface CohortFigures {
  firstContacts: number;
  preConversation: number;
  screening: number;
  treatment: number;
  completed: number;
  droppedOut: number;
  waits: Record<WaitName, { n: number; median: number | null }>;
  /** States as of today, per national target: the compliance rate's terms. */
  targets: Record<string, { met: number; breached: number; overdue: number }>;
  referrals: Record<ReferralDestination, number>;
}

/** What the per-100,000 indicators of a cell divide by; null where it is not known. */
export interface CellPopulation {
  citizens: number | null;
  children: number | null;
}

/** One municipality's population in one year: the loaded rows, and the default total. */
export interface MunicipalityPopulation {
  bands: readonly PopulationBand[];
  defaultTotal: number | null;
}

export interface AreaPopulation {
  cells: Record<CellKey, CellPopulation>;
  citizensSource: CitizensSource | null;
}

/**
 * The denominators of every cell of an area (one municipality, or the municipalities of a
 * region or the nation, summed; a sum is null when any member's figure is unknown):
 * - everyone: citizens = the loaded total, else the default; children = ages 5–17 loaded;
 * - an age group: children of those ages loaded (no citizen figure: the group is children);
 * - a sex: citizens and children 5–17 of that sex, loaded only (the default has no sex);
 * - outside the age range, or unknown age or sex: nothing to divide by.
 */
export function areaPopulation(members: readonly MunicipalityPopulation[]): AreaPopulation {
  const none: CellPopulation = { citizens: null, children: null };
  const cells = Object.fromEntries(CELL_KEYS.map((k) => [k, none])) as Record<CellKey, CellPopulation>;
  const sum = (f: (m: MunicipalityPopulation) => number | null) => sumOrNull(members.length ? members.map(f) : [null]);
  const loadedTotal = (m: MunicipalityPopulation) => citizensOf(m.bands, 'total');
  cells.all = {
    citizens: sum((m) => loadedTotal(m) ?? m.defaultTotal),
    children: sum((m) => populationAged(m.bands, 'total', OFFER_AGES.from, OFFER_AGES.to)),
  };
  for (const group of AGE_GROUPS) {
    const ages = AGE_GROUP_AGES[group];
    if (ages) cells[`age_group:${group}`] = { citizens: null, children: sum((m) => populationAged(m.bands, 'total', ages.from, ages.to)) };
  }
  for (const sex of ['female', 'male'] as const) {
    cells[`sex:${sex}`] = {
      citizens: sum((m) => citizensOf(m.bands, sex)),
      children: sum((m) => populationAged(m.bands, sex, OFFER_AGES.from, OFFER_AGES.to)),
    };
  }
  const sources = members.map((m) => (loadedTotal(m) !== null ? 'loaded' : m.defaultTotal !== null ? 'default' : null));
  return { cells, citizensSource: citizensSourceOf(sources) };
}

export function emptyFigures(): CohortFigures {
  return {
    firstContacts: 0,
    preConversation: 0,
    screening: 0,
    treatment: 0,
    completed: 0,
    droppedOut: 0,
    waits: Object.fromEntries(WAITS.map((w) => [w, { n: 0, median: null }])) as CohortFigures['waits'],
    targets: Object.fromEntries(INDICATOR_TARGETS.map((t) => [t, { met: 0, breached: 0, overdue: 0 }])),
    referrals: Object.fromEntries(REFERRAL_DESTINATIONS.map((d) => [d, 0])) as CohortFigures['referrals'],
  };
}

/**
 * - `count`: a number of courses or referrals; compared with the baseline scaled to the period's length.
 * - `per_100k`: the cell's first contacts per 100,000 of a population; scaled like a count.
 * - `share`: a fraction 0–1 (share of first contacts, compliance rate).
 * - `median_days`: the median of a wait in days.
 */
export type IndicatorKind = 'count' | 'per_100k' | 'share' | 'median_days';

type Measure =
  | { type: 'first_contacts' }
  | { type: 'count'; n: number }
  | { type: 'per_100k'; population: number | null }
  | { type: 'share'; numerator: number; denominator: number }
  | { type: 'median'; n: number; median: number | null };

export interface IndicatorDefinition {
  id: string;
  /** Where the figure appears in a cell: the indicators, or the referral destinations. */
  group: 'indicators' | 'referralDestinations';
  kind: IndicatorKind;
  description: string;
  measure(figures: CohortFigures, population: CellPopulation): Measure;
  /** Its cell in a cohort's publication (cohort-publication.ts): a count or rate measure, or a median's count. */
  published?: string;
}

const camel = (snake: string) => snake.replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());
const share = (numerator: number, denominator: number): Measure => ({ type: 'share', numerator, denominator });

/** Every indicator, in the order they are published. */
export const INDICATORS: readonly IndicatorDefinition[] = Object.freeze([
  {
    id: 'firstContacts',
    group: 'indicators',
    kind: 'count',
    description: 'First contacts (henvendelser) in the cohort',
    measure: () => ({ type: 'first_contacts' }),
    published: 'first_contact',
  },
  {
    id: 'firstContactsPer100kCitizens',
    group: 'indicators',
    kind: 'per_100k',
    description: 'First contacts per 100,000 citizens (population on 1 January of the period’s year)',
    measure: (_f, p) => ({ type: 'per_100k', population: p.citizens }),
  },
  {
    id: 'firstContactsPer100kChildren',
    group: 'indicators',
    kind: 'per_100k',
    description: `First contacts per 100,000 children aged ${OFFER_AGES.from}–${OFFER_AGES.to} (or of the age group), where the age breakdown is loaded`,
    measure: (_f, p) => ({ type: 'per_100k', population: p.children }),
  },
  {
    id: 'shareReachingPreConversation',
    group: 'indicators',
    kind: 'share',
    description: 'Share of first contacts with a held pre-conversation',
    measure: (f) => share(f.preConversation, f.firstContacts),
    published: 'share_pre_conversation',
  },
  {
    id: 'shareReachingScreening',
    group: 'indicators',
    kind: 'share',
    description: 'Share of first contacts with a held screening',
    measure: (f) => share(f.screening, f.firstContacts),
    published: 'share_screening',
  },
  {
    id: 'shareReachingTreatment',
    group: 'indicators',
    kind: 'share',
    description: 'Share of first contacts with a held treatment session',
    measure: (f) => share(f.treatment, f.firstContacts),
    published: 'share_treatment',
  },
  {
    id: 'shareCompleted',
    group: 'indicators',
    kind: 'share',
    description: 'Share of first contacts closed as completed',
    measure: (f) => share(f.completed, f.firstContacts),
    published: 'share_completed',
  },
  ...WAITS.map((w): IndicatorDefinition => ({
    id: `medianDays${w[0].toUpperCase()}${w.slice(1)}`,
    group: 'indicators',
    kind: 'median_days',
    description: `Median days from ${WAIT_STEPS[w]}`,
    measure: (f) => ({ type: 'median', ...f.waits[w] }),
    published: `wait_${w}_n`,
  })),
  ...INDICATOR_TARGETS.map((t): IndicatorDefinition => ({
    id: `compliance${camel(t)}`,
    group: 'indicators',
    kind: 'share',
    description: `Compliance with ${t}: met / (met + breached + overdue), states as of today`,
    measure: (f) => share(f.targets[t].met, f.targets[t].met + f.targets[t].breached + f.targets[t].overdue),
    published: `${t}.rate`,
  })),
  {
    id: 'dropOutShare',
    group: 'indicators',
    kind: 'share',
    description: 'Share of first contacts closed as dropped out',
    measure: (f) => share(f.droppedOut, f.firstContacts),
    published: 'share_dropped_out',
  },
  ...REFERRAL_DESTINATIONS.map((d): IndicatorDefinition => ({
    id: d,
    group: 'referralDestinations',
    kind: 'count',
    description: `Referrals to ${d}`,
    measure: (f) => ({ type: 'count', n: f.referrals[d] }),
    published: `referral_${d}`,
  })),
]);

/** A figure as published: a number, a marker (`<5`, `..`) where hidden, or null where it does not exist. */
export type Published = number | string | null;

/** Exact figures: a manager on their own municipalities (`null`), or anyone at national level. */
const isExact = (level: DisclosureLevel | null) => level === null || level === 'national';

function publishMeasure(measure: Measure, cellCount: Published, level: DisclosureLevel | null): Published {
  if (measure.type === 'first_contacts') return cellCount;
  // Not hidden but absent: there is no population to divide by.
  if (measure.type === 'per_100k' && !measure.population) return null;
  // A cell whose first-contact count is hidden shows nothing else: its shares and rates would
  // give the count back (5/6 = 0.833).
  if (typeof cellCount === 'string') return HIDDEN_MARKER;
  const exact = isExact(level);
  switch (measure.type) {
    case 'count':
      return exact ? measure.n : publishedValue(suppressCount(measure.n, level!));
    case 'per_100k':
      // Below national level from the rounded count, so the exact count cannot be worked back.
      return ((cellCount as number) / measure.population!) * 100_000;
    case 'share':
      if (measure.denominator === 0) return null;
      return exact ? measure.numerator / measure.denominator : publishedValue(suppressRate(measure.numerator, measure.denominator, level!));
    case 'median':
      if (measure.n === 0) return null;
      return restsOnTooFew(measure.n, level) ? HIDDEN_MARKER : measure.median;
  }
}

/** The cohorts of one area and one period (the period asked about, or one baseline half-year). */
export interface BucketFigures {
  cells: Partial<Record<CellKey, CohortFigures>>;
  population: Record<CellKey, CellPopulation>;
}

export type PublishedBucket = Record<CellKey, Record<string, Published>>;

/**
 * Every indicator of every cell of one area and period, as published at `level` (null: exact).
 * Below national level the first-contact counts by age group and by sex are published as rows
 * with their total (`suppressRow`: `<5`, rounding to 5, and the next-smallest cell hidden too
 * when one is hidden); every other figure follows `publishMeasure`. Exact figures are unrounded.
 */
export function publishBucket(bucket: BucketFigures, level: DisclosureLevel | null, publication?: AreaPublication): PublishedBucket {
  const figures = (key: CellKey) => bucket.cells[key] ?? emptyFigures();
  if (publication) return publishFromPublication(figures, bucket, publication);
  const counts = cellCounts((key) => figures(key).firstContacts, level);
  const out = {} as PublishedBucket;
  for (const key of CELL_KEYS) {
    const population = bucket.population[key];
    out[key] = Object.fromEntries(INDICATORS.map((d) => [d.id, publishMeasure(d.measure(figures(key), population), counts[key], level)]));
  }
  return out;
}

/** One area's cells of a cohort's publication (cohort-publication.ts), by indicator cell key. */
export interface AreaPublication {
  count(measure: string, cell: CellKey): Published;
  rate(id: string, cell: CellKey): Published;
  hidden(measure: string, cell: CellKey): boolean;
}

/**
 * Below national level for an evaluator: every count and rate from the cohort's publication, the
 * one disclosure control across outputs. A cell whose first-contact count is hidden shows nothing
 * else; a median is hidden with its count, or on fewer than 5 waits; per 100,000 from the
 * published count.
 */
function publishFromPublication(
  figures: (key: CellKey) => CohortFigures,
  bucket: BucketFigures,
  publication: AreaPublication,
): PublishedBucket {
  const out = {} as PublishedBucket;
  for (const key of CELL_KEYS) {
    const cellCount = publication.count('first_contact', key);
    out[key] = Object.fromEntries(
      INDICATORS.map((d) => {
        const measure = d.measure(figures(key), bucket.population[key]);
        if (measure.type === 'first_contacts') return [d.id, cellCount];
        if (measure.type === 'per_100k' && !measure.population) return [d.id, null];
        if (typeof cellCount === 'string') return [d.id, HIDDEN_MARKER];
        switch (measure.type) {
          case 'per_100k':
            return [d.id, ((cellCount as number) / measure.population!) * 100_000];
          case 'count':
            return [d.id, publication.count(d.published!, key)];
          case 'share':
            return [d.id, publication.rate(d.published!, key)];
          case 'median':
            if (publication.hidden(d.published!, key) || measure.n < SMALL_NUMBER_THRESHOLD)
              return [d.id, measure.n === 0 && !publication.hidden(d.published!, key) ? null : HIDDEN_MARKER];
            return [d.id, measure.median];
        }
      }),
    );
  }
  return out;
}

function cellCounts(firstContacts: (key: CellKey) => number, level: DisclosureLevel | null): Record<CellKey, Published> {
  const total = firstContacts('all');
  if (isExact(level)) return Object.fromEntries(CELL_KEYS.map((k) => [k, firstContacts(k)])) as Record<CellKey, Published>;
  const row = (keys: readonly CellKey[]) =>
    suppressRow(
      keys.map((key) => ({ key, value: firstContacts(key) })),
      total,
      level!,
    );
  const ages = row(AGE_GROUPS.map((g) => `age_group:${g}` as const));
  const sexes = row(SEX_KEYS.map((s) => `sex:${s}` as const));
  const totals: Suppressed[] = [ages.total!, sexes.total!];
  const out = { all: publishedValue(totals.find((t) => t.suppressed) ?? totals[0]) } as Record<CellKey, Published>;
  for (const cell of [...ages.cells, ...sexes.cells]) out[cell.key as CellKey] = publishedValue(cell);
  return out;
}

/** A figure beside its baseline. */
export interface IndicatorFigure {
  value: Published;
  baseline: Published;
  change: { absolute: number | null; relative: number | null };
}

const DECIMALS: Record<IndicatorKind, { value: number; baseline: number }> = {
  count: { value: 0, baseline: 1 },
  per_100k: { value: 1, baseline: 1 },
  share: { value: 3, baseline: 3 },
  median_days: { value: 1, baseline: 1 },
};
const RELATIVE_DECIMALS = 3;

/** Rounds half away from zero (2.25 → 2.3, −2.25 → −2.3); never gives −0. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor + 1e-9)) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** Counts and per-100,000 figures grow with the period's length; shares and medians do not. */
export const isScaled = (kind: IndicatorKind) => kind === 'count' || kind === 'per_100k';

/**
 * The baseline: the mean over the baseline's half-years of the indicator's value in each
 * half-year (each as published at the caller's level), times `scale` (the period's length in
 * half-years) for counts and per-100,000 figures. Half-years where the figure does not exist
 * (null: a share of no first contacts, a population not loaded) are left out of the mean; when
 * any half-year's figure is hidden, so is the baseline (`..`). Null without a baseline period.
 */
export function baselineOf(values: readonly Published[] | null, kind: IndicatorKind, scale: number): Published {
  if (values === null) return null;
  if (values.some((v) => typeof v === 'string')) return HIDDEN_MARKER;
  const numbers = values.filter((v): v is number => typeof v === 'number');
  if (numbers.length === 0) return null;
  const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
  return isScaled(kind) ? mean * scale : mean;
}

/**
 * Change from the baseline: absolute `value − baseline`, relative `(value − baseline) / baseline`
 * (null when the baseline is 0), from the unrounded figures, then rounded. Null when either is
 * hidden or does not exist.
 */
export function changeOf(value: Published, baseline: Published): { absolute: number | null; relative: number | null } {
  if (typeof value !== 'number' || typeof baseline !== 'number') return { absolute: null, relative: null };
  const absolute = value - baseline;
  return { absolute, relative: baseline === 0 ? null : absolute / baseline };
}

/** One indicator of one cell: the period's figure, its baseline and the change, rounded for publication. */
export function figureOf(
  kind: IndicatorKind,
  value: Published,
  baselineValues: readonly Published[] | null,
  scale: number,
): IndicatorFigure {
  const baseline = baselineOf(baselineValues, kind, scale);
  const change = changeOf(value, baseline);
  const decimals = DECIMALS[kind];
  const round = (v: Published, d: number): Published => (typeof v === 'number' ? roundTo(v, d) : v);
  return {
    value: round(value, decimals.value),
    baseline: round(baseline, decimals.baseline),
    change: {
      absolute: change.absolute === null ? null : roundTo(change.absolute, decimals.baseline),
      relative: change.relative === null ? null : roundTo(change.relative, RELATIVE_DECIMALS),
    },
  };
}

export interface CellIndicators {
  indicators: Record<string, IndicatorFigure>;
  referralDestinations: Record<string, IndicatorFigure>;
}

export interface AreaIndicators {
  all: CellIndicators;
  byAgeGroup: Record<AgeGroup, CellIndicators>;
  bySex: Record<SexKey, CellIndicators>;
}

/**
 * Every indicator of one area: the period's published figures against the baseline half-years'
 * (null when no baseline is set). `scale` is the period's length in half-years (0.5 for a
 * quarter, 2 for a year, 1 for a half-year).
 */
export function areaIndicators(period: PublishedBucket, baseline: readonly PublishedBucket[] | null, scale: number): AreaIndicators {
  const cell = (key: CellKey): CellIndicators => {
    const out: CellIndicators = { indicators: {}, referralDestinations: {} };
    for (const d of INDICATORS) {
      out[d.group][d.id] = figureOf(d.kind, period[key][d.id], baseline ? baseline.map((b) => b[key][d.id]) : null, scale);
    }
    return out;
  };
  return {
    all: cell('all'),
    byAgeGroup: Object.fromEntries(AGE_GROUPS.map((g) => [g, cell(`age_group:${g}`)])) as Record<AgeGroup, CellIndicators>,
    bySex: Object.fromEntries(SEX_KEYS.map((s) => [s, cell(`sex:${s}`)])) as Record<SexKey, CellIndicators>,
  };
}
