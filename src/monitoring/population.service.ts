import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, RuleViolation } from '../common/errors.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import { areaPopulation } from '../statistics/indicators.rules.js';
import { PopulationFiguresRepository } from '../statistics/population-figures.repository.js';
import { parsePopulationCsv } from './population-csv.js';
import { PopulationRepository } from './population.repository.js';

/** 415: the population file must come as text/csv (or text/plain). */
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  constructor() {
    super('unsupported_media_type', 'Send the population file as the request body with Content-Type text/csv');
  }
}

/** Rejected lines listed in a response; the count says how many there were in all. */
const MAX_REJECTED_LISTED = 1000;

const DEFAULT_SOURCES = { folk1a: 'Danmarks Statistik, FOLK1A', canonical: 'CSV upload (canonical form)' } as const;

/**
 * Population reference data (administrator): loading Danmarks Statistik's FOLK1A, or the
 * canonical CSV, into `population`, and summarising what is loaded for a year.
 */
@Injectable()
export class PopulationService {
  constructor(
    private readonly repository: PopulationRepository,
    private readonly figures: PopulationFiguresRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly national: NationalScope,
  ) {}

  /**
   * Good lines are upserted, bad lines reported by number and reason (parsePopulationCsv);
   * a file whose header cannot be read loads nothing (422). Loading the same file twice leaves
   * the same table.
   */
  async load(body: unknown, source?: string) {
    if (typeof body !== 'string') throw new UnsupportedMediaTypeError();
    const parsed = parsePopulationCsv(body, await this.repository.municipalityRefs());
    if (parsed.format === null) {
      const reason = parsed.rejected[0]?.reason ?? 'the file could not be read';
      throw new RuleViolation('population_file_unreadable', `The population file was not loaded: ${reason}`, 'body');
    }
    const label = source?.trim() || DEFAULT_SOURCES[parsed.format];
    // Row-level security lets only a transaction widened for reference administration write.
    await this.national.widen('reference_admin');
    const counts = await this.repository.upsert(parsed.rows, label);
    const years = [...new Set(parsed.rows.map((r) => r.year))].sort();
    const municipalities = new Set(parsed.rows.map((r) => r.municipalityCode)).size;
    const sha256 = createHash('sha256').update(body).digest('hex');
    await this.audit.record({
      action: 'update',
      resourceType: 'population',
      details: {
        format: parsed.format,
        source: label,
        sha256,
        rowsLoaded: parsed.rows.length,
        ...counts,
        rejected: parsed.rejected.length,
        years,
      },
    });
    return {
      format: parsed.format,
      source: label,
      sha256,
      rowsLoaded: parsed.rows.length,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: parsed.rows.length - counts.inserted - counts.updated,
      years,
      municipalities,
      rejectedCount: parsed.rejected.length,
      rejected: parsed.rejected.slice(0, MAX_REJECTED_LISTED),
    };
  }

  /** What is loaded for `year`, per municipality, and which denominators the indicators will use. */
  async summary(year = Number(this.clock.today().slice(0, 4))) {
    const municipalities = await this.figures.findMunicipalities();
    const bands = await this.figures.findBands([year]);
    const defaults = new Map((await this.figures.findDefaultTotals([year])).map((d) => [d.municipalityCode, d]));
    const loads = new Map((await this.repository.findLoadSummary(year)).map((l) => [l.municipalityCode, l]));
    const yearsLoaded = await this.repository.findYearsLoaded();
    await this.audit.record({ action: 'read', resourceType: 'population', details: { year } });

    const items = municipalities.map((m) => {
      const fallback = defaults.get(m.code);
      const population = areaPopulation([
        { bands: bands.filter((b) => b.municipalityCode === m.code), defaultTotal: fallback?.population ?? null },
      ]);
      const load = loads.get(m.code);
      return {
        code: m.code,
        name: m.name,
        regionCode: m.regionCode,
        rowsLoaded: load?.rows ?? 0,
        lastLoadedAt: load?.lastLoadedAt ?? null,
        sources: load?.sources ?? [],
        citizens: population.cells.all.citizens,
        citizensSource: population.citizensSource,
        ...(population.citizensSource === 'default' ? { defaultFrom: { year: fallback!.fromYear, source: fallback!.source } } : {}),
        children5to17: population.cells.all.children,
      };
    });
    return {
      year,
      citizens: items.reduce((sum, i) => sum + (i.citizens ?? 0), 0),
      municipalities: {
        total: items.length,
        loadedTotal: items.filter((i) => i.citizensSource === 'loaded').length,
        defaultTotal: items.filter((i) => i.citizensSource === 'default').length,
        withoutTotal: items.filter((i) => i.citizensSource === null).length,
        childAgesLoaded: items.filter((i) => i.children5to17 !== null).length,
      },
      rowsLoaded: items.reduce((sum, i) => sum + i.rowsLoaded, 0),
      yearsLoaded,
      items,
    };
  }
}
