import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { Sex } from '../kernel/course.model.js';

/**
 * The child register's SQL: one `child` row per child and municipality, found by the CPR's blind
 * index (never by the CPR itself). Row-level security scopes every statement to the caller.
 */
@Injectable()
export class ChildrenRepository {
  constructor(private readonly db: Db) {}

  async findByIndex(municipalityCode: string, cprIndex: string): Promise<{ id: string } | undefined> {
    const rows = await this.db.tx.query(`SELECT id FROM child WHERE municipality_code = $1 AND cpr_index = $2`, [
      municipalityCode,
      cprIndex,
    ]);
    return rows[0];
  }

  /** The child's rows in every municipality the caller may see. */
  async idsByIndex(cprIndex: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.tx.query(`SELECT id FROM child WHERE cpr_index = $1`, [cprIndex]);
    return rows.map((r) => r.id);
  }

  /**
   * The child row for this blind index, created if absent. A concurrent request registering the
   * same new child waits on the unique index and then gets the row the other one committed.
   */
  async insert(child: {
    municipalityCode: string;
    cprIndex: string;
    ciphertext: Buffer;
    keyId: string;
    birthDate: string;
    sex: Sex;
  }): Promise<string> {
    const [row] = await this.db.tx.query(
      `INSERT INTO child (municipality_code, cpr_index, cpr_ciphertext, cpr_key_id, birth_date, sex)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (municipality_code, cpr_index) DO NOTHING RETURNING id`,
      [child.municipalityCode, child.cprIndex, child.ciphertext, child.keyId, child.birthDate, child.sex],
    );
    if (row) return row.id;
    return (await this.findByIndex(child.municipalityCode, child.cprIndex))!.id;
  }

  /** The child's open course, other than `exceptCourseId`, if there is one. */
  async findOpenCourse(childId: string, exceptCourseId?: string): Promise<string | undefined> {
    const rows = await this.db.tx.query(
      `SELECT id FROM course WHERE child_id = $1 AND status = 'open' AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [childId, exceptCourseId ?? null],
    );
    return rows[0]?.id;
  }
}
