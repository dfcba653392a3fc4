import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { MunicipalityRef, PopulationRow } from './population-csv.js';

export interface LoadSummary {
  municipalityCode: string;
  rows: number;
  lastLoadedAt: string;
  sources: string[];
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

/** Rows per INSERT: well under PostgreSQL's parameter limit, since each column is one array parameter. */
const CHUNK = 5000;

@Injectable()
export class PopulationRepository {
  constructor(private readonly db: Db) {}

  async municipalityRefs(): Promise<MunicipalityRef[]> {
    return this.db.tx.query(`SELECT code, name FROM municipality`);
  }

  /**
   * Upserts on (municipality, year, sex, age band): a row already there with the same figure and
   * source is left alone (its loaded_at too), so loading the same file again changes nothing.
   */
  async upsert(rows: PopulationRow[], source: string): Promise<UpsertCounts> {
    const counts: UpsertCounts = { inserted: 0, updated: 0 };
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const result: { inserted: boolean }[] = await this.db.tx.query(
        `INSERT INTO population AS p (municipality_code, year, sex, age_from, age_to, population, source, loaded_at)
         SELECT m, y, s, af, at, n, $7, now()
           FROM unnest($1::char(3)[], $2::int[], $3::text[], $4::int[], $5::int[], $6::int[]) AS r(m, y, s, af, at, n)
         ON CONFLICT ON CONSTRAINT population_key DO UPDATE
           SET population = EXCLUDED.population, source = EXCLUDED.source, loaded_at = EXCLUDED.loaded_at
           WHERE p.population IS DISTINCT FROM EXCLUDED.population OR p.source IS DISTINCT FROM EXCLUDED.source
         RETURNING (xmax = 0) AS inserted`,
        [
          chunk.map((r) => r.municipalityCode),
          chunk.map((r) => r.year),
          chunk.map((r) => r.sex),
          chunk.map((r) => r.age),
          chunk.map((r) => r.ageTo),
          chunk.map((r) => r.population),
          source,
        ],
      );
      for (const r of result) counts[r.inserted ? 'inserted' : 'updated']++;
    }
    return counts;
  }

  /** Per municipality: how many rows of `year` are loaded, when last, from which sources. */
  findLoadSummary(year: number): Promise<LoadSummary[]> {
    return this.db.tx.query(
      `SELECT municipality_code AS "municipalityCode", count(*)::int AS rows, max(loaded_at) AS "lastLoadedAt",
              array_agg(DISTINCT source ORDER BY source) AS sources
         FROM population WHERE year = $1 GROUP BY municipality_code ORDER BY municipality_code`,
      [year],
    );
  }

  /** The years loaded, with row and municipality counts. */
  findYearsLoaded(): Promise<{ year: number; rows: number; municipalities: number; lastLoadedAt: string }[]> {
    return this.db.tx.query(
      `SELECT year, count(*)::int AS rows, count(DISTINCT municipality_code)::int AS municipalities, max(loaded_at) AS "lastLoadedAt"
         FROM population GROUP BY year ORDER BY year`,
    );
  }
}
