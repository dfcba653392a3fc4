import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { Query } from '../database/query.js';
import { OFFER_AGES } from '../kernel/course.model.js';
import type { PopulationBand } from './population.rules.js';

export interface MunicipalityArea {
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
}

/** A loaded row the indicators can use: an all-ages figure, or a closed band inside the child ages. */
export interface LoadedBand extends PopulationBand {
  municipalityCode: string;
  year: number;
}

/** The foundation's total for a municipality, from the year nearest the one asked about. */
export interface DefaultTotal {
  municipalityCode: string;
  year: number;
  population: number;
  fromYear: number;
  source: string;
}

export const municipalitiesQuery = (): Query => ({
  text: `SELECT code, name, region_code AS "regionCode", region_name AS "regionName" FROM municipality ORDER BY code`,
  values: [],
});

/** Loaded rows of `years` the indicators can use: all-ages figures and closed bands within 5–17. */
export const bandsQuery = (years: number[]): Query => ({
  text: `SELECT municipality_code AS "municipalityCode", year, sex, age_from AS "ageFrom", age_to AS "ageTo", population
         FROM population
        WHERE year = ANY($1::int[])
          AND ((age_from IS NULL AND age_to IS NULL) OR (age_to IS NOT NULL AND age_from >= $2 AND age_to <= $3))`,
  values: [years, OFFER_AGES.from, OFFER_AGES.to],
});

/** For each municipality and year, the foundation's total of that year, else of the nearest year (the later on a tie). */
export const defaultTotalsQuery = (years: number[]): Query => ({
  text: `SELECT m.code AS "municipalityCode", y.year, d.population, d.year AS "fromYear", d.source
         FROM municipality m
        CROSS JOIN unnest($1::int[]) AS y(year)
         JOIN LATERAL (
           SELECT mp.population, mp.year, mp.source FROM municipality_population mp
            WHERE mp.municipality_code = m.code ORDER BY abs(mp.year - y.year), mp.year DESC LIMIT 1
         ) d ON true`,
  values: [years],
});

/**
 * The municipalities and the populations the per-100,000 indicators divide by (read only; the
 * population is loaded by the administrator through the monitoring module).
 */
@Injectable()
export class PopulationFiguresRepository {
  constructor(private readonly db: Db) {}

  findMunicipalities(): Promise<MunicipalityArea[]> {
    return this.run(municipalitiesQuery());
  }

  findBands(years: number[]): Promise<LoadedBand[]> {
    return this.run(bandsQuery(years));
  }

  findDefaultTotals(years: number[]): Promise<DefaultTotal[]> {
    return this.run(defaultTotalsQuery(years));
  }

  private run<T>(q: Query): Promise<T[]> {
    return this.db.tx.query(q.text, q.values);
  }
}
