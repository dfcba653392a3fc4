import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';

export interface Municipality {
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  population: number | null;
  populationYear: number | null;
}

export const MUNICIPALITIES_SQL = `
  SELECT m.code, m.name, m.region_code AS "regionCode", m.region_name AS "regionName",
         p.population, p.year AS "populationYear"
    FROM municipality m
    LEFT JOIN LATERAL (
      SELECT population, year FROM municipality_population
       WHERE municipality_code = m.code ORDER BY year DESC LIMIT 1
    ) p ON true`;

@Injectable()
export class MunicipalitiesRepository {
  constructor(private readonly db: Db) {}

  findAll(): Promise<Municipality[]> {
    return this.db.tx.query(`${MUNICIPALITIES_SQL} ORDER BY m.code`);
  }

  private regions?: Map<string, string>;

  /** The region of a municipality (reference data, read once). */
  async regionOf(code: string): Promise<string> {
    if (!this.regions) {
      const rows: { code: string; regionCode: string }[] = await this.db.tx.query(
        `SELECT code, region_code AS "regionCode" FROM municipality`,
      );
      this.regions = new Map(rows.map((r) => [r.code, r.regionCode]));
    }
    const region = this.regions.get(code);
    if (!region) throw new Error(`Unknown municipality ${code}`);
    return region;
  }

  async findByCode(code: string): Promise<Municipality | undefined> {
    const rows = await this.db.tx.query(`${MUNICIPALITIES_SQL} WHERE m.code = $1`, [code]);
    return rows[0];
  }
}
