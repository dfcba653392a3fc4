/**
 * The extract cursor (ExtractsRepository.cursor) with the courses and contacts extract SQL, against
 * the real database: its own read-only connection, widened to every municipality by NationalScope.
 */
import { COURSES_EXTRACT_SQL, CONTACTS_EXTRACT_SQL, coursesExtractSql } from '../../src/extracts/extract-sql.js';
import { ExtractsRepository } from '../../src/extracts/extracts.repository.js';
import { load, openDatabase, type MediumDatabase } from '../support/medium.js';
import { COURSES, FROM, TO, TODAY } from './fixture-two-regions.js';

describe('ExtractsRepository.cursor', () => {
  let database: MediumDatabase;
  let sut: ExtractsRepository;
  beforeAll(async () => {
    database = await openDatabase();
    await load(database, COURSES, TODAY);
    sut = new ExtractsRepository(database.db, database.national);
  });
  afterAll(() => database.close());

  const read = async (sql: string, municipalities: string[] | null, batchSize = 3) => {
    const batches: Record<string, unknown>[][] = [];
    await database.context.run({ requestId: 'medium-extract' }, async () => {
      for await (const batch of sut.cursor<Record<string, unknown>>(sql, [FROM, TO, TODAY, municipalities], batchSize)) batches.push(batch);
    });
    return batches;
  };

  it('streams every course with a CPR in the cohort, in batches, across all municipalities', async () => {
    const batches = await read(COURSES_EXTRACT_SQL, null);
    // 10 courses: a3 has no CPR, c4 was entered in error: 8 rows, in batches of 3.
    expect(batches.map((b) => b.length)).toEqual([3, 3, 2]);
    const rows = batches.flat();
    expect(rows.map((r) => r.municipality_code).sort()).toEqual(['101', '101', '101', '147', '727', '727', '751', '751']);
    const b1 = rows.find((r) => r.municipality_code === '727' && r.days_to_pre_conversation === 7)!;
    expect(b1).toMatchObject({
      region_code: '1082',
      age_years: 9,
      age_group: '5_9',
      sex: 'male',
      days_to_screening: 39,
      national_states: { pre_conversation_14d: 'met', screening_30d: 'breached' },
    });
    // A recipient registered now: the blind index, never the sealed CPR.
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.cpr_index as string) && !('cpr_ciphertext' in r))).toBe(true);
  });

  it('gives the sealed CPR instead for a recipient of the cpr scheme (registered before the blind-index scheme)', async () => {
    const rows = (await read(coursesExtractSql('cpr'), null)).flat();
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => Buffer.isBuffer(r.cpr_ciphertext) && typeof r.cpr_key_id === 'string' && !('cpr_index' in r))).toBe(true);
  });

  it('keeps to the municipalities asked for', async () => {
    const rows = (await read(CONTACTS_EXTRACT_SQL, ['147'])).flat();
    // d1: its first contact and its pre-conversation.
    expect(rows.map((r) => [r.municipality_code, r.contact_type, r.days_since_first_contact])).toEqual([
      ['147', 'first_contact', 0],
      ['147', 'pre_conversation', 21],
    ]);
  });
});
