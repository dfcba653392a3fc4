import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the audited request succeeded. A request that touched personal data and then failed
 * rolls back, audit rows included; its entries are written again afterwards, in a transaction of
 * their own, as `failed` (docs/architecture.md, "Audit"), so a failed look-up leaves a trace.
 */
export class AuditOutcome1764213380000 implements MigrationInterface {
  name = 'AuditOutcome1764213380000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE audit_log ADD COLUMN outcome text NOT NULL DEFAULT 'succeeded'
        CONSTRAINT audit_log_outcome CHECK (outcome IN ('succeeded', 'failed'));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_log DROP COLUMN outcome;`);
  }
}
