import pg from 'pg';
import { GROUP_SQL } from '../../src/statistics/groupings.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The calendar groupings of the reports are SQL (`GROUP_SQL`), run by PostgreSQL on `date`
 * columns: months, quarters and half-years of Danish local dates, DST weekends and year ends included.
 */
describe('report groupings by calendar period', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.ownerUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it.each([
    ['2025-03-30', '2025-03', '2025-Q1', '2025-H1'],
    ['2025-10-26', '2025-10', '2025-Q4', '2025-H2'],
    ['2026-03-29', '2026-03', '2026-Q1', '2026-H1'],
    ['2026-10-25', '2026-10', '2026-Q4', '2026-H2'],
    ['2025-12-29', '2025-12', '2025-Q4', '2025-H2'],
    ['2025-12-31', '2025-12', '2025-Q4', '2025-H2'],
    ['2026-01-01', '2026-01', '2026-Q1', '2026-H1'],
    ['2026-06-30', '2026-06', '2026-Q2', '2026-H1'],
    ['2026-07-01', '2026-07', '2026-Q3', '2026-H2'],
  ])('%s is month %s, %s, %s', async (date, month, quarter, half) => {
    const { rows } = await client.query(
      `SELECT ${GROUP_SQL.month('t')} AS month, ${GROUP_SQL.quarter('t')} AS quarter, ${GROUP_SQL.half_year('t')} AS half
         FROM (SELECT $1::date AS first_contact_date) t`,
      [date],
    );
    expect(rows[0]).toEqual({ month, quarter, half });
  });
});
