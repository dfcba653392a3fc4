import type { Response } from 'supertest';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { addDays, addYears } from '../../src/kernel/local-date.js';
import { dayOffset, todayDk } from '../support/dates.js';
import { cprFor } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

const COURSES = '/api/v1/courses';

function expectRule(res: Response, status: number, code: string, field: string) {
  expect({ status: res.status, type: res.body.type, field: res.body.errors?.[0]?.field }).toEqual({
    status,
    type: PROBLEM_BASE + code,
    field,
  });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}

/**
 * Dates bounded to what can be true: nothing before the offer began (2024-01-01), nothing planned
 * more than two years ahead, no first contact before the child was born; query dates within the
 * years a period can be asked about (2000–2100).
 */
describe('dates are bounded to what can be true', () => {
  let sut: TestApp;
  let caseworker: string;
  let manager: string;
  let evaluator: string;
  let course: { id: string; version: number };
  let planned: { id: string };
  const beyond = () => addDays(addYears(todayDk(), 2), 1);

  beforeAll(async () => {
    sut = await startTestApp();
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    manager = await sut.bearer({ sub: 'mgr-751', roles: ['manager'], municipalities: ['751'] });
    evaluator = await sut.bearer({ sub: 'sst-1', roles: ['evaluator'], municipalities: [] });
    course = (await sut.http.post(COURSES).set('Authorization', caseworker).send(newCourse()).expect(201)).body;
    planned = (
      await sut.http
        .post(`${COURSES}/${course.id}/contacts`)
        .set('Authorization', caseworker)
        .send({ type: 'pre_conversation', date: dayOffset(2), status: 'planned' })
        .expect(201)
    ).body;
    course = (await sut.http.get(`${COURSES}/${course.id}`).set('Authorization', caseworker).expect(200)).body;
  });
  afterAll(() => sut.close());

  function newCourse(overrides: Record<string, unknown> = {}, date = dayOffset(-10)) {
    return {
      municipalityCode: '751',
      firstContact: { date, channel: 'phone', contactedBy: 'parent' },
      clearlyInTargetGroup: true,
      ...overrides,
    };
  }
  const state = () =>
    withClient(sut.db.superuserUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM course)::int AS courses, (SELECT count(*) FROM contact)::int AS contacts,
                (SELECT count(*) FROM referral)::int AS referrals, (SELECT count(*) FROM consent)::int AS consents,
                (SELECT count(*) FROM child)::int AS children, (SELECT version FROM course WHERE id = $1) AS version`,
        [course.id],
      );
      return rows[0];
    });
  const post = (path: string, body: object) => sut.http.post(path).set('Authorization', caseworker).send(body);
  const patch = (path: string, body: object, version: number) =>
    sut.http.patch(path).set('Authorization', caseworker).set('If-Match', `"${version}"`).send(body);

  describe('the first contact', () => {
    it.each([['0100-01-01'], ['1999-12-31'], ['2023-12-31']])('on %s, before the offer began, is 422 date_before_offer', async (date) => {
      const before = await state();
      expectRule(await post(COURSES, newCourse({}, date)), 422, 'date_before_offer', 'firstContact.date');
      expect(await state()).toEqual(before);
    });

    it('on the day the offer began is accepted', async () => {
      await post(COURSES, newCourse({}, '2024-01-01')).expect(201);
    });

    it('before the child was born is 422 first_contact_before_birth', async () => {
      const before = await state();
      const cpr = cprFor(dayOffset(-5), 'female');
      expectRule(await post(COURSES, newCourse({ cpr }, dayOffset(-10))), 422, 'first_contact_before_birth', 'firstContact.date');
      expect(await state()).toEqual(before);
    });

    it('PATCH adding the CPR of a child born after the first contact is 422 naming cpr', async () => {
      const before = await state();
      const res = await patch(`${COURSES}/${course.id}`, { cpr: cprFor(dayOffset(-3), 'male') }, course.version);
      expectRule(res, 422, 'first_contact_before_birth', 'cpr');
      expect(await state()).toEqual(before);
    });

    it('PATCH moving the first contact before the offer or before the birth is 422 naming firstContact.date', async () => {
      const born = dayOffset(-400);
      const withChild = (await post(COURSES, newCourse({ cpr: cprFor(born, 'male') })).expect(201)).body;
      const path = `${COURSES}/${withChild.id}`;
      expectRule(
        await patch(path, { firstContact: { date: '2023-06-01' } }, withChild.version),
        422,
        'date_before_offer',
        'firstContact.date',
      );
      expectRule(
        await patch(path, { firstContact: { date: dayOffset(-401) } }, withChild.version),
        422,
        'first_contact_before_birth',
        'firstContact.date',
      );
      const after = await sut.http.get(path).set('Authorization', caseworker).expect(200);
      expect(after.body.version).toBe(withChild.version);
    });
  });

  describe('contacts, referrals, consents and closure', () => {
    it.each([
      ['9999-12-31', () => '9999-12-31'],
      ['a day beyond two years ahead', beyond],
    ])('a contact planned on %s is 422 date_too_far_ahead', async (_what, date) => {
      const before = await state();
      const res = await post(`${COURSES}/${course.id}/contacts`, { type: 'screening', date: date(), status: 'planned' });
      expectRule(res, 422, 'date_too_far_ahead', 'date');
      expect(await state()).toEqual(before);
    });

    it('a contact planned two years ahead, to the day, is accepted', async () => {
      await post(`${COURSES}/${course.id}/contacts`, { type: 'screening', date: addYears(todayDk(), 2), status: 'planned' }).expect(201);
      course = (await sut.http.get(`${COURSES}/${course.id}`).set('Authorization', caseworker).expect(200)).body;
    });

    it('moving a planned contact to 9999-12-31 is 422 and changes nothing', async () => {
      const before = await state();
      const res = await patch(`${COURSES}/${course.id}/contacts/${planned.id}`, { date: '9999-12-31' }, 1);
      expectRule(res, 422, 'date_too_far_ahead', 'date');
      expect(await state()).toEqual(before);
    });

    it.each([
      ['a held contact', 'contacts', { type: 'pre_conversation', status: 'held', outcome: 'proceed_to_screening' }],
      ['a referral', 'referrals', { destination: 'gp' }],
      ['a consent', 'consents', { givenBy: 'custodial_parent', scope: 'treatment' }],
    ])('%s dated 0100-01-01 is 422 date_before_offer', async (_what, route, body) => {
      const before = await state();
      expectRule(await post(`${COURSES}/${course.id}/${route}`, { ...body, date: '0100-01-01' }), 422, 'date_before_offer', 'date');
      expect(await state()).toEqual(before);
    });

    it('a closure dated 0100-01-01 is 422 date_before_offer', async () => {
      const before = await state();
      expectRule(
        await post(`${COURSES}/${course.id}/close`, { date: '0100-01-01', reason: 'completed' }),
        422,
        'date_before_offer',
        'date',
      );
      expect(await state()).toEqual(before);
    });
  });

  describe('query dates', () => {
    const extract = (from: string) =>
      sut.http
        .post('/api/v1/extracts')
        .set('Authorization', evaluator)
        .send({ recipient: 'sst-evaluation', from, to: '2026-12-31', kind: 'aggregates', format: 'csv' });
    it.each<[string, string, () => Promise<Response>]>([
      ['GET /courses', 'firstContactFrom', () => sut.http.get(`${COURSES}?firstContactFrom=1000-01-01`).set('Authorization', caseworker)],
      ['GET /courses', 'firstContactTo', () => sut.http.get(`${COURSES}?firstContactTo=9999-12-31`).set('Authorization', caseworker)],
      ['GET /audit', 'from', () => sut.http.get('/api/v1/audit?from=1000-01-01').set('Authorization', manager)],
      [
        'GET /reports/flow',
        'from',
        () => sut.http.get('/api/v1/reports/flow?from=1000-01-01&to=2026-01-01&municipality=751').set('Authorization', manager),
      ],
      ['POST /extracts', 'from', () => extract('1000-01-01')],
    ])('%s with a date outside 2000–2100 is 400 naming %s', async (_route, field, call) => {
      const res = await call();
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    });
  });
});
