import type pg from 'pg';
import type { Response } from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

interface Fixture {
  municipality: string;
  resourceType: string;
  resourceId: string;
  actor: string;
  occurredAt: string;
}

/** 7 rows for 751 and 2 for 101, an hour apart, newest last. */
const FIXTURES: Fixture[] = [
  ...['c1', 'c2', 'c3', 'c4', 'c5'].map((id, i) => ({
    municipality: '751',
    resourceType: 'course',
    resourceId: id,
    actor: i % 2 ? 'bob' : 'alice',
    occurredAt: `2026-03-0${i + 1}T10:00:00Z`,
  })),
  { municipality: '751', resourceType: 'extract', resourceId: 'e1', actor: 'alice', occurredAt: '2026-03-10T10:00:00Z' },
  // 23:30 UTC on 31 March is 1 April in Copenhagen (CEST): the date filters are Danish dates.
  { municipality: '751', resourceType: 'course', resourceId: 'c6', actor: 'carol', occurredAt: '2026-03-31T22:30:00Z' },
  { municipality: '101', resourceType: 'course', resourceId: 'k1', actor: 'dora', occurredAt: '2026-03-02T10:00:00Z' },
  { municipality: '101', resourceType: 'course', resourceId: 'k2', actor: 'dora', occurredAt: '2026-03-03T10:00:00Z' },
];

async function insert(client: pg.Client, f: Fixture) {
  await client.query(
    `INSERT INTO audit_log (occurred_at, actor_sub, actor_role, municipality_code, action, resource_type, resource_id)
     VALUES ($1, $2, 'caseworker', $3, 'read', $4, $5)`,
    [f.occurredAt, f.actor, f.municipality, f.resourceType, f.resourceId],
  );
}

const ids = (res: Response) => res.body.items.map((r: { resourceId: string }) => r.resourceId);

describe('audit log', () => {
  let sut: TestApp;
  let manager: string;
  let admin: string;

  beforeAll(async () => {
    sut = await startTestApp();
    await withClient(sut.db.ownerUrl, async (client) => {
      for (const f of FIXTURES) await insert(client, f);
    });
    manager = await sut.bearer({ sub: 'manager-751', roles: ['manager'], municipalities: ['751'] });
    admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
  });
  afterAll(() => sut.close());

  /** Every row as the superuser sees it (bypassing row-level security), to prove nothing changed. */
  const snapshot = () => withClient(sut.db.superuserUrl, async (c) => (await c.query('SELECT * FROM audit_log ORDER BY id')).rows);

  describe('is append-only', () => {
    const changes = [
      ['UPDATE', `UPDATE audit_log SET action = 'tampered'`],
      ['DELETE', `DELETE FROM audit_log`],
      ['TRUNCATE', `TRUNCATE audit_log`],
    ];

    it.each(changes)('refuses %s by the application role', async (_verb, sql) => {
      const before = await snapshot();
      await expect(
        withClient(sut.db.appUrl, async (c) => {
          await c.query('BEGIN');
          await c.query(`SELECT set_config('app.scope', 'all', true)`);
          await c.query(sql);
          await c.query('COMMIT');
        }),
      ).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
      expect(await snapshot()).toEqual(before);
    });

    it.each(changes)('refuses %s by the schema owner', async (verb, sql) => {
      const before = await snapshot();
      const outcome = await withClient(sut.db.ownerUrl, async (c) => {
        await c.query('BEGIN');
        await c.query(`SELECT set_config('app.scope', 'all', true)`);
        try {
          const result = await c.query(sql);
          await c.query('COMMIT');
          return { rowCount: result.rowCount };
        } catch (error) {
          await c.query('ROLLBACK');
          return { error: error as { code: string; message: string } };
        }
      });
      if (verb === 'TRUNCATE') {
        // TRUNCATE ignores row-level security; the statement trigger stops it.
        expect(outcome.error).toMatchObject({ code: '42501', message: expect.stringMatching(/append-only: TRUNCATE/) });
      } else if (outcome.error) {
        expect(outcome.error).toMatchObject({ code: '42501' });
      } else {
        // FORCE ROW LEVEL SECURITY with no UPDATE or DELETE policy: the owner's statement
        // reaches no row at all, so the row trigger has nothing to refuse.
        expect(outcome.rowCount).toBe(0);
      }
      expect(await snapshot()).toEqual(before);
    });

    it.each(changes.slice(0, 2))('refuses %s even by a superuser, who bypasses row-level security (the trigger)', async (verb, sql) => {
      const before = await snapshot();
      await expect(withClient(sut.db.superuserUrl, (c) => c.query(sql))).rejects.toMatchObject({
        code: '42501',
        message: expect.stringContaining(`append-only: ${verb}`),
      });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('GET /api/v1/audit', () => {
    it('pages newest first with page, pageSize and total', async () => {
      const first = await sut.http.get('/api/v1/audit?pageSize=3').set('Authorization', manager);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ total: 7, page: 1, pageSize: 3 });
      expect(ids(first)).toEqual(['c6', 'e1', 'c5']);

      const third = await sut.http.get('/api/v1/audit?pageSize=3&page=3').set('Authorization', manager);
      expect(third.body).toMatchObject({ total: 7, page: 3, pageSize: 3 });
      expect(ids(third)).toEqual(['c1']);

      const beyond = await sut.http.get('/api/v1/audit?pageSize=3&page=4').set('Authorization', manager);
      expect(beyond.body).toMatchObject({ items: [], total: 7 });
    });

    it('defaults to page 1 of 50', async () => {
      const res = await sut.http.get('/api/v1/audit').set('Authorization', manager);
      expect(res.body).toMatchObject({ page: 1, pageSize: 50, total: 7 });
    });

    it('returns the recorded fields', async () => {
      const res = await sut.http.get('/api/v1/audit?resourceId=e1').set('Authorization', manager);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          id: expect.any(String),
          occurredAt: '2026-03-10T10:00:00.000Z',
          actorSub: 'alice',
          actorRole: 'caseworker',
          municipalityCode: '751',
          action: 'read',
          resourceType: 'extract',
          resourceId: 'e1',
        }),
      ]);
    });

    it.each([
      ['resourceType=extract', ['e1']],
      ['resourceType=course&resourceId=c2', ['c2']],
      ['actor=bob', ['c4', 'c2']],
      ['from=2026-03-04&to=2026-03-05', ['c5', 'c4']],
      ['from=2026-04-01', ['c6']],
      ['to=2026-03-31', ['e1', 'c5', 'c4', 'c3', 'c2', 'c1']],
      ['municipality=751&actor=alice', ['e1', 'c5', 'c3', 'c1']],
    ])('filters by %s', async (query, expected) => {
      const res = await sut.http.get(`/api/v1/audit?${query}`).set('Authorization', manager);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual(expected);
      expect(res.body.total).toBe(expected.length);
    });

    it.each([
      ['page=0', 'page'],
      ['pageSize=501', 'pageSize'],
      ['pageSize=abc', 'pageSize'],
      ['municipality=75', 'municipality'],
      ['from=2026-02-30', 'from'],
    ])('rejects %s with a field error', async (query, field) => {
      const res = await sut.http.get(`/api/v1/audit?${query}`).set('Authorization', manager);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('shows administrators every municipality', async () => {
      const res = await sut.http.get('/api/v1/audit?pageSize=100').set('Authorization', admin);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(9);
      expect(new Set(res.body.items.map((r: { municipalityCode: string }) => r.municipalityCode))).toEqual(new Set(['751', '101']));

      const only101 = await sut.http.get('/api/v1/audit?municipality=101').set('Authorization', admin);
      expect(ids(only101)).toEqual(['k2', 'k1']);
    });

    it('refuses caseworkers with 403', async () => {
      const res = await sut.http
        .get('/api/v1/audit')
        .set('Authorization', await sut.bearer({ roles: ['caseworker'], municipalities: ['751'] }));
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 403, title: 'Forbidden', requestId: expect.any(String) });
    });
  });
});
