import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extract chunks are stored as they are, not compressed. PostgreSQL's own compression (pglz; the
 * embedded build has no lz4) cost the database more than a second of CPU for a national 10-year
 * extract (77 MiB), on the core the extract's query needs, to halve a file that is made once,
 * downloaded and then kept only as the evaluation's record. Chunks written before keep their
 * storage; this applies to new ones.
 */
export class ExtractChunkStorage1764601876000 implements MigrationInterface {
  name = 'ExtractChunkStorage1764601876000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE extract_chunk ALTER COLUMN data SET STORAGE EXTERNAL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE extract_chunk ALTER COLUMN data SET STORAGE EXTENDED`);
  }
}
