import pg from 'pg';
import { AppConfig } from '../../src/config/app-config.js';
import { validateEnv } from '../../src/config/env.js';
import { seedSynthetic } from '../../src/synthetic/seed.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { randomBytes } from 'node:crypto';

describe('synthetic data load', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('loads the small scale with COPY, with a summary and target rows for every course, and row-level security back on', async () => {
    const key = randomBytes(32);
    const config = new AppConfig(
      validateEnv({ NODE_ENV: 'test' }),
      { appUrl: db.appUrl, poolSize: 1 },
      {
        mode: 'local',
        issuer: 'x',
        audience: 'x',
        algorithms: ['ES256'],
        clockToleranceSeconds: 0,
        claims: { roles: 'roles', municipalities: 'municipalities', name: 'name' },
      },
      { cprKeys: new Map([['k', key]]), currentKeyId: 'k', cprIndexKey: key, extractKeyEncryptionKey: key },
    );
    const result = await seedSynthetic({ ownerUrl: db.ownerUrl, config, scale: 'small', seed: 5, today: '2026-06-30', reset: false });
    expect(result.courses).toBeGreaterThan(1_800);
    expect(result.contacts).toBeGreaterThan(result.courses * 4);

    const owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`SET app.scope = 'all'`);
      const { rows } = await owner.query(`
        SELECT (SELECT count(*) FROM course)::int AS courses,
               (SELECT count(*) FROM course_summary)::int AS summaries,
               (SELECT count(DISTINCT course_id) FROM course_target)::int AS judged,
               (SELECT count(*) FROM contact)::int AS contacts,
               (SELECT bool_and(relforcerowsecurity) FROM pg_class
                 WHERE relname IN ('child', 'course', 'contact', 'referral', 'consent', 'course_summary', 'course_target')) AS forced`);
      expect(rows[0]).toEqual({
        courses: result.courses,
        summaries: result.courses,
        judged: result.courses,
        contacts: result.contacts,
        forced: true,
      });
      await expect(
        seedSynthetic({ ownerUrl: db.ownerUrl, config, scale: 'small', seed: 5, today: '2026-06-30', reset: false }),
      ).rejects.toThrow(/--reset/);
    } finally {
      await owner.end();
    }
  });
});
