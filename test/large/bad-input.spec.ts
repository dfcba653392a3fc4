import type { Response } from 'supertest';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { dayOffset } from '../support/dates.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

const COURSES = '/api/v1/courses';

/** A 4xx problem+json, with the first field error naming `field` (and `code`, when given). */
function expectFieldProblem(res: Response, status: number, field: string, code?: string) {
  expect({ status: res.status, contentType: res.headers['content-type'] }).toEqual({
    status,
    contentType: expect.stringMatching(/^application\/problem\+json/),
  });
  expect(res.body.type).toEqual(expect.stringContaining(PROBLEM_BASE));
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, ...(code ? { code } : {}) })]));
}

/** `{"a":{"a":...}}` nested `depth` levels deep. */
const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/**
 * Bad input is a 4xx problem naming the field, never a 500 and never a 422 from a database
 * constraint that the validation should have caught; a rejected write changes nothing.
 */
describe('bad input gets a 4xx naming the field', () => {
  let sut: TestApp;
  let caseworker: string;
  let admin: string;
  let course: { id: string; version: number };
  let contactId: string;

  beforeAll(async () => {
    sut = await startTestApp();
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
    course = (await sut.http.post(COURSES).set('Authorization', caseworker).send(newCourse()).expect(201)).body;
    contactId = (
      await sut.http
        .post(`${COURSES}/${course.id}/contacts`)
        .set('Authorization', caseworker)
        .send({ type: 'pre_conversation', date: dayOffset(1), status: 'planned' })
        .expect(201)
    ).body.id;
    course = (await sut.http.get(`${COURSES}/${course.id}`).set('Authorization', caseworker).expect(200)).body;
  });
  afterAll(() => sut.close());

  function newCourse(overrides: Record<string, unknown> = {}) {
    return {
      municipalityCode: '751',
      firstContact: { date: dayOffset(-3), channel: 'phone', contactedBy: 'parent' },
      clearlyInTargetGroup: true,
      focusAreas: ['worry'],
      ...overrides,
    };
  }
  const patchCourse = (body: unknown) =>
    sut.http
      .patch(`${COURSES}/${course.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', `"${course.version}"`)
      .send(body as object);
  /** Row counts and the course's version: what a rejected write must leave as it was. */
  const state = () =>
    withClient(sut.db.superuserUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM course)::int AS courses, (SELECT count(*) FROM contact)::int AS contacts,
                (SELECT count(*) FROM child)::int AS children, (SELECT version FROM course WHERE id = $1) AS version`,
        [course.id],
      );
      return rows[0];
    });

  describe('required and null fields', () => {
    it.each([
      ['missing', (({ firstContact: _f, ...rest }) => rest)(newCourse())],
      ['null', newCourse({ firstContact: null })],
      ['a string', newCourse({ firstContact: '2026-01-01' })],
      ['an array', newCourse({ firstContact: [] })],
    ])('POST /courses with firstContact %s is 400 naming firstContact', async (_what, body) => {
      const before = await state();
      expectFieldProblem(await sut.http.post(COURSES).set('Authorization', caseworker).send(body), 400, 'firstContact');
      expect(await state()).toEqual(before);
    });

    it.each([
      ['cpr', { cpr: null }],
      ['clearlyInTargetGroup', { clearlyInTargetGroup: null }],
      ['focusAreas', { focusAreas: null }],
      ['firstContact', { firstContact: null }],
      ['firstContact.date', { firstContact: { date: null } }],
      ['firstContact.channel', { firstContact: { channel: null } }],
    ])('PATCH /courses/{id} with %s null is 400 naming it, and changes nothing', async (field, body) => {
      const before = await state();
      expectFieldProblem(await patchCourse(body), 400, field);
      expect(await state()).toEqual(before);
    });

    it.each([
      ['focusAreas', { focusAreas: null }],
      ['cpr', { cpr: null }],
      ['firstContact.time', { firstContact: { date: dayOffset(-3), time: null, channel: 'phone', contactedBy: 'parent' } }],
    ])('POST /courses with %s null is 400 naming it', async (field, overrides) => {
      expectFieldProblem(await sut.http.post(COURSES).set('Authorization', caseworker).send(newCourse(overrides)), 400, field);
    });

    it.each([['date'], ['time'], ['status'], ['outcome'], ['programme'], ['reason'], ['durationMinutes']])(
      'PATCH a contact with %s null is 400 naming it, and changes nothing',
      async (field) => {
        const before = await state();
        const res = await sut.http
          .patch(`${COURSES}/${course.id}/contacts/${contactId}`)
          .set('Authorization', caseworker)
          .set('If-Match', '"1"')
          .send({ [field]: null });
        expectFieldProblem(res, 400, field);
        expect(await state()).toEqual(before);
      },
    );

    it('POST a referral with note null is 400 naming note', async () => {
      const res = await sut.http
        .post(`${COURSES}/${course.id}/referrals`)
        .set('Authorization', caseworker)
        .send({ date: dayOffset(-1), destination: 'gp', note: null });
      expectFieldProblem(res, 400, 'note');
    });
  });

  describe('deeply nested bodies are refused before they are read', () => {
    it.each([
      ['POST', COURSES],
      ['PATCH', `${COURSES}/{id}`],
      ['POST', `${COURSES}/{id}/contacts`],
      ['POST', '/api/v1/extracts'],
    ])('%s %s with a body nested 5,000 levels deep is 400 max_depth', async (method, path) => {
      const before = await state();
      const url = path.replace('{id}', course.id);
      const started = process.hrtime.bigint();
      const res = await (method === 'POST' ? sut.http.post(url) : sut.http.patch(url).set('If-Match', `"${course.version}"`))
        .set('Authorization', method === 'POST' && url.includes('extracts') ? admin : caseworker)
        .set('Content-Type', 'application/json')
        .send(nested(5000));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe(PROBLEM_BASE + 'body_too_deep');
      expect(res.body.errors).toEqual([expect.objectContaining({ code: 'max_depth' })]);
      expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
      expect(await state()).toEqual(before);
    });

    it('accepts a body nested as deep as the rule allows', async () => {
      // 16 levels: refused only as an unknown field, by the ordinary validation.
      const res = await sut.http.post(COURSES).set('Authorization', caseworker).set('Content-Type', 'application/json').send(nested(16));
      expectFieldProblem(res, 400, 'a', 'unknown_field');
    });
  });

  describe('NUL characters', () => {
    it('in a body string is 400 naming the field, and stores nothing', async () => {
      const before = await state();
      const res = await sut.http
        .post(`${COURSES}/${course.id}/referrals`)
        .set('Authorization', caseworker)
        .send({ date: dayOffset(-1), destination: 'gp', note: 'before\u0000after' });
      expectFieldProblem(res, 400, 'note', 'nul_character');
      expect(await state()).toEqual(before);
    });

    it('in a nested body string is 400 naming the path', async () => {
      const res = await sut.http
        .post(COURSES)
        .set('Authorization', caseworker)
        .send(newCourse({ firstContact: { date: dayOffset(-3), channel: 'phone\u0000', contactedBy: 'parent' } }));
      expectFieldProblem(res, 400, 'firstContact.channel', 'nul_character');
    });

    it('in an array element is 400 naming its index', async () => {
      const res = await sut.http
        .post(COURSES)
        .set('Authorization', caseworker)
        .send(newCourse({ focusAreas: ['worry', 'sad\u0000ness'] }));
      expectFieldProblem(res, 400, 'focusAreas.1', 'nul_character');
    });

    it('in a text field of another module is 400 too', async () => {
      const res = await sut.http
        .post('/api/v1/extracts/recipients')
        .set('Authorization', admin)
        .send({ id: 'nul-test', name: 'Sundheds\u0000styrelsen' });
      expectFieldProblem(res, 400, 'name', 'nul_character');
    });

    it('in a query parameter is 400 naming the parameter', async () => {
      const manager = await sut.bearer({ sub: 'mgr-751', roles: ['manager'], municipalities: ['751'] });
      const res = await sut.http.get('/api/v1/audit?actor=a%00b').set('Authorization', manager);
      expectFieldProblem(res, 400, 'actor', 'nul_character');
    });
  });

  describe('free text is typed and bounded whatever the other fields say', () => {
    const patchContact = (body: object, headers: Record<string, string> = {}) =>
      sut.http
        .patch(`${COURSES}/${course.id}/contacts/${contactId}`)
        .set('Authorization', caseworker)
        .set('If-Match', '"1"')
        .set(headers)
        .send(body);
    const auditRows = () =>
      withClient(sut.db.superuserUrl, async (db) => (await db.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n);

    it.each([
      ['200,000 characters', 'x'.repeat(200_000), 'maxLength'],
      ['an array', ['a', 'b'], 'isString'],
      ['a number', 7, 'isString'],
    ])('enteredInErrorReason of %s on a contact that stays planned is 400, stored nowhere', async (_what, value, code) => {
      const before = await state();
      const audited = await auditRows();
      expectFieldProblem(await patchContact({ enteredInErrorReason: value, durationMinutes: 30 }), 400, 'enteredInErrorReason', code);
      expect(await state()).toEqual(before);
      expect(await auditRows()).toBe(audited);
      const stored = await withClient(
        sut.db.superuserUrl,
        async (db) => (await db.query(`SELECT entered_in_error_reason AS reason, version FROM contact WHERE id = $1`, [contactId])).rows[0],
      );
      expect(stored).toEqual({ reason: null, version: 1 });
    });

    it('enteredInErrorReason is still required when the status is entered_in_error', async () => {
      expectFieldProblem(await patchContact({ status: 'entered_in_error' }), 400, 'enteredInErrorReason');
    });

    it.each([
      ['programme', { programme: 'p'.repeat(201) }],
      ['reason', { reason: 'r'.repeat(1001) }],
    ])('PATCH a contact with %s too long is 400 naming it', async (field, body) => {
      expectFieldProblem(await patchContact(body), 400, field, 'maxLength');
    });

    it('a referral note over 2,000 characters is 400 naming note', async () => {
      const res = await sut.http
        .post(`${COURSES}/${course.id}/referrals`)
        .set('Authorization', caseworker)
        .send({ date: dayOffset(-1), destination: 'gp', note: 'n'.repeat(2001) });
      expectFieldProblem(res, 400, 'note', 'maxLength');
    });

    it('an X-Purpose header over 200 characters is 400 naming X-Purpose, not cut short', async () => {
      const res = await sut.http.get(`${COURSES}/${course.id}`).set('Authorization', caseworker).set('X-Purpose', 'p'.repeat(201));
      expectFieldProblem(res, 400, 'X-Purpose', 'maxLength');
      await sut.http.get(`${COURSES}/${course.id}`).set('Authorization', caseworker).set('X-Purpose', 'p'.repeat(200)).expect(200);
    });
  });

  describe('tokens naming a municipality that does not exist', () => {
    it.each([['000'], ['999'], ['100']])('a token for municipality %s is refused with 401, never a 422 from the database', async (code) => {
      const token = await sut.bearer({ sub: 'cw-x', roles: ['caseworker'], municipalities: [code] });
      const before = await state();
      const res = await sut.http
        .post(COURSES)
        .set('Authorization', token)
        .send(newCourse({ municipalityCode: code }));
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toMatch(/not a Danish municipality/);
      expect(await state()).toEqual(before);
      expect((await sut.http.get(COURSES).set('Authorization', token)).status).toBe(401);
    });

    it('a token for real municipalities still works', async () => {
      const token = await sut.bearer({ sub: 'cw-y', roles: ['caseworker'], municipalities: ['101', '751'] });
      await sut.http.get(COURSES).set('Authorization', token).expect(200);
    });
  });
});
