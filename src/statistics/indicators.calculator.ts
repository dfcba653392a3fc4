import { Injectable } from '@nestjs/common';
import { areasOf, type Area } from './areas.rules.js';
import type { DisclosureLevel } from './disclosure.rules.js';
import {
  areaIndicators,
  areaPopulation,
  CELL_KEYS,
  publishBucket,
  type AreaPopulation,
  type BucketFigures,
  type CellKey,
  type CohortFigures,
  type PublishedBucket,
  type AreaPublication,
} from './indicators.rules.js';
import { RuleViolation } from '../common/errors.js';
import { CohortPublisher } from './disclosure/cohort-publisher.js';
import type { Breakdown, Publication } from './disclosure/cohort-publication.js';
import { IndicatorsRepository, type AreaLevel, type Bucket, type CohortRow, type IndicatorScope } from './indicators.repository.js';
import { halfYearsBetween, isComplete, parseHalfYear, type Period } from './period.rules.js';
import { PopulationFiguresRepository, type MunicipalityArea } from './population-figures.repository.js';

const PERIOD_BUCKET = 'period';

/** What to compute: which areas, which courses, for which period, published at which disclosure level. */
export interface IndicatorRequest {
  period: Period;
  level: AreaLevel;
  /** The municipalities the areas are made of (each one at municipality level; grouped by region; all of them for the nation). */
  members: MunicipalityArea[];
  /** Which courses the query reads. */
  scope: IndicatorScope;
  /** Null: exact figures (a manager on their own municipalities); else the small-number rules at that level. */
  disclosure: DisclosureLevel | null;
  today: string;
}

/**
 * The monitoring indicators as published (docs/metrics.md, "Monitoring indicators"): the period's
 * figures of every area against the baseline. A computation only: who may ask, and the audit of
 * the read, are the caller's (the indicators endpoint; the aggregates extract has its own audit).
 */
@Injectable()
export class IndicatorsCalculator {
  constructor(
    private readonly repository: IndicatorsRepository,
    private readonly population: PopulationFiguresRepository,
    private readonly publisher: CohortPublisher,
  ) {}

  /** Every municipality with its region, the areas indicators are published for. */
  municipalities(): Promise<MunicipalityArea[]> {
    return this.population.findMunicipalities();
  }

  async compute({ period, level, members, scope, disclosure, today }: IndicatorRequest) {
    const areas = areasOf(level, members);
    const baseline = await this.repository.findBaseline();
    const baselineHalves = baseline ? halfYearsBetween(parseHalfYear(baseline.from)!, parseHalfYear(baseline.to)!) : null;
    const buckets: Bucket[] = [{ label: PERIOD_BUCKET, from: period.from, to: period.to }, ...(baselineHalves ?? [])];
    const rows = await this.repository.cohortFigures(buckets, today, scope, level);
    const populations = await this.populationsOf(areas, [period.year, ...(baselineHalves ?? []).map((h) => h.year)]);

    const figures = indexRows(rows);
    // Below national level every count and rate comes from each half-year's publication, the one
    // disclosure control across outputs; such figures exist for whole half-years only.
    const publications = new Map<string, Publication>();
    if (disclosure === 'municipality' || disclosure === 'region') {
      if (period.kind !== 'half_year') {
        throw new RuleViolation('half_year_below_national', 'Below national level, indicators are published for half-years only', 'period');
      }
      for (const bucket of buckets) publications.set(bucket.label, await this.publisher.publish(bucket, today));
    }
    const published = (bucket: string, year: number, area: Area): PublishedBucket => {
      const publication = publications.get(bucket);
      return publishBucket(
        {
          cells: figures.get(`${bucket}|${area.code}`) ?? {},
          population: populations.get(`${year}|${area.code}`)!.cells,
        } satisfies BucketFigures,
        disclosure,
        publication && areaPublication(publication, area.code),
      );
    };
    const scale = period.months / 6;

    return {
      period: { label: period.label, kind: period.kind, from: period.from, to: period.to, complete: isComplete(period, today) },
      level,
      today,
      baseline:
        baseline && baselineHalves ? { from: baseline.from, to: baseline.to, halfYears: baselineHalves.map((h) => h.label), scale } : null,
      suppression: disclosure && disclosure !== 'national' ? 'small numbers suppressed below national level (docs/domain.md)' : null,
      areas: areas.map((area) => {
        const population = populations.get(`${period.year}|${area.code}`)!;
        return {
          level: area.level,
          code: area.code,
          name: area.name,
          ...(area.regionCode ? { regionCode: area.regionCode } : {}),
          population: {
            year: period.year,
            citizens: population.cells.all.citizens,
            citizensSource: population.citizensSource,
            children5to17: population.cells.all.children,
          },
          ...areaIndicators(
            published(PERIOD_BUCKET, period.year, area),
            baselineHalves ? baselineHalves.map((h) => published(h.label, h.year, area)) : null,
            scale,
          ),
        };
      }),
    };
  }

  /** Each area's population in each year asked about, keyed `year|area`. */
  private async populationsOf(areas: Area[], years: number[]): Promise<Map<string, AreaPopulation>> {
    const distinct = [...new Set(years)];
    const bands = await this.population.findBands(distinct);
    const defaults = await this.population.findDefaultTotals(distinct);
    const byMunicipality = new Map<string, { bands: typeof bands; defaultTotal: number | null }>();
    const entry = (year: number, code: string) => {
      const key = `${year}|${code}`;
      if (!byMunicipality.has(key)) byMunicipality.set(key, { bands: [], defaultTotal: null });
      return byMunicipality.get(key)!;
    };
    for (const b of bands) entry(b.year, b.municipalityCode).bands.push(b);
    for (const d of defaults) entry(d.year, d.municipalityCode).defaultTotal = d.population;
    const out = new Map<string, AreaPopulation>();
    for (const year of distinct) {
      for (const area of areas) out.set(`${year}|${area.code}`, areaPopulation(area.members.map((code) => entry(year, code))));
    }
    return out;
  }
}

export type PublishedIndicators = Awaited<ReturnType<IndicatorsCalculator['compute']>>;

/** One area of a publication, by the indicators' cell keys (`all`, `age_group:5-9`, `sex:female` are its breakdowns). */
function areaPublication(publication: Publication, area: string): AreaPublication {
  return {
    count: (measure, cell) => publication.count(measure, area, cell as Breakdown),
    rate: (id, cell) => publication.rate(id, area, cell as Breakdown),
    hidden: (measure, cell) => publication.hidden(measure, area, cell as Breakdown),
  };
}

/** The SQL's rows as cells, keyed `bucket|area`. */
function indexRows(rows: CohortRow[]): Map<string, Partial<Record<CellKey, CohortFigures>>> {
  const out = new Map<string, Partial<Record<CellKey, CohortFigures>>>();
  const known = new Set<string>(CELL_KEYS);
  for (const row of rows) {
    const cell = (row.dimension === 'all' ? 'all' : `${row.dimension}:${row.key}`) as CellKey;
    if (!known.has(cell)) continue;
    const key = `${row.bucket}|${row.area}`;
    const cells = out.get(key) ?? {};
    cells[cell] = row;
    out.set(key, cells);
  }
  return out;
}
