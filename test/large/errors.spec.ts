import type { Response } from 'supertest';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function expectProblem(res: Response, status: number, type?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: type ? PROBLEM_BASE + type : expect.stringContaining(PROBLEM_BASE),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      requestId: res.headers['x-request-id'],
    }),
  );
  // Nothing of the framework's internals leaks into the body.
  expect(JSON.stringify(res.body)).not.toMatch(/stack|node_modules|SyntaxError|at \w+ \(/);
}

describe('errors are application/problem+json', () => {
  let sut: TestApp;
  let manager: string;

  beforeAll(async () => {
    sut = await startTestApp();
    manager = await sut.bearer({ roles: ['manager'], municipalities: ['751'] });
  });
  afterAll(() => sut.close());

  it('answers an unknown query field with 400 and a field error', async () => {
    const res = await sut.http.get('/api/v1/audit?bogus=1&page=1').set('Authorization', manager);
    expectProblem(res, 400, 'validation');
    expect(res.body.errors).toEqual([{ field: 'bogus', code: 'unknown_field', message: 'bogus is not a known field' }]);
  });

  it('lists every invalid field', async () => {
    const res = await sut.http.get('/api/v1/audit?page=0&pageSize=9999&municipality=x').set('Authorization', manager);
    expectProblem(res, 400, 'validation');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['municipality', 'page', 'pageSize']);
    for (const error of res.body.errors)
      expect(error).toEqual({ field: expect.any(String), code: expect.any(String), message: expect.any(String) });
  });

  it('answers a malformed path parameter with 400', async () => {
    const res = await sut.http.get('/api/v1/municipalities/75x').set('Authorization', manager);
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
  });

  it.each([
    ['a course id', '/api/v1/courses/not-a-uuid', 'id', 'caseworker'],
    ['a contact id', '/api/v1/courses/6f1c1a52-0000-4000-8000-00000000c0de/contacts/42', 'contactId', 'caseworker'],
    ['an extract id', '/api/v1/extracts/0101011234', 'id', 'evaluator'],
  ])('answers a malformed id (%s) with 400 naming the parameter and the rule', async (_what, path, field, role) => {
    const authorization = await sut.bearer({ roles: [role], municipalities: role === 'caseworker' ? ['751'] : [] });
    const res = await (path.includes('/contacts/') ? sut.http.patch(path).send({}) : sut.http.get(path)).set(
      'Authorization',
      authorization,
    );
    expectProblem(res, 400, 'invalid_input');
    expect(res.body.errors).toEqual([{ field, code: 'uuid', message: `${field} must be a UUID` }]);
  });

  it('answers a path with a malformed %-escape with 400 naming the path, without echoing it (it may hold a CPR)', async () => {
    const caseworker = await sut.bearer({ roles: ['caseworker'], municipalities: ['751'] });
    const res = await sut.http.get('/api/v1/courses/0101011234%ZZ').set('Authorization', caseworker);
    expectProblem(res, 400, 'invalid_input');
    expect(res.body.errors).toEqual([{ field: 'path', code: 'percent_encoding', message: 'The path holds a malformed %-escape' }]);
    expect(res.text).not.toContain('0101011234');
  });

  it('answers what the caller may not see, or what does not exist, with 404', async () => {
    expectProblem(await sut.http.get('/api/v1/municipalities/999').set('Authorization', manager), 404, 'not_found');
  });

  it('answers a malformed JSON body with 400, not 500', async () => {
    const res = await sut.http
      .post('/api/v1/municipalities')
      .set('Authorization', manager)
      .set('Content-Type', 'application/json')
      .send('{"name": "Aarhus",');
    expectProblem(res, 400, 'entity_parse_failed');
    expect(res.body.detail).toBe('The request body is not valid JSON');
  });

  it('answers a body over BODY_LIMIT (256kb by default) with 413', async () => {
    const res = await sut.http
      .post('/api/v1/municipalities')
      .set('Authorization', manager)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(300 * 1024) }));
    expectProblem(res, 413, 'entity_too_large');
  });

  it('honours a smaller BODY_LIMIT', async () => {
    const small = await startTestApp({ env: { BODY_LIMIT: '1kb' } });
    try {
      const res = await small.http
        .post('/api/v1/municipalities')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ padding: 'x'.repeat(2048) }));
      expectProblem(res, 413, 'entity_too_large');
    } finally {
      await small.close();
    }
  });

  it('answers an unknown route with 404', async () => {
    const res = await sut.http.get('/api/v1/no-such-thing').set('Authorization', manager);
    expectProblem(res, 404);
  });

  it('answers an unknown route with 404 without a token too', async () => {
    expectProblem(await sut.http.get('/nowhere'), 404);
  });

  it('answers a method the route does not have with a problem', async () => {
    const res = await sut.http.delete('/api/v1/municipalities').set('Authorization', manager);
    expectProblem(res, 404);
  });

  describe('request ids', () => {
    it('echoes a given X-Request-Id in the header and the problem', async () => {
      const res = await sut.http.get('/api/v1/municipalities').set('X-Request-Id', 'trace-abc.123:7');
      expect(res.headers['x-request-id']).toBe('trace-abc.123:7');
      expectProblem(res, 401);
      expect(res.body.requestId).toBe('trace-abc.123:7');
    });

    it('generates one when none is given, on success and on error', async () => {
      const ok = await sut.http.get('/api/v1/municipalities').set('Authorization', manager);
      expect(ok.status).toBe(200);
      expect(ok.headers['x-request-id']).toMatch(UUID);

      const failed = await sut.http.get('/api/v1/municipalities');
      expect(failed.headers['x-request-id']).toMatch(UUID);
      expect(failed.body.requestId).toBe(failed.headers['x-request-id']);
      expect(failed.headers['x-request-id']).not.toBe(ok.headers['x-request-id']);
    });

    it('replaces a request id that is not sane (too long, or odd characters)', async () => {
      for (const given of ['x'.repeat(200), 'a b', '<script>']) {
        const res = await sut.http.get('/api/v1/municipalities').set('X-Request-Id', given);
        expect(res.headers['x-request-id']).toMatch(UUID);
        expect(res.body.requestId).toBe(res.headers['x-request-id']);
      }
    });

    it('puts the request id on the log line of the request', async () => {
      await sut.http.get('/api/v1/municipalities').set('Authorization', manager).set('X-Request-Id', 'log-line-check');
      const line = sut.logs.find((l) => l.includes('log-line-check'));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({ requestId: 'log-line-check', req: { path: '/api/v1/municipalities' } });
    });
  });
});
