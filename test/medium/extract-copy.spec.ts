/**
 * The extracts' COPY (ExtractsRepository.copy) with the courses and contacts extract SQL, against
 * the real database: its own read-only connection, widened to every municipality by NationalScope.
 */
import { columnsFor, type ExtractKind } from '../../src/extracts/extract-columns.js';
import {
  COURSES_EXTRACT_SQL,
  CONTACTS_EXTRACT_SQL,
  coursesExtractSql,
  type ExtractSqlRow,
  rowOfCopyLine,
  VALUES_COLUMN,
} from '../../src/extracts/extract-sql.js';
import type { PseudonymScheme } from '../../src/extracts/pseudonym.js';
import { ExtractsRepository } from '../../src/extracts/extracts.repository.js';
import { load, openDatabase, type MediumDatabase } from '../support/medium.js';
import { COURSES, FROM, TO, TODAY } from './fixture-two-regions.js';

describe('ExtractsRepository.copy', () => {
  let database: MediumDatabase;
  let sut: ExtractsRepository;
  beforeAll(async () => {
    database = await openDatabase();
    await load(database, COURSES, TODAY);
    sut = new ExtractsRepository(database.db, database.national);
  });
  afterAll(() => database.close());

  const read = async (sql: string, municipalities: string[] | null, scheme: PseudonymScheme = 'cpr_index') => {
    const rows: ExtractSqlRow[] = [];
    await database.context.run({ requestId: 'medium-extract' }, async () => {
      for await (const lines of sut.copy(sql, [FROM, TO, TODAY, municipalities])) rows.push(...lines.map((l) => rowOfCopyLine(scheme, l)));
    });
    return rows;
  };
  /** A row's values text as its columns (after the child key), each value as its text. */
  const valuesOf = (kind: ExtractKind, row: ExtractSqlRow): Record<string, string> => {
    const values = row[VALUES_COLUMN].split(',');
    const columns = columnsFor(kind).slice(1);
    expect(values).toHaveLength(columns.length);
    return Object.fromEntries(columns.map((c, i) => [c.name, values[i]]));
  };

  it('streams every course with a CPR in the cohort across all municipalities', async () => {
    const rows = await read(COURSES_EXTRACT_SQL, null);
    // 10 courses: a3 has no CPR, c4 was entered in error: 8 rows.
    expect(rows).toHaveLength(8);
    const values = rows.map((r) => valuesOf('courses', r));
    expect(values.map((r) => r.municipality_code).sort()).toEqual(['101', '101', '101', '147', '727', '727', '751', '751']);
    const b1 = values.find((r) => r.municipality_code === '727' && r.days_to_pre_conversation === '7')!;
    expect(b1).toMatchObject({
      region_code: '1082',
      age_years: '9',
      age_group: '5_9',
      sex: 'male',
      days_to_screening: '39',
      target_pre_conversation_14d_state: 'met',
      target_screening_30d_state: 'breached',
    });
    // A recipient registered now: the blind index, never the sealed CPR.
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.cpr_index!) && !('cpr_ciphertext' in r))).toBe(true);
  });

  it('gives the sealed CPR instead for a recipient of the cpr scheme (registered before the blind-index scheme)', async () => {
    const rows = await read(coursesExtractSql('cpr'), null, 'cpr');
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => Buffer.isBuffer(r.cpr_ciphertext) && typeof r.cpr_key_id === 'string' && !('cpr_index' in r))).toBe(true);
  });

  it('keeps to the municipalities asked for', async () => {
    const rows = await read(CONTACTS_EXTRACT_SQL, ['147']);
    // d1: its first contact and its pre-conversation.
    expect(rows.map((r) => valuesOf('contacts', r)).map((r) => [r.municipality_code, r.contact_type, r.days_since_first_contact])).toEqual([
      ['147', 'first_contact', '0'],
      ['147', 'pre_conversation', '21'],
    ]);
  });

  it('ends its connection when the caller stops during the COPY, and the pool goes on serving', async () => {
    const before = (await database.db.dataSource.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
    await database.context.run({ requestId: 'medium-extract-stop' }, async () => {
      for await (const lines of sut.copy(`SELECT g::text AS cpr_index, 'x' AS row_values FROM generate_series(1, 2000000) g`, [])) {
        expect(lines.length).toBeGreaterThan(0);
        break;
      }
    });
    // The pool (of two) still answers, on connections that are not in the middle of a COPY.
    for (let i = 0; i < 4; i++) expect(await database.db.dataSource.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    // The server notices the closed connection at its next write and ends the query.
    const copying = async () =>
      (
        (await database.db.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT g::text%' AND state = 'active' AND pid <> $1`,
          [before[0].pid],
        )) as { n: number }[]
      )[0].n;
    const until = Date.now() + 5000;
    while ((await copying()) > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await copying()).toBe(0);
  });
});
