import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { ForbiddenError, InvalidInputError, RuleViolation } from '../common/errors.js';
import { RequestContext, type Principal } from '../common/request-context.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import type { DisclosureLevel } from '../statistics/disclosure.rules.js';
import type { BaselineDto } from './dto/baseline.dto.js';
import type { IndicatorsQueryDto } from './dto/indicators-query.dto.js';
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
} from './indicators.rules.js';
import { IndicatorsRepository, type AreaLevel, type Bucket, type CohortRow, type IndicatorScope } from './indicators.repository.js';
import { halfYearsBetween, isComplete, lastCompleteHalfYear, parseHalfYear, parsePeriod, type Period } from './period.rules.js';
import { PopulationRepository, type MunicipalityArea } from './population.repository.js';

/** The offer began in 2024 (sundhedsloven § 126 a); a baseline cannot start before it. */
const FIRST_HALF_YEAR = '2024H1';
const PERIOD_BUCKET = 'period';

interface Area {
  level: AreaLevel;
  code: string;
  name: string;
  regionCode?: string;
  members: string[];
}

/**
 * The monitoring indicators. Managers see exact figures for their own municipalities; evaluators
 * (Sundhedsstyrelsen) see every area at every level, with the small-number rules below national
 * level. The baseline period is the administrator's to set.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly repository: IndicatorsRepository,
    private readonly population: PopulationRepository,
    private readonly context: RequestContext,
    private readonly national: NationalScope,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async indicators(query: IndicatorsQueryDto) {
    const today = this.clock.today();
    const period = this.periodOf(query.period, today);
    const principal = this.context.requirePrincipal();
    const municipalities = await this.population.findMunicipalities();
    const { level, scope, areas, disclosure } = await this.scopeFor(query, principal, municipalities);

    const baseline = await this.repository.findBaseline();
    const baselineHalves = baseline ? halfYearsBetween(parseHalfYear(baseline.from)!, parseHalfYear(baseline.to)!) : null;
    const buckets: Bucket[] = [{ label: PERIOD_BUCKET, from: period.from, to: period.to }, ...(baselineHalves ?? [])];
    const rows = await this.repository.cohortFigures(buckets, today, scope, level);
    const populations = await this.populationsOf(areas, [period.year, ...(baselineHalves ?? []).map((h) => h.year)]);

    const figures = indexRows(rows);
    const published = (bucket: string, year: number, area: Area): PublishedBucket =>
      publishBucket(
        {
          cells: figures.get(`${bucket}|${area.code}`) ?? {},
          population: populations.get(`${year}|${area.code}`)!.cells,
        } satisfies BucketFigures,
        disclosure,
      );
    const scale = period.months / 6;

    await this.audit.record({
      action: 'read',
      resourceType: 'monitoring_indicators',
      municipalityCode: 'municipalities' in scope && scope.municipalities.length === 1 ? scope.municipalities[0] : null,
      details: { period: period.label, level, scope },
    });
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

  async baseline() {
    const baseline = await this.repository.findBaseline();
    await this.audit.record({ action: 'read', resourceType: 'indicator_baseline' });
    return { baseline: baseline ? withHalfYears(baseline) : null };
  }

  /** A baseline is whole half-years the offer has run: from 2024H1, ended by today. */
  async setBaseline(dto: BaselineDto) {
    const [from, to] = [parseHalfYear(dto.from), parseHalfYear(dto.to)];
    if (!from) throw new InvalidInputError('from', 'half_year', 'from must be a half-year written YYYYH1 or YYYYH2');
    if (!to) throw new InvalidInputError('to', 'half_year', 'to must be a half-year written YYYYH1 or YYYYH2');
    if (from.from > to.from) throw new InvalidInputError('to', 'after_from', 'to must be the same half-year as from or later');
    if (from.label < FIRST_HALF_YEAR) {
      throw new RuleViolation('baseline_before_offer', `The baseline cannot start before ${FIRST_HALF_YEAR}, when the offer began`, 'from');
    }
    const today = this.clock.today();
    if (!isComplete(to, today)) {
      throw new RuleViolation(
        'baseline_not_complete',
        `The baseline must end with a complete half-year (the last is ${lastCompleteHalfYear(today).label})`,
        'to',
      );
    }
    const previous = await this.repository.findBaseline();
    const saved = await this.repository.saveBaseline(from.label, to.label, this.context.requirePrincipal().sub);
    await this.audit.record({
      action: 'update',
      resourceType: 'indicator_baseline',
      details: { from: saved.from, to: saved.to, previous: previous ? { from: previous.from, to: previous.to } : null },
    });
    return { baseline: withHalfYears(saved) };
  }

  private periodOf(text: string | undefined, today: string): Period {
    if (text === undefined) return lastCompleteHalfYear(today);
    const period = parsePeriod(text);
    if (!period)
      throw new InvalidInputError('period', 'period', 'period must be a half-year (2025H2), a quarter (2025Q3) or a year (2025)');
    if (period.from > today)
      throw new RuleViolation('period_in_future', `The period ${period.label} has not begun (today is ${today})`, 'period');
    return period;
  }

  /**
   * Resolves what is asked for against the caller. Evaluators: any level, suppressed below the
   * nation. Managers: their own municipalities at municipality level, exact. Everyone else: 403.
   */
  private async scopeFor(query: IndicatorsQueryDto, principal: Principal, all: MunicipalityArea[]) {
    const known = new Map(all.map((m) => [m.code, m]));
    const asked = query.municipality?.split(',');
    for (const code of asked ?? []) {
      if (!known.has(code)) throw new InvalidInputError('municipality', 'unknown', `There is no municipality ${code}`);
    }
    const evaluator = principal.roles.includes('evaluator');
    // Without a level: the level of the filter given, else the caller's natural one.
    const level: AreaLevel = query.level ?? (asked || !evaluator ? 'municipality' : query.region ? 'region' : 'national');
    if (level !== 'municipality' && asked) {
      throw new InvalidInputError('municipality', 'level', 'municipality is for level=municipality; use region or no filter');
    }
    if (level === 'national' && query.region) throw new InvalidInputError('region', 'level', 'level=national covers every region');

    let disclosure: DisclosureLevel | null;
    let members: MunicipalityArea[];
    if (evaluator) {
      await this.national.widen('aggregate_report');
      disclosure = level;
      members = asked ? all.filter((m) => asked.includes(m.code)) : query.region ? all.filter((m) => m.regionCode === query.region) : all;
    } else {
      const own = principal.roles.includes('manager') ? principal.municipalities : [];
      if (!own.length) throw new ForbiddenError('Indicators are for managers and evaluators');
      if (level !== 'municipality' || query.region) throw new ForbiddenError('Managers see indicators for their own municipalities');
      if (asked && !asked.every((c) => own.includes(c))) throw new ForbiddenError('Managers see indicators for their own municipalities');
      disclosure = null;
      members = all.filter((m) => (asked ?? own).includes(m.code));
    }

    const scope: IndicatorScope =
      asked || !evaluator ? { municipalities: members.map((m) => m.code) } : query.region ? { region: query.region } : { national: true };
    return { level, scope, disclosure, areas: areasOf(level, members) };
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

function areasOf(level: AreaLevel, members: MunicipalityArea[]): Area[] {
  if (level === 'municipality') {
    return members.map((m) => ({ level, code: m.code, name: m.name, regionCode: m.regionCode, members: [m.code] }));
  }
  if (level === 'national') return [{ level, code: 'DK', name: 'Danmark', members: members.map((m) => m.code) }];
  const regions = new Map<string, Area>();
  for (const m of members) {
    const region = regions.get(m.regionCode) ?? { level, code: m.regionCode, name: m.regionName, members: [] };
    region.members.push(m.code);
    regions.set(m.regionCode, region);
  }
  return [...regions.values()].sort((a, b) => a.code.localeCompare(b.code));
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

function withHalfYears(baseline: { from: string; to: string; setBy: string; setAt: string }) {
  const halfYears = halfYearsBetween(parseHalfYear(baseline.from)!, parseHalfYear(baseline.to)!).map((h) => h.label);
  return { from: baseline.from, to: baseline.to, halfYears, setBy: baseline.setBy, setAt: baseline.setAt };
}
