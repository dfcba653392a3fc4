import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extracts are made by a background job (src/extracts/extract.job.ts): each has a status, its
 * progress, and the build attempt whose chunks are its file.
 *
 * - `status`: queued → running → ready | failed, or cancelled (from queued or running). An extract
 *   made before this migration with its SHA-256 is ready; one without never finished (its request
 *   failed) and is failed.
 * - `rows_done`, `rows_expected`: progress; `rows_expected` is counted when the job starts.
 * - `attempt`: each run of the job (a new one after a restart) writes its chunks under its own
 *   attempt number, a temporary name; the file is the chunks of `file_attempt`, set together with
 *   `status = 'ready'` and the SHA-256 in one statement at the end. A half-written file is never
 *   ready: its chunks belong to an attempt no manifest names, and are deleted.
 * - `error`: a fixed code of why it failed (never a message that could carry data).
 */
export class ExtractJobs1764601874000 implements MigrationInterface {
  name = 'ExtractJobs1764601874000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE extract
        ADD COLUMN status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'ready', 'failed', 'cancelled')),
        ADD COLUMN rows_done int NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
        ADD COLUMN rows_expected int CHECK (rows_expected >= 0),
        ADD COLUMN attempt int NOT NULL DEFAULT 0 CHECK (attempt >= 0),
        ADD COLUMN file_attempt int,
        ADD COLUMN error text CHECK (error ~ '^[a-z_]{1,64}$'),
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
      UPDATE extract SET status = CASE WHEN sha256 IS NULL THEN 'failed' ELSE 'ready' END,
                         error = CASE WHEN sha256 IS NULL THEN 'interrupted' END,
                         rows_done = coalesce(row_count, 0), file_attempt = CASE WHEN sha256 IS NOT NULL THEN 0 END;
      ALTER TABLE extract ADD CONSTRAINT extract_ready_whole CHECK (
        (status = 'ready') = (sha256 IS NOT NULL AND row_count IS NOT NULL AND byte_count IS NOT NULL AND file_attempt IS NOT NULL)
      );

      ALTER TABLE extract_chunk ADD COLUMN attempt int NOT NULL DEFAULT 0;
      ALTER TABLE extract_chunk ALTER COLUMN attempt DROP DEFAULT;
      ALTER TABLE extract_chunk DROP CONSTRAINT extract_chunk_pkey;
      ALTER TABLE extract_chunk ADD PRIMARY KEY (extract_id, attempt, seq);
      GRANT DELETE ON extract_chunk TO ltt_app;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DELETE FROM extract_chunk c USING extract e WHERE e.id = c.extract_id AND c.attempt IS DISTINCT FROM e.file_attempt;
      ALTER TABLE extract_chunk DROP CONSTRAINT extract_chunk_pkey;
      ALTER TABLE extract_chunk DROP COLUMN attempt;
      ALTER TABLE extract_chunk ADD PRIMARY KEY (extract_id, seq);
      REVOKE DELETE ON extract_chunk FROM ltt_app;
      ALTER TABLE extract DROP CONSTRAINT extract_ready_whole;
      ALTER TABLE extract DROP COLUMN status, DROP COLUMN rows_done, DROP COLUMN rows_expected, DROP COLUMN attempt,
                          DROP COLUMN file_attempt, DROP COLUMN error, DROP COLUMN updated_at;
    `);
  }
}
