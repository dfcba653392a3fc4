import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { bootstrapRoles, OWNER_ROLE, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { prepareSchema } from '../../src/bootstrap.js';

export const TEMPLATE_DB = 'ltt_test_template';

/**
 * Starts one real PostgreSQL for the whole run (embedded, or TEST_DATABASE_URL, which must be a
 * role that may create roles and databases), and builds one migrated template database that
 * each test file copies (CREATE DATABASE ... TEMPLATE), as immich's medium tests do.
 */
export async function setupTestDatabase(): Promise<void> {
  // The medium and large projects both name this set-up; Jest runs it once per project, in one process.
  if (process.env.LTT_TEST_TEMPLATE) return;
  const passwords = {
    postgres: 'test-superuser',
    owner: randomBytes(12).toString('hex'),
    app: randomBytes(12).toString('hex'),
  };
  let superuserUrl = process.env.TEST_DATABASE_URL;
  if (!superuserUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir: process.env.TEST_DATA_DIR ?? './.data-test',
      database: 'postgres',
      passwords,
      unsafeFastWrites: true,
    });
    (globalThis as { __ltt_pg?: { stop(): Promise<void> } }).__ltt_pg = embedded;
    superuserUrl = embedded.superuserUrl;
  } else {
    await bootstrapRoles(superuserUrl, 'postgres', passwords);
  }
  const admin = new pg.Client({ connectionString: superuserUrl });
  await admin.connect();
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname LIKE 'ltt_t_%' OR datname = $1`, [TEMPLATE_DB]);
  const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'ltt_t_%' OR datname = $1`, [TEMPLATE_DB]);
  for (const { datname } of stale.rows) {
    await admin.query(`ALTER DATABASE ${datname} IS_TEMPLATE false`);
    await admin.query(`DROP DATABASE ${datname}`);
  }
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB} OWNER ${OWNER_ROLE}`);
  const base = new URL(superuserUrl);
  const url = (user: string, password: string, db: string) => {
    const u = new URL(base);
    u.username = user;
    u.password = password;
    u.pathname = `/${db}`;
    return u.toString();
  };
  await prepareSchema(url(OWNER_ROLE, passwords.owner, TEMPLATE_DB));
  await admin.query(`ALTER DATABASE ${TEMPLATE_DB} IS_TEMPLATE true`);
  await admin.end();

  process.env.LTT_TEST_SUPERUSER_URL = superuserUrl;
  process.env.LTT_TEST_OWNER_PASSWORD = passwords.owner;
  process.env.LTT_TEST_APP_PASSWORD = passwords.app;
  process.env.LTT_TEST_TEMPLATE = TEMPLATE_DB;
}
