import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The planner's state of a course, one row per FHIR resource reported (docs/kl-reporting.md, "The
 * outbox"): its content hash, type, the child it went under, whether it went withdrawn, and the
 * content as sent. Before, the whole state was one jsonb value per course, read and rewritten in
 * full by every change of the course (it grows with every contact); now a change reads the hashes
 * and writes only the resources it sends with a new content. The contents are read only when a
 * correction needs them.
 *
 * Municipal data: `municipality_code` in its key, row-level security enabled and forced, `ltt_app`
 * granted only what the delivery uses (never DELETE: nothing reported is ever forgotten).
 */
export class KlReportedResources1764700000000 implements MigrationInterface {
  name = 'KlReportedResources1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE kl_reported_resource (
        course_id uuid NOT NULL,
        municipality_code char(3) NOT NULL,
        resource_id uuid NOT NULL,
        resource_type text NOT NULL CHECK (resource_type IN ('Patient', 'CarePlan', 'Encounter')),
        child_id uuid NOT NULL,
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        withdrawn boolean NOT NULL,
        -- json, not jsonb: written on every change that sends the resource anew, read only by a correction.
        resource json NOT NULL,
        PRIMARY KEY (course_id, resource_id),
        FOREIGN KEY (course_id, municipality_code) REFERENCES kl_course_state (course_id, municipality_code) ON DELETE CASCADE,
        -- (No CHECK reads the content: each would parse it again on every write, a backfill writes
        -- some 300,000; the planner writes id, type and content from the one resource.)
        CHECK (NOT (withdrawn AND resource_type = 'Patient'))
      );
      ALTER TABLE kl_reported_resource ENABLE ROW LEVEL SECURITY;
      ALTER TABLE kl_reported_resource FORCE ROW LEVEL SECURITY;
      CREATE POLICY kl_reported_resource_tenant ON kl_reported_resource
        USING (app_visible(municipality_code)) WITH CHECK (app_visible(municipality_code));
      GRANT SELECT, INSERT, UPDATE ON kl_reported_resource TO ltt_app;

      -- Every municipality's states: the owner is held by row-level security too.
      SELECT set_config('app.scope', 'all', true);
      INSERT INTO kl_reported_resource (course_id, municipality_code, resource_id, resource_type, child_id, hash, withdrawn, resource)
      SELECT s.course_id, s.municipality_code, e.key::uuid, e.value->'resource'->>'resourceType', (e.value->>'childId')::uuid,
             e.value->>'hash',
             e.value->'resource'->>'resourceType' <> 'Patient' AND e.value->'resource'->>'status' = 'entered-in-error',
             (e.value->'resource')::json
        FROM kl_course_state s, jsonb_each(s.reported) AS e;
      ALTER TABLE kl_course_state DROP COLUMN reported;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE kl_course_state ADD COLUMN reported jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(reported) = 'object');
      SELECT set_config('app.scope', 'all', true);
      UPDATE kl_course_state s SET reported = r.reported
        FROM (SELECT course_id, jsonb_object_agg(resource_id, jsonb_build_object('hash', hash, 'childId', child_id, 'resource', resource::jsonb)) AS reported
                FROM kl_reported_resource GROUP BY course_id) r
       WHERE r.course_id = s.course_id;
      DROP TABLE kl_reported_resource;
    `);
  }
}
