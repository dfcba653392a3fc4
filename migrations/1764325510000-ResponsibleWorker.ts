import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A course's responsible worker (ansvarlig behandler): the subject (`sub`) and display name of
 * the worker's token, and since when. All three or none; the same limits as the API takes
 * (a token's sub is at most 255 characters, README "Identity provider"). The index serves the
 * "mine" filter of the working list and the course list, which ask for one municipality's open
 * courses of one worker.
 */
export class ResponsibleWorker1764325510000 implements MigrationInterface {
  name = 'ResponsibleWorker1764325510000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE course
        ADD COLUMN responsible_sub text,
        ADD COLUMN responsible_name text,
        ADD COLUMN responsible_since timestamptz,
        ADD CONSTRAINT course_responsible_whole CHECK (
          (responsible_sub IS NULL) = (responsible_name IS NULL) AND (responsible_sub IS NULL) = (responsible_since IS NULL)
        ),
        ADD CONSTRAINT course_responsible_sub_length CHECK (length(responsible_sub) BETWEEN 1 AND 255),
        ADD CONSTRAINT course_responsible_name_length CHECK (length(responsible_name) BETWEEN 1 AND 200);
      CREATE INDEX course_responsible ON course (municipality_code, responsible_sub) WHERE responsible_sub IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX course_responsible;
      ALTER TABLE course
        DROP CONSTRAINT course_responsible_name_length,
        DROP CONSTRAINT course_responsible_sub_length,
        DROP CONSTRAINT course_responsible_whole,
        DROP COLUMN responsible_since,
        DROP COLUMN responsible_name,
        DROP COLUMN responsible_sub;
    `);
  }
}
