import type pg from 'pg';
import type { Response } from 'supertest';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { dayOffset } from '../support/dates.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

const COURSES = '/api/v1/courses';

function expectUnavailable(res: Response) {
  expect({ status: res.status, type: res.body.type }).toEqual({ status: 503, type: PROBLEM_BASE + 'database_unavailable' });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(JSON.stringify(res.body)).not.toMatch(/ECONN|127\.0\.0\.1|terminat|password/i);
}

/**
 * The backends of this database waiting for a lock. The statistics snapshot is cleared first:
 * inside a transaction pg_stat_activity would otherwise show the first look again and again.
 */
async function lockWaiters(client: pg.Client): Promise<number[]> {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
  );
  return rows.map((r: { pid: number }) => r.pid);
}

/** Polls `fn` until it answers `status`, for at most `ms`; returns the last answer. */
async function until(status: number, fn: () => Promise<Response>, ms = 15_000): Promise<Response> {
  const deadline = Date.now() + ms;
  let res = await fn();
  while (res.status !== status && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 200));
    res = await fn();
  }
  return res;
}

/**
 * The database goes away under the running service (a TCP proxy between them is cut, or its
 * connections are terminated): every request is a 503 problem+json with Retry-After, readiness
 * says down, and the service recovers by itself when the database is back, without a restart.
 */
describe('database outage', () => {
  let proxy: TcpProxy;
  let sut: TestApp;
  let caseworker: string;
  let courseId: string;

  beforeAll(async () => {
    const target = new URL(process.env.LTT_TEST_SUPERUSER_URL!);
    proxy = await startTcpProxy(target.hostname, Number(target.port));
    sut = await startTestApp({
      env: { DATABASE_CONNECT_TIMEOUT_MS: '1000' },
      // Four pooled connections, which one test fills with requests waiting on a lock.
      poolSize: 4,
      appUrl: (url) => {
        const proxied = new URL(url);
        proxied.port = String(proxy.port);
        return proxied.toString();
      },
    });
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    courseId = (await create().expect(201)).body.id;
  });
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await sut.close();
    await proxy.close();
  });

  const create = () =>
    sut.http
      .post(COURSES)
      .set('Authorization', caseworker)
      .send({
        municipalityCode: '751',
        firstContact: { date: dayOffset(-2), channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: true,
      });
  const read = () => sut.http.get(`${COURSES}/${courseId}`).set('Authorization', caseworker);

  it('answers 503 with Retry-After while the database is unreachable, says not ready, and recovers without a restart', async () => {
    await read().expect(200);
    await proxy.cut();
    try {
      const started = Date.now();
      expectUnavailable(await read());
      expectUnavailable(await create());
      expectUnavailable(await sut.http.get(COURSES).set('Authorization', caseworker));
      expect(Date.now() - started).toBeLessThan(5000);
      const ready = await sut.http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.details.details).toMatchObject({ database: { status: 'down' } });
      expect(JSON.stringify(ready.body)).not.toMatch(/ECONN|127\.0\.0\.1/);
      await sut.http.get('/health/live').expect(200);
    } finally {
      await proxy.restore();
    }
    expect((await until(200, read)).status).toBe(200);
    expect((await until(200, () => sut.http.get('/health/ready'))).status).toBe(200);
    await create().expect(201);
  });

  it('answers 503 for a request whose connection is terminated mid-transaction, and the next one works', async () => {
    const before = (await read().expect(200)).body;
    await withClient(sut.db.superuserUrl, async (locker) => {
      // Hold the course's row lock so the PATCH waits inside its transaction, then terminate it.
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM course WHERE id = $1 FOR UPDATE', [courseId]);
      const pending = sut.http
        .patch(`${COURSES}/${courseId}`)
        .set('Authorization', caseworker)
        .set('If-Match', `"${before.version}"`)
        .send({ focusAreas: ['sadness'] })
        .then((r) => r);
      let waiting: number[] = [];
      for (let i = 0; i < 50 && !waiting.length; i++) {
        await new Promise((done) => setTimeout(done, 100));
        waiting = await lockWaiters(locker);
      }
      expect(waiting.length).toBe(1);
      await locker.query('SELECT pg_terminate_backend($1)', [waiting[0]]);
      expectUnavailable(await pending);
      await locker.query('ROLLBACK');
    });
    const after = (await until(200, read)).body;
    expect(after.version).toBe(before.version);
    expect(after.focusAreas).toEqual(before.focusAreas);
  });

  it('answers 503 when every pooled connection is busy and none frees up in time', async () => {
    await withClient(sut.db.superuserUrl, async (locker) => {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM course WHERE id = $1 FOR UPDATE', [courseId]);
      const version = (await locker.query('SELECT version FROM course WHERE id = $1', [courseId])).rows[0].version;
      // The pool has 4 connections: four PATCHes wait on the lock, each holding one.
      const blocked = Array.from({ length: 4 }, () =>
        sut.http
          .patch(`${COURSES}/${courseId}`)
          .set('Authorization', caseworker)
          .set('If-Match', `"${version}"`)
          .send({ focusAreas: ['worry'] })
          .then((r) => r),
      );
      for (let i = 0; i < 50; i++) {
        if ((await lockWaiters(locker)).length === 4) break;
        await new Promise((done) => setTimeout(done, 100));
      }
      expect(await lockWaiters(locker)).toHaveLength(4);
      expectUnavailable(await read());
      await locker.query('ROLLBACK');
      for (const res of await Promise.all(blocked)) expect([200, 412]).toContain(res.status);
    });
    await read().expect(200);
  });

  it('answers 503 when the database refuses more connections (too many connections), and recovers', async () => {
    await withClient(sut.db.superuserUrl, async (admin) => {
      await admin.query(`ALTER DATABASE ${sut.db.name} CONNECTION LIMIT 0`);
      try {
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = 'ltt_app'`, [
          sut.db.name,
        ]);
        expectUnavailable(await until(503, read, 5000));
      } finally {
        await admin.query(`ALTER DATABASE ${sut.db.name} CONNECTION LIMIT -1`);
      }
    });
    expect((await until(200, read)).status).toBe(200);
  });
});
