import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { APP_ROLE, OWNER_ROLE } from '../../src/database/embedded-postgres.js';

export interface TestDatabase {
  name: string;
  /** As the application role (RLS applies). */
  appUrl: string;
  /** As the schema owner (for fixtures that need to bypass the API). */
  ownerUrl: string;
  superuserUrl: string;
  drop(): Promise<void>;
}

function urlFor(user: string, password: string, db: string): string {
  const u = new URL(process.env.LTT_TEST_SUPERUSER_URL!);
  u.username = user;
  u.password = password;
  u.pathname = `/${db}`;
  return u.toString();
}

/** A fresh, migrated database of its own for one test file, copied from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ltt_t_${randomBytes(5).toString('hex')}`;
  const superuserUrl = process.env.LTT_TEST_SUPERUSER_URL!;
  const admin = new pg.Client({ connectionString: superuserUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${process.env.LTT_TEST_TEMPLATE} OWNER ${OWNER_ROLE}`);
  await admin.end();
  return {
    name,
    appUrl: urlFor(APP_ROLE, process.env.LTT_TEST_APP_PASSWORD!, name),
    ownerUrl: urlFor(OWNER_ROLE, process.env.LTT_TEST_OWNER_PASSWORD!, name),
    superuserUrl: urlFor(new URL(superuserUrl).username, decodeURIComponent(new URL(superuserUrl).password), name),
    async drop() {
      const c = new pg.Client({ connectionString: superuserUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Runs `fn` with a client connected as `url`, then disconnects. No transaction is opened: what
 * `fn` writes stays (the test database is dropped with its test file), unless `fn` rolls it back.
 */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
