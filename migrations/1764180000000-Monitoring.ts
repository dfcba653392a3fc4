import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Population by municipality, year, sex and age (FOLK1A), and the indicators' baseline period.
 *
 * Both are reference data about no one in particular: anyone may read them. `population` carries
 * a municipality_code, so, like every such table, it has row-level security, here to guard the
 * writes: only a transaction widened for reference administration (NationalScope.widen
 * ('reference_admin'), the administrator's load) may change it.
 */
export class Monitoring1764180000000 implements MigrationInterface {
  name = 'Monitoring1764180000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- One figure per municipality, year (population on 1 January), sex and age band.
      -- age_from/age_to: both NULL = all ages; age_to NULL alone = an open band ("100 år og derover");
      -- age_from = age_to = a single year of age. Loads upsert on this key, so a file loaded twice
      -- leaves the same table.
      CREATE TABLE population (
        municipality_code char(3) NOT NULL REFERENCES municipality(code),
        year int NOT NULL CHECK (year BETWEEN 1900 AND 2100),
        sex text NOT NULL CHECK (sex IN ('female', 'male', 'total')),
        age_from int CHECK (age_from BETWEEN 0 AND 125),
        age_to int CHECK (age_to BETWEEN 0 AND 125),
        population int NOT NULL CHECK (population >= 0),
        source text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
        loaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT population_band CHECK (age_to IS NULL OR (age_from IS NOT NULL AND age_to >= age_from)),
        CONSTRAINT population_key UNIQUE NULLS NOT DISTINCT (municipality_code, year, sex, age_from, age_to)
      );
      CREATE INDEX population_year ON population (year, municipality_code);

      -- The indicators' baseline period, in half-years ('2024H2' to '2025H1'): one row at most.
      CREATE TABLE indicator_baseline (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        from_half_year text NOT NULL CHECK (from_half_year ~ '^[0-9]{4}H[12]$'),
        to_half_year text NOT NULL CHECK (to_half_year ~ '^[0-9]{4}H[12]$'),
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_half_year <= to_half_year)
      );

      ALTER TABLE population ENABLE ROW LEVEL SECURITY;
      ALTER TABLE population FORCE ROW LEVEL SECURITY;
      CREATE POLICY population_read ON population FOR SELECT USING (true);
      CREATE POLICY population_reference_admin ON population
        USING (coalesce(current_setting('app.scope', true) = 'all', false))
        WITH CHECK (coalesce(current_setting('app.scope', true) = 'all', false));

      GRANT SELECT, INSERT, UPDATE, DELETE ON population TO ltt_app;
      GRANT SELECT, INSERT, UPDATE ON indicator_baseline TO ltt_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE indicator_baseline; DROP TABLE population;`);
  }
}
