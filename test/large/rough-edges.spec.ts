import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importJWK, SignJWT } from 'jose';
import type { Response } from 'supertest';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { dayOffset } from '../support/dates.js';
import { startTestApp, TEST_AUDIENCE, TEST_ISSUER, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

const COURSES = '/api/v1/courses';

function expectProblem(res: Response, status: number, type?: string) {
  expect({ status: res.status, contentType: res.headers['content-type'] }).toEqual({
    status,
    contentType: expect.stringMatching(/^application\/problem\+json/),
  });
  if (type) expect(res.body.type).toBe(PROBLEM_BASE + type);
}

/** Smaller leaks and rough edges a hostile caller found (issue 11, defect 9). */
describe('rough edges', () => {
  let sut: TestApp;
  let caseworker: string;
  let manager: string;
  let course: { id: string; version: number };

  beforeAll(async () => {
    sut = await startTestApp();
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    manager = await sut.bearer({ sub: 'mgr-751', roles: ['manager'], municipalities: ['751'] });
    course = (await sut.http.post(COURSES).set('Authorization', caseworker).send(newCourse()).expect(201)).body;
  });
  afterAll(() => sut.close());

  function newCourse(extra: Record<string, unknown> = {}) {
    return {
      municipalityCode: '751',
      firstContact: { date: dayOffset(-4), channel: 'phone', contactedBy: 'parent' },
      clearlyInTargetGroup: true,
      ...extra,
    };
  }
  const state = () =>
    withClient(sut.db.superuserUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM course)::int AS courses, (SELECT count(*) FROM audit_log)::int AS audit,
                (SELECT version FROM course WHERE id = $1) AS version`,
        [course.id],
      );
      return rows[0];
    });

  describe('the token subject', () => {
    /** A token signed by the test issuer with exactly these claims (sub included, or not). */
    const raw = async (claims: Record<string, unknown>) => {
      const key = await importJWK(sut.signingKey, 'ES256');
      return new SignJWT({ roles: ['caseworker'], municipalities: ['751'], ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(key);
    };

    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['a number', 12345],
      ['an object', { id: 'x' }],
      ['too long', 'x'.repeat(300)],
    ])('a sub that is %s is refused with 401', async (_what, sub) => {
      const before = await state();
      const res = await sut.http
        .post(COURSES)
        .set('Authorization', `Bearer ${await raw({ sub })}`)
        .send(newCourse());
      expectProblem(res, 401);
      expect(res.body.detail).toMatch(/"sub"/);
      expect(await state()).toEqual(before);
    });
  });

  describe('X-Request-Id', () => {
    it.each([['0101011234'], ['010101-1234'], ['case-0101011234']])(
      'that holds a CPR-shaped number (%s) is replaced, and kept nowhere',
      async (given) => {
        const res = await sut.http.get(`${COURSES}/${course.id}`).set('Authorization', caseworker).set('X-Request-Id', given).expect(200);
        expect(res.headers['x-request-id']).not.toContain(given);
        const stored = await withClient(
          sut.db.superuserUrl,
          async (db) =>
            (await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE request_id LIKE '%' || $1 || '%'`, [given])).rows[0].n,
        );
        expect(stored).toBe(0);
        expect(sut.logs.some((l) => l.includes(res.headers['x-request-id']))).toBe(true);
      },
    );

    it('ids in log lines are kept whole: a UUID holding a CPR-shaped run of digits is not redacted in part', async () => {
      // A course id (v4 UUID) whose last group holds 0101011234, and a request id like it.
      const id = '3f2504e0-4f89-41d3-9a0c-a0101011234b';
      const res = await sut.http.get(`${COURSES}/${id}`).set('Authorization', caseworker);
      expect(res.status).toBe(404);
      const line = sut.logs.find((l) => l.includes(`"requestId":"${res.headers['x-request-id']}"`) && l.includes('"req"'));
      expect(line).toBeDefined();
      expect(JSON.parse(line!).req.path).toBe(`${COURSES}/${id}`);
      expect(line).not.toContain('[redacted]');
    });
  });

  it('an unknown route is 404 with a fixed detail that does not echo the path', async () => {
    const res = await sut.http.get('/api/v1/children/0101011234').set('Authorization', caseworker);
    expectProblem(res, 404, 'not-found');
    expect(res.body.detail).toBe('There is no such resource');
    expect(JSON.stringify(res.body)).not.toMatch(/0101011234|children|Cannot/);
    const anonymous = await sut.http.post('/nowhere/0101011234');
    expectProblem(anonymous, 404);
    expect(JSON.stringify(anonymous.body)).not.toMatch(/0101011234|nowhere/);
  });

  it('oversized headers get 431 with a problem+json body', async () => {
    const server = sut.app.getHttpServer();
    if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const res = await new Promise<{ status: number; type: string; body: string }>((done, fail) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/api/v1/municipalities', headers: { 'X-Big': 'x'.repeat(20_000) } },
        (r) => {
          let body = '';
          r.on('data', (c) => (body += c));
          r.on('end', () => done({ status: r.statusCode!, type: String(r.headers['content-type']), body }));
        },
      );
      req.on('error', fail);
      req.end();
    });
    expect(res.status).toBe(431);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ type: PROBLEM_BASE + 'header_fields_too_large', status: 431, title: expect.any(String) });
  });

  describe('prototype keys are unknown fields like any other', () => {
    it.each([['__proto__'], ['constructor'], ['prototype'], ['toString'], ['hasOwnProperty'], ['valueOf']])(
      '%s at the top level and nested is 400 unknown_field, and changes nothing',
      async (key) => {
        const before = await state();
        for (const [body, field] of [
          [`{"focusAreas":["worry"],"${key}":{"polluted":true}}`, key],
          [`{"firstContact":{"channel":"email","${key}":1}}`, `firstContact.${key}`],
        ]) {
          const res = await sut.http
            .patch(`${COURSES}/${course.id}`)
            .set('Authorization', caseworker)
            .set('If-Match', `"${course.version}"`)
            .set('Content-Type', 'application/json')
            .send(body);
          expectProblem(res, 400);
          expect(res.body.errors).toEqual([{ field, code: 'unknown_field', message: `${field} is not a known field` }]);
        }
        const created = await sut.http
          .post(COURSES)
          .set('Authorization', caseworker)
          .set('Content-Type', 'application/json')
          .send(`{"${key}":{"isAdmin":true},${JSON.stringify(newCourse()).slice(1)}`);
        expectProblem(created, 400);
        expect(created.body.errors).toEqual([expect.objectContaining({ field: key, code: 'unknown_field' })]);
        expect(await state()).toEqual(before);
      },
    );

    it('in a query string too', async () => {
      const res = await sut.http.get(`${COURSES}?constructor=1`).set('Authorization', caseworker);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'constructor', code: 'unknown_field' })]);
    });
  });

  describe('a body that is not JSON on a JSON route', () => {
    it.each([
      ['PATCH', 'application/xml', '<course><focusAreas>sadness</focusAreas></course>'],
      ['PATCH', 'text/plain', 'focusAreas=sadness'],
      ['POST', 'application/x-www-form-urlencoded', 'municipalityCode=751'],
      ['POST', 'text/csv', 'municipalityCode\n751'],
    ])('%s with Content-Type %s is 415 and changes nothing', async (method, type, body) => {
      const before = await state();
      const req =
        method === 'PATCH' ? sut.http.patch(`${COURSES}/${course.id}`).set('If-Match', `"${course.version}"`) : sut.http.post(COURSES);
      const res = await req.set('Authorization', caseworker).set('Content-Type', type).send(body);
      expectProblem(res, 415, 'unsupported_media_type');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Content-Type', code: 'unsupported_media_type' })]);
      expect(await state()).toEqual(before);
    });

    it('JSON with a charset, and merge-patch JSON, are still taken', async () => {
      const current = (await sut.http.get(`${COURSES}/${course.id}`).set('Authorization', caseworker).expect(200)).body;
      const res = await sut.http
        .patch(`${COURSES}/${course.id}`)
        .set('Authorization', caseworker)
        .set('If-Match', `"${current.version}"`)
        .set('Content-Type', 'application/merge-patch+json; charset=utf-8')
        .send(JSON.stringify({ focusAreas: ['sadness'] }));
      expect(res.status).toBe(200);
      course = res.body;
    });

    it('a POST without a body is validated as before (400 naming the missing fields), not 415', async () => {
      const res = await sut.http.post(`${COURSES}/${course.id}/close`).set('Authorization', caseworker);
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['date', 'reason']));
    });
  });

  it('an aggregates extract from 1000-01-01 names the field the caller sent', async () => {
    const evaluator = await sut.bearer({ sub: 'sst-1', roles: ['evaluator'], municipalities: [] });
    const res = await sut.http
      .post('/api/v1/extracts')
      .set('Authorization', evaluator)
      .send({ recipient: 'sst-evaluation', from: '1000-01-01', to: '2026-12-31', kind: 'aggregates', format: 'csv' });
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['from']);
    expect(JSON.stringify(res.body)).not.toContain('period');
    void manager;
  });
});
