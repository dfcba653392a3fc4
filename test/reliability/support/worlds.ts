import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestDatabase } from '../../support/test-database.js';

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/** Tables holding another kind of data than a municipality's cases, though they carry its code. */
const REFERENCE_TABLES = new Set(['municipality_population', 'population']);

/**
 * A copy of `source` (CREATE DATABASE ... TEMPLATE) from which one municipality has been taken
 * out, as if it had never used the service: every row of every table with a `municipality_code`
 * (reference data aside), and the stored idempotent responses its users left (their keys start
 * with `keyPrefix`). Done as the superuser with triggers off (session_replication_role =
 * replica): the audit log's append-only trigger would otherwise refuse, rightly.
 * No connection may be open to `source` while it is copied.
 */
export async function copyWithout(
  source: TestDatabase,
  municipality: string,
  keyPrefix: string,
): Promise<TestDatabase & { removed: number }> {
  const name = `ltt_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: source.superuserUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source.name} OWNER ltt_owner`);
  } finally {
    await admin.end();
  }
  const copy: TestDatabase = {
    name,
    appUrl: withDatabase(source.appUrl, name),
    ownerUrl: withDatabase(source.ownerUrl, name),
    superuserUrl: withDatabase(source.superuserUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: source.superuserUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
  const client = new pg.Client({ connectionString: copy.superuserUrl });
  await client.connect();
  let removed = 0;
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL session_replication_role = replica`);
    const { rows } = await client.query<{ table: string }>(
      `SELECT table_name AS table FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'municipality_code' ORDER BY table_name`,
    );
    for (const { table } of rows) {
      if (REFERENCE_TABLES.has(table)) continue;
      removed += (await client.query(`DELETE FROM "${table}" WHERE municipality_code = $1`, [municipality])).rowCount ?? 0;
    }
    removed += (await client.query(`DELETE FROM idempotency_key WHERE key LIKE $1`, [`${keyPrefix}%`])).rowCount ?? 0;
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return { ...copy, removed };
}
