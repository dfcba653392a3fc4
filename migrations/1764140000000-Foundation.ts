import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MUNICIPALITIES_2026 } from './data/municipalities-2026.js';

/**
 * Reference data, the tenant-visibility function every row-level-security policy uses,
 * the append-only audit log and the idempotency store.
 *
 * Roles: this migration runs as the schema owner; the application connects as `ltt_app`,
 * which owns nothing and cannot bypass row-level security (see docs/architecture.md).
 */
export class Foundation1764140000000 implements MigrationInterface {
  name = 'Foundation1764140000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- Which municipalities the current transaction may see. Set per transaction with
      -- set_config(..., true) (SET LOCAL): 'app.municipalities' = '751,101', or 'app.scope' = 'all'
      -- for the few national, non-personal paths (aggregate reports, extracts, reference admin).
      -- Unset settings see nothing: the policies fail closed.
      CREATE FUNCTION app_visible(code text) RETURNS boolean
        LANGUAGE sql STABLE PARALLEL SAFE AS $$
          SELECT coalesce(current_setting('app.scope', true) = 'all', false)
              OR code = ANY (string_to_array(nullif(current_setting('app.municipalities', true), ''), ','))
        $$;

      CREATE TABLE municipality (
        code char(3) PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'),
        name text NOT NULL,
        region_code char(4) NOT NULL CHECK (region_code IN ('1081','1082','1083','1084','1085')),
        region_name text NOT NULL
      );

      CREATE TABLE municipality_population (
        municipality_code char(3) NOT NULL REFERENCES municipality(code),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        population int NOT NULL CHECK (population >= 0),
        source text NOT NULL,
        PRIMARY KEY (municipality_code, year)
      );

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_sub text NOT NULL,
        actor_role text NOT NULL,
        municipality_code char(3),
        action text NOT NULL,
        resource_type text NOT NULL,
        resource_id text,
        request_id text,
        purpose text,
        details jsonb
      );
      CREATE INDEX audit_log_municipality_time ON audit_log (municipality_code, occurred_at DESC);
      CREATE INDEX audit_log_resource ON audit_log (resource_type, resource_id);

      -- Append-only, whoever asks: the trigger also stops the owner.
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END $$;
      -- Statement-level, so it fires even when row-level security leaves no row to touch.
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

      ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
      ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
      CREATE POLICY audit_log_read ON audit_log FOR SELECT USING (app_visible(municipality_code));
      CREATE POLICY audit_log_append ON audit_log FOR INSERT WITH CHECK (true);

      -- Idempotency-Key store: the first response to a POST, replayed on retry.
      CREATE TABLE idempotency_key (
        actor_sub text NOT NULL,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        request_hash text NOT NULL,
        status int NOT NULL,
        response_body jsonb,
        response_headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_sub, key)
      );
      CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
      ALTER TABLE idempotency_key ENABLE ROW LEVEL SECURITY;
      ALTER TABLE idempotency_key FORCE ROW LEVEL SECURITY;
      CREATE POLICY idempotency_key_own ON idempotency_key
        USING (actor_sub = current_setting('app.sub', true))
        WITH CHECK (actor_sub = current_setting('app.sub', true));
    `);

    const values = MUNICIPALITIES_2026.map((_m, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`).join(', ');
    await db.query(
      `INSERT INTO municipality (code, name, region_code, region_name) VALUES ${values}`,
      MUNICIPALITIES_2026.flatMap((m) => [m.code, m.name, m.regionCode, m.regionName]),
    );
    const popValues = MUNICIPALITIES_2026.map((_m, i) => `($${i * 2 + 1}, 2026, $${i * 2 + 2}, 'Danmarks Statistik, folketal 2026')`).join(
      ', ',
    );
    await db.query(
      `INSERT INTO municipality_population (municipality_code, year, population, source) VALUES ${popValues}`,
      MUNICIPALITIES_2026.flatMap((m) => [m.code, m.population2026]),
    );

    await db.query(`
      REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
      GRANT USAGE ON SCHEMA public TO ltt_app;
      GRANT SELECT ON municipality, municipality_population TO ltt_app;
      GRANT SELECT, INSERT ON audit_log TO ltt_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_key TO ltt_app;
      GRANT EXECUTE ON FUNCTION app_visible(text) TO ltt_app;
      GRANT SELECT ON typeorm_migrations TO ltt_app; -- readiness: are all migrations applied?
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE idempotency_key;
      DROP TABLE audit_log;
      DROP FUNCTION audit_log_append_only();
      DROP TABLE municipality_population;
      DROP TABLE municipality;
      DROP FUNCTION app_visible(text);
    `);
  }
}
