import { Injectable } from '@nestjs/common';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';
import { Db } from '../database/db.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import type { PseudonymScheme } from './pseudonym.js';

export interface RecipientRow {
  id: string;
  name: string;
  keyCiphertext: Buffer;
  pseudonymScheme: PseudonymScheme;
  createdBy: string;
  createdAt: string;
}

export interface ExtractManifestRow {
  id: string;
  recipient: string;
  kind: 'courses' | 'contacts' | 'aggregates';
  format: 'csv' | 'csv-excel-da' | 'jsonl';
  from: string;
  to: string;
  municipalities: string[] | null;
  referenceDate: string;
  schemaVersion: string;
  status: ExtractStatus;
  rowsDone: number;
  rowsExpected: number | null;
  attempt: number;
  fileAttempt: number | null;
  error: string | null;
  rowCount: number | null;
  byteCount: number | null;
  sha256: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** The file's chunks (those of the ready attempt). */
  chunks: number;
}

export const EXTRACT_STATUSES = ['queued', 'running', 'ready', 'failed', 'cancelled'] as const;
export type ExtractStatus = (typeof EXTRACT_STATUSES)[number];

const MANIFEST = `
  SELECT e.id, e.recipient_id AS recipient, e.kind, e.format, to_char(e.from_date, 'YYYY-MM-DD') AS "from",
         to_char(e.to_date, 'YYYY-MM-DD') AS "to", e.municipalities, to_char(e.reference_date, 'YYYY-MM-DD') AS "referenceDate",
         e.schema_version AS "schemaVersion", e.status, e.rows_done AS "rowsDone", e.rows_expected AS "rowsExpected",
         e.attempt, e.file_attempt AS "fileAttempt", e.error,
         e.row_count AS "rowCount", e.byte_count::float8 AS "byteCount", e.sha256,
         e.created_by AS "createdBy", to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
         to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt",
         (SELECT count(*)::int FROM extract_chunk WHERE extract_id = e.id AND attempt = e.file_attempt) AS chunks
    FROM extract e`;

/**
 * The COPY the row extracts are read through: their SQL (coursesExtractSql or contactsExtractSql
 * of the recipient's scheme) with its parameters written in as literals, as COPY takes no bind
 * parameters. The parameters are the manifest's dates and municipality codes, checked when the
 * extract was asked for; each is quoted by pg's escapeLiteral all the same.
 */
export function copySql(sql: string, params: readonly unknown[]): string {
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return `ARRAY[${value.map((v) => pg.escapeLiteral(String(v))).join(', ')}]::text[]`;
    return pg.escapeLiteral(String(value));
  };
  const text = sql.replace(/\$(\d+)(?!\d)/g, (_, n: string) => {
    if (Number(n) > params.length) throw new RangeError(`No value for $${n}`);
    return literal(params[Number(n) - 1]);
  });
  return `COPY (${text}) TO STDOUT`;
}

@Injectable()
export class ExtractsRepository {
  constructor(
    private readonly db: Db,
    private readonly national: NationalScope,
  ) {}

  async insertRecipient(id: string, name: string, keyCiphertext: Buffer, createdBy: string): Promise<boolean> {
    const rows = await this.db.tx.query(
      `INSERT INTO extract_recipient (id, name, key_ciphertext, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, name, keyCiphertext, createdBy],
    );
    return rows.length === 1;
  }

  async findRecipient(id: string): Promise<RecipientRow | undefined> {
    const rows = await this.db.tx.query(
      `SELECT id, name, key_ciphertext AS "keyCiphertext", pseudonym_scheme AS "pseudonymScheme", created_by AS "createdBy",
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
         FROM extract_recipient WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  listRecipients(): Promise<{ id: string; name: string; pseudonymScheme: PseudonymScheme; createdAt: string }[]> {
    return this.db.tx.query(
      `SELECT id, name, pseudonym_scheme AS "pseudonymScheme", to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
         FROM extract_recipient ORDER BY id`,
    );
  }

  async insertExtract(e: {
    recipient: string;
    kind: string;
    format: string;
    from: string;
    to: string;
    municipalities: string[] | null;
    referenceDate: string;
    schemaVersion: string;
    createdBy: string;
  }): Promise<string> {
    const [row] = await this.db.tx.query(
      `INSERT INTO extract (recipient_id, kind, format, from_date, to_date, municipalities, reference_date, schema_version, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [e.recipient, e.kind, e.format, e.from, e.to, e.municipalities, e.referenceDate, e.schemaVersion, e.createdBy],
    );
    return row.id;
  }

  /**
   * Begins a run of the build job: a new attempt number (the temporary name its chunks are written
   * under), progress from zero, and the chunks of any earlier, interrupted attempt gone. Nothing
   * when the extract is no longer queued or running (cancelled, or finished by an earlier run).
   */
  async startAttempt(id: string): Promise<{ attempt: number } | undefined> {
    const [rows] = await this.db.tx.query(
      `UPDATE extract SET status = 'running', attempt = attempt + 1, rows_done = 0, updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING attempt`,
      [id],
    );
    if (!rows.length) return undefined;
    // A first run has nothing to clear; a later one clears what the interrupted runs left.
    if (rows[0].attempt > 1) await this.db.tx.query(`DELETE FROM extract_chunk WHERE extract_id = $1`, [id]);
    return rows[0];
  }

  async setExpected(id: string, attempt: number, rowsExpected: number | null): Promise<void> {
    await this.db.tx.query(`UPDATE extract SET rows_expected = $3, updated_at = now() WHERE id = $1 AND attempt = $2`, [
      id,
      attempt,
      rowsExpected,
    ]);
  }

  /**
   * Records the rows done; false when this attempt should stop (the extract was cancelled, or
   * another run took over). Always on the pool, committed at once, outside the transaction the
   * run writes its chunks in: others see the progress, and the run sees a cancel.
   */
  async progress(id: string, attempt: number, rowsDone: number): Promise<boolean> {
    const [, count] = await this.db.dataSource.manager.query(
      `UPDATE extract SET rows_done = $3, updated_at = now() WHERE id = $1 AND attempt = $2 AND status = 'running'`,
      [id, attempt, rowsDone],
    );
    return count === 1;
  }

  async insertChunk(extractId: string, attempt: number, seq: number, data: Buffer): Promise<void> {
    await this.db.tx.query(`INSERT INTO extract_chunk (extract_id, attempt, seq, data) VALUES ($1, $2, $3, $4)`, [
      extractId,
      attempt,
      seq,
      data,
    ]);
  }

  /**
   * The end of a run, in one statement: the attempt's chunks become the file (`file_attempt`), with
   * its row count, size and SHA-256, and the extract is ready. False (nothing changed) when it was
   * cancelled meanwhile or another run took over.
   */
  async completeAttempt(id: string, attempt: number, rowCount: number, byteCount: number, sha256: string): Promise<boolean> {
    const [, count] = await this.db.tx.query(
      `UPDATE extract SET status = 'ready', file_attempt = attempt, rows_done = $3, row_count = $3, byte_count = $4, sha256 = $5,
              updated_at = now()
        WHERE id = $1 AND attempt = $2 AND status = 'running'`,
      [id, attempt, rowCount, byteCount, sha256],
    );
    return count === 1;
  }

  /** Marks a queued or running extract failed with a fixed code; false when it was not. */
  async fail(id: string, error: string, attempt?: number): Promise<boolean> {
    const [, count] = await this.db.tx.query(
      `UPDATE extract SET status = 'failed', error = $2, updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running') AND ($3::int IS NULL OR attempt = $3)`,
      [id, error, attempt ?? null],
    );
    return count === 1;
  }

  /** Cancels a queued or running extract; false when it is neither. */
  async cancel(id: string): Promise<boolean> {
    const [, count] = await this.db.tx.query(
      `UPDATE extract SET status = 'cancelled', updated_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
      [id],
    );
    return count === 1;
  }

  /** Deletes the chunks a run wrote under `attempt` (it stopped, or lost the extract to another run). */
  async deleteAttemptChunks(id: string, attempt: number): Promise<void> {
    await this.db.tx.query(
      `DELETE FROM extract_chunk c WHERE c.extract_id = $1 AND c.attempt = $2
          AND c.attempt IS DISTINCT FROM (SELECT file_attempt FROM extract WHERE id = $1)`,
      [id, attempt],
    );
  }

  /** Deletes every chunk that is not the extract's file. */
  async deleteLooseChunks(id: string): Promise<void> {
    await this.db.tx.query(
      `DELETE FROM extract_chunk c WHERE c.extract_id = $1
          AND c.attempt IS DISTINCT FROM (SELECT file_attempt FROM extract WHERE id = $1)`,
      [id],
    );
  }

  /** How many rows the extract SQL will give, counted over the same cohort (the job's progress estimate). */
  async countRows(sql: string, params: unknown[]): Promise<number> {
    const [row] = await this.db.tx.query(sql, params);
    return row.n;
  }

  async findManifest(id: string): Promise<ExtractManifestRow | undefined> {
    const rows = await this.db.tx.query(`${MANIFEST} WHERE e.id = $1`, [id]);
    return rows[0];
  }

  listManifests(limit: number): Promise<ExtractManifestRow[]> {
    return this.db.tx.query(`${MANIFEST} ORDER BY e.created_at DESC LIMIT ${limit}`);
  }

  /** A chunk of the extract's file (the ready attempt's); in binary form, a third of the hex text's cost for a MiB. */
  async chunk(extractId: string, seq: number): Promise<Buffer | undefined> {
    const rows = await this.db.tx.query(
      `SELECT c.data FROM extract_chunk c JOIN extract e ON e.id = c.extract_id AND c.attempt = e.file_attempt
        WHERE c.extract_id = $1 AND c.seq = $2 AND e.status = 'ready'`,
      [extractId, seq],
      { binary: true },
    );
    return rows[0]?.data;
  }

  /**
   * Reads `sql` through COPY ... TO STDOUT on a connection of its own (read only, widened to every
   * municipality by NationalScope like the request's transaction): the rows as COPY's text lines
   * (without their line end), those of each piece as it arrives, never all in memory (the stream
   * waits while the caller works).
   * A caller that stops early (a cancelled extract) ends the connection, which stops the query:
   * a connection in the middle of a COPY cannot go back to the pool.
   */
  async *copy(sql: string, params: readonly unknown[]): AsyncGenerator<string[]> {
    const runner = this.db.dataSource.createQueryRunner() as QueryRunner & { releasePostgresConnection(error?: Error): Promise<void> };
    const client = (await runner.connect()) as pg.PoolClient;
    let copying = false;
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`SET TRANSACTION READ ONLY`);
      await this.national.widen('anonymised_extract', runner.manager);
      await runner.query(`SELECT set_config('work_mem', '64MB', true)`);
      copying = true;
      let rest = '';
      for await (const piece of client.query(copyTo(copySql(sql, params)))) {
        const lines = (rest + (piece as Buffer).toString('utf8')).split('\n');
        rest = lines.pop()!;
        if (lines.length) yield lines;
      }
      copying = false;
      if (rest) throw new Error('The COPY ended inside a line');
      await runner.commitTransaction();
    } finally {
      if (copying) await runner.releasePostgresConnection(new Error('The extract stopped during its COPY'));
      else {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        await runner.release();
      }
    }
  }
}
