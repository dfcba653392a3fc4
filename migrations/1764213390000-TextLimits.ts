import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Length limits in the database for the free text that had none: the reasons a course or a
 * contact was entered in error (1,000 characters, as the API takes them) and the audit log's
 * purpose (1,000, as AuditService keeps it). NOT VALID: rows written before keep what they hold
 * (the audit log is append-only and cannot be corrected); every new or changed row is checked.
 */
export class TextLimits1764213390000 implements MigrationInterface {
  name = 'TextLimits1764213390000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE audit_log ADD CONSTRAINT audit_log_purpose_length CHECK (length(purpose) <= 1000) NOT VALID;
      ALTER TABLE course ADD CONSTRAINT course_entered_in_error_reason_length
        CHECK (length(entered_in_error_reason) <= 1000) NOT VALID;
      ALTER TABLE contact ADD CONSTRAINT contact_entered_in_error_reason_length
        CHECK (length(entered_in_error_reason) <= 1000) NOT VALID;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE contact DROP CONSTRAINT contact_entered_in_error_reason_length;
      ALTER TABLE course DROP CONSTRAINT course_entered_in_error_reason_length;
      ALTER TABLE audit_log DROP CONSTRAINT audit_log_purpose_length;
    `);
  }
}
