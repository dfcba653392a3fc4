import type pg from 'pg';
import { APP_ROLE } from '../../src/database/embedded-postgres.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

/**
 * Tables that carry `municipality_code` as plain reference data, open to every authenticated
 * caller and read-only to the application role (checked below). Anything else with a
 * `municipality_code` column is tenant data and must have row-level security, enabled and forced.
 */
const REFERENCE_TABLES = ['municipality_population'];

async function insertAudit(client: pg.Client, municipality: string, resourceId: string) {
  await client.query(
    `INSERT INTO audit_log (actor_sub, actor_role, municipality_code, action, resource_type, resource_id)
     VALUES ('fixture', 'caseworker', $1, 'read', 'course', $2)`,
    [municipality, resourceId],
  );
}

/** Runs `sql` as the application role in a transaction with the given settings, then rolls back. */
async function asApp(url: string, settings: Record<string, string>, sql: string): Promise<Record<string, unknown>[]> {
  return withClient(url, async (client) => {
    await client.query('BEGIN');
    try {
      for (const [name, value] of Object.entries(settings)) {
        await client.query('SELECT set_config($1, $2, true)', [name, value]);
      }
      return (await client.query(sql)).rows;
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

describe('tenant isolation', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
    // As the schema owner: FORCE ROW LEVEL SECURITY applies to it too, and the insert policy allows it.
    await withClient(sut.db.ownerUrl, async (client) => {
      for (const id of ['a1', 'a2', 'a3']) await insertAudit(client, '751', id);
      for (const id of ['b1', 'b2']) await insertAudit(client, '101', id);
    });
  });
  afterAll(() => sut.close());

  describe('through the API', () => {
    it('shows a manager of 751 only the audit rows of 751', async () => {
      const res = await sut.http
        .get('/api/v1/audit')
        .set('Authorization', await sut.bearer({ roles: ['manager'], municipalities: ['751'] }));
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(3);
      expect(res.body.items.map((r: { resourceId: string }) => r.resourceId).sort()).toEqual(['a1', 'a2', 'a3']);
      expect(new Set(res.body.items.map((r: { municipalityCode: string }) => r.municipalityCode))).toEqual(new Set(['751']));
    });

    it('shows a manager of 751 nothing when asking for 101', async () => {
      const res = await sut.http
        .get('/api/v1/audit?municipality=101')
        .set('Authorization', await sut.bearer({ roles: ['manager'], municipalities: ['751'] }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ items: [], total: 0 });
    });

    it('shows a manager of both municipalities both', async () => {
      const res = await sut.http
        .get('/api/v1/audit')
        .set('Authorization', await sut.bearer({ roles: ['manager'], municipalities: ['751', '101'] }));
      expect(res.body.total).toBe(5);
    });

    it('shows a manager without municipalities nothing', async () => {
      const res = await sut.http.get('/api/v1/audit').set('Authorization', await sut.bearer({ roles: ['manager'], municipalities: [] }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ items: [], total: 0 });
    });
  });

  describe('in SQL, as the application role, with no WHERE clause', () => {
    const all = 'SELECT municipality_code, resource_id FROM audit_log';

    it('sees only the municipalities set for the transaction', async () => {
      const rows = await asApp(sut.db.appUrl, { 'app.municipalities': '751' }, all);
      expect(rows.map((r) => r.municipality_code).sort()).toEqual(['751', '751', '751']);
    });

    it('sees nothing when nothing is set (fails closed)', async () => {
      expect(await asApp(sut.db.appUrl, {}, all)).toEqual([]);
    });

    it('sees nothing after a transaction that set the scope has ended (the setting was LOCAL)', async () => {
      const rows = await withClient(sut.db.appUrl, async (client) => {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.municipalities', '751,101', true)`);
        await client.query('COMMIT');
        return (await client.query(all)).rows;
      });
      expect(rows).toEqual([]);
    });

    it("sees every municipality with scope 'all'", async () => {
      const rows = await asApp(sut.db.appUrl, { 'app.scope': 'all' }, all);
      expect(new Set(rows.map((r) => r.municipality_code))).toEqual(new Set(['751', '101']));
      expect(rows).toHaveLength(5);
    });

    it('cannot switch row-level security off', async () => {
      await expect(asApp(sut.db.appUrl, { row_security: 'off' }, all)).rejects.toThrow(/row-level security/);
    });
  });

  describe('the application role', () => {
    it('is neither superuser nor allowed to bypass row-level security', async () => {
      const [role] = await asApp(
        sut.db.appUrl,
        {},
        `SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`,
      );
      expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    });

    it('owns no table, view, sequence, function or schema', async () => {
      const owned = await withClient(
        sut.db.superuserUrl,
        async (client) =>
          (
            await client.query(
              `SELECT 'relation ' || relname AS object FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = $1)
             UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE proowner = (SELECT oid FROM pg_roles WHERE rolname = $1)
             UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = $1)`,
              [APP_ROLE],
            )
          ).rows,
      );
      expect(owned).toEqual([]);
    });

    it('has row-level security enabled and forced on every table with a municipality_code', async () => {
      const tables = await withClient(
        sut.db.superuserUrl,
        async (client) =>
          (
            await client.query<{ table: string; rls: boolean; forced: boolean; policies: number }>(
              `SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
                    (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
               FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
               JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'municipality_code' AND NOT a.attisdropped
              WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              ORDER BY c.relname`,
            )
          ).rows,
      );
      const tenantTables = tables.filter((t) => !REFERENCE_TABLES.includes(t.table));
      expect(tenantTables.map((t) => t.table)).toEqual(expect.arrayContaining(['audit_log']));
      const unprotected = tenantTables.filter((t) => !t.rls || !t.forced || t.policies === 0).map((t) => t.table);
      expect(unprotected).toEqual([]);
    });

    it('may only read the reference tables that are exempt from row-level security', async () => {
      const grants = await withClient(
        sut.db.superuserUrl,
        async (client) =>
          (
            await client.query<{ table: string; privilege: string }>(
              `SELECT table_name AS table, privilege_type AS privilege FROM information_schema.role_table_grants
              WHERE grantee = $1 AND table_name = ANY($2) AND privilege_type <> 'SELECT'`,
              [APP_ROLE, REFERENCE_TABLES],
            )
          ).rows,
      );
      expect(grants).toEqual([]);
    });
  });
});
