import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { Db } from '../database/db.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';

export interface RecipientRow {
  id: string;
  name: string;
  keyCiphertext: Buffer;
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
  rowCount: number | null;
  byteCount: number | null;
  sha256: string | null;
  createdBy: string;
  createdAt: string;
  chunks: number;
}

const MANIFEST = `
  SELECT e.id, e.recipient_id AS recipient, e.kind, e.format, to_char(e.from_date, 'YYYY-MM-DD') AS "from",
         to_char(e.to_date, 'YYYY-MM-DD') AS "to", e.municipalities, to_char(e.reference_date, 'YYYY-MM-DD') AS "referenceDate",
         e.schema_version AS "schemaVersion", e.row_count AS "rowCount", e.byte_count::float8 AS "byteCount", e.sha256,
         e.created_by AS "createdBy", to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
         (SELECT count(*)::int FROM extract_chunk WHERE extract_id = e.id) AS chunks
    FROM extract e`;

/** The cursor the row extracts read through (`sql` is COURSES_EXTRACT_SQL or CONTACTS_EXTRACT_SQL). */
export const cursorSql = (sql: string): string => `DECLARE extract_rows NO SCROLL CURSOR FOR ${sql}`;

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
      `SELECT id, name, key_ciphertext AS "keyCiphertext", created_by AS "createdBy",
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
         FROM extract_recipient WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  listRecipients(): Promise<{ id: string; name: string; createdAt: string }[]> {
    return this.db.tx.query(
      `SELECT id, name, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
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

  async insertChunk(extractId: string, seq: number, data: Buffer): Promise<void> {
    await this.db.tx.query(`INSERT INTO extract_chunk (extract_id, seq, data) VALUES ($1, $2, $3)`, [extractId, seq, data]);
  }

  async completeExtract(id: string, rowCount: number, byteCount: number, sha256: string): Promise<void> {
    await this.db.tx.query(`UPDATE extract SET row_count = $2, byte_count = $3, sha256 = $4 WHERE id = $1`, [
      id,
      rowCount,
      byteCount,
      sha256,
    ]);
  }

  async findManifest(id: string): Promise<ExtractManifestRow | undefined> {
    const rows = await this.db.tx.query(`${MANIFEST} WHERE e.id = $1`, [id]);
    return rows[0];
  }

  listManifests(limit: number): Promise<ExtractManifestRow[]> {
    return this.db.tx.query(`${MANIFEST} ORDER BY e.created_at DESC LIMIT ${limit}`);
  }

  async chunk(extractId: string, seq: number): Promise<Buffer | undefined> {
    const rows = await this.db.tx.query(`SELECT data FROM extract_chunk WHERE extract_id = $1 AND seq = $2`, [extractId, seq]);
    return rows[0]?.data;
  }

  /**
   * Reads `sql` through a server-side cursor on a connection of its own (read only, widened to
   * every municipality by NationalScope like the request's transaction), `batchSize` rows at a
   * time: the rows are never all in memory.
   */
  async *cursor<T>(sql: string, params: unknown[], batchSize = 1000): AsyncGenerator<T[]> {
    const runner: QueryRunner = this.db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`SET TRANSACTION READ ONLY`);
      await this.national.widen('anonymised_extract', runner.manager);
      await runner.query(`SELECT set_config('work_mem', '64MB', true)`);
      await runner.query(cursorSql(sql), params);
      // The next batch is fetched while the caller works on this one: the database and Node
      // each keep a core busy. At most two batches are in memory.
      const fetch = (): Promise<T[]> => runner.query(`FETCH ${batchSize} FROM extract_rows`);
      let next = fetch();
      for (;;) {
        const rows = await next;
        if (rows.length === 0) break;
        next = fetch();
        next.catch(() => undefined); // observed on the next turn; the caller may stop first
        yield rows;
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}
