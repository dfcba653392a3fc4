import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What KL's model carries and the course did not record yet (docs/kl-reporting.md, "What the
 * course records for KL"): the wall-clock time of the closure and of a referral, when staff give
 * one (as they may for every contact), and a referral entered in error (KL-LTT "Corrections": a
 * referral made in error is withdrawn, never deleted).
 */
export class KlCourseFacts1764291800000 implements MigrationInterface {
  name = 'KlCourseFacts1764291800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE course ADD COLUMN closure_time time;
      ALTER TABLE course ADD CONSTRAINT course_closure_time_with_date CHECK (closure_time IS NULL OR closure_date IS NOT NULL);

      ALTER TABLE referral ADD COLUMN time time;
      ALTER TABLE referral ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'entered_in_error'));
      ALTER TABLE referral ADD COLUMN entered_in_error_reason text CHECK (length(entered_in_error_reason) BETWEEN 1 AND 1000);
      ALTER TABLE referral ADD COLUMN entered_in_error_at timestamptz;
      ALTER TABLE referral ADD COLUMN entered_in_error_by text;
      ALTER TABLE referral ADD CONSTRAINT referral_entered_in_error_recorded CHECK (
        (status = 'entered_in_error') = (entered_in_error_at IS NOT NULL AND entered_in_error_reason IS NOT NULL AND entered_in_error_by IS NOT NULL)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE referral DROP COLUMN entered_in_error_by, DROP COLUMN entered_in_error_at, DROP COLUMN entered_in_error_reason,
        DROP COLUMN status, DROP COLUMN time;
      ALTER TABLE course DROP COLUMN closure_time;
    `);
  }
}
