import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How each recipient's pseudonymous child keys are made (docs/domain.md, "Anonymised extracts":
 * a keyed hash with the recipient's key "of the CPR or of the CPR's own keyed blind index"):
 *
 * - `cpr`: HMAC-SHA-256 of the ten-digit CPR (decrypted for each row), every recipient registered
 *   before this migration. They keep it: a recipient's keys must never change silently, or a
 *   child would get a new key from one extract to the next.
 * - `cpr_index`: HMAC-SHA-256 of the child's blind index (`child.cpr_index`, itself an HMAC of the
 *   CPR with CPR_INDEX_KEY), every recipient registered from now on: no CPR is decrypted to make
 *   an extract.
 */
export class PseudonymScheme1764601875000 implements MigrationInterface {
  name = 'PseudonymScheme1764601875000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE extract_recipient
        ADD COLUMN pseudonym_scheme text NOT NULL DEFAULT 'cpr' CHECK (pseudonym_scheme IN ('cpr', 'cpr_index'));
      ALTER TABLE extract_recipient ALTER COLUMN pseudonym_scheme SET DEFAULT 'cpr_index';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE extract_recipient DROP COLUMN pseudonym_scheme`);
  }
}
