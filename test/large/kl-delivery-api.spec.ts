/**
 * The KL delivery's routes end to end (docs/kl-reporting.md, "Operating it"): the reporting SOR
 * code, the ledger, what is held back, and re-delivery — each route's happy path, its validation
 * errors, its roles, and another municipality's token. No gateway is configured here, so every
 * report waits, pending (the delivery itself: kl-delivery-worker.spec.ts).
 */
import type { Response } from 'supertest';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { KlReplanner } from '../../src/kl-delivery/kl-replanner.js';
import { courseFactory, cprFor, pre } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

const NOW = new Date('2026-03-14T10:00:00Z');
const SOR = '451000016003';

function expectProblem(res: Response, status: number, code: string, field?: string) {
  expect({ status: res.status, type: res.body.type }).toEqual({ status, type: PROBLEM_BASE + code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (field) expect(res.body.errors?.map((e: { field: string }) => e.field)).toContain(field);
}

describe('KL delivery API', () => {
  let sut: TestApp;
  let admin: string;
  let manager: string;
  let manager101: string;
  let caseworker: string;
  let caseworker101: string;
  let evaluator: string;
  const cpr = cprFor('2014-05-05', 'female');
  const ids: Record<string, string> = {};

  const get = (path: string, auth: string) => sut.http.get(path).set('Authorization', auth);
  const put = (path: string, auth: string) => sut.http.put(path).set('Authorization', auth);
  const post = (path: string, auth: string) => sut.http.post(path).set('Authorization', auth);
  const owner = <T>(sql: string, params: unknown[] = []) =>
    withClient(sut.db.ownerUrl, async (c) => {
      await c.query(`SET app.scope = 'all'`);
      return (await c.query(sql, params)).rows as T[];
    });

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW });
    admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
    manager = await sut.bearer({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
    manager101 = await sut.bearer({ sub: 'm-101', roles: ['manager'], municipalities: ['101'] });
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    caseworker101 = await sut.bearer({ sub: 'cw-101', roles: ['caseworker'], municipalities: ['101'] });
    evaluator = await sut.bearer({ sub: 'sst', roles: ['evaluator'], municipalities: [] });
    // Before any SOR code: a course with CPR in 751, one without, one in 101.
    ids.early = (await courseFactory(sut, caseworker).newCourse({ firstContact: '2026-03-02', cpr, contacts: [pre('2026-03-09')] })).id;
    ids.noCpr = (await courseFactory(sut, caseworker).newCourse({ firstContact: '2026-03-03' })).id;
    ids.copenhagen = (
      await courseFactory(sut, caseworker101).newCourse({
        municipality: '101',
        firstContact: '2026-03-04',
        cpr: cprFor('2013-01-02', 'male'),
      })
    ).id;
  });
  afterAll(() => sut?.close());

  describe('PUT /api/v1/municipalities/{code}/reporting', () => {
    it('holds everything of a municipality back until its SOR code is set', async () => {
      expect(await owner(`SELECT count(*)::int AS n FROM kl_report`)).toEqual([{ n: 0 }]);
      const res = await get('/api/v1/municipalities/751/reporting', manager).expect(200);
      expect(res.body).toEqual({ municipalityCode: '751', sorCode: null, updatedBy: null, updatedAt: null, replanQueued: false });
      const held = await get('/api/v1/kl/held-back', admin).expect(200);
      expect(held.body.municipalitiesWithoutSor).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: '751', name: 'Aarhus', courses: 2 })]),
      );
      expect(held.body.municipalitiesWithoutSor).toHaveLength(98);
    });

    it('sets the code for an administrator, queues the municipality’s re-plan in the same transaction, and audits it', async () => {
      const res = await put('/api/v1/municipalities/751/reporting', admin).send({ sorCode: SOR }).expect(200);
      expect(res.body).toMatchObject({ municipalityCode: '751', sorCode: SOR, updatedBy: 'admin-1', replanQueued: true });
      expect(await owner(`SELECT payload::text AS p FROM graphile_worker._private_jobs WHERE key = 'kl-replan:751'`)).toEqual([
        { p: '{"scope":"municipality","code":"751"}' },
      ]);
      // The same code again changes nothing and queues nothing new.
      const again = await put('/api/v1/municipalities/751/reporting', admin).send({ sorCode: SOR }).expect(200);
      expect(again.body.replanQueued).toBe(false);
      const audit = await get('/api/v1/audit?resourceType=municipality_reporting', admin).expect(200);
      expect(audit.body.items.map((i: { action: string; resourceId: string }) => `${i.action} ${i.resourceId}`)).toEqual([
        'update 751',
        'create 751',
      ]);
      expect((await get('/api/v1/municipalities/751/reporting', manager).expect(200)).body.sorCode).toBe(SOR);
    });

    it.each([
      [{ sorCode: '4510000160' }, 'minLength', 'ten digits: dk-core min-digits-sor needs at least 11'],
      [{ sorCode: '4510000160031234567' }, 'maxLength', 'nineteen digits'],
      [{ sorCode: '45100001600a' }, 'matches', 'a letter'],
      [{ sorCode: '451-000016003' }, 'matches', 'a hyphen'],
      [{ sorCode: 451000016003 }, 'isString', 'a number, not text'],
      [{}, 'isString', 'no code'],
      [{ sorCode: SOR, name: 'x' }, 'unknown_field', 'an unknown field'],
    ])('refuses %j with 400 naming the rule (%s: %s) and changes nothing', async (body, code, _why) => {
      const res = await put('/api/v1/municipalities/101/reporting', admin).send(body);
      expectProblem(res, 400, 'validation');
      expect(res.body.errors.map((e: { code: string }) => e.code)).toContain(code);
      expect(await owner(`SELECT * FROM municipality_reporting WHERE municipality_code = '101'`)).toEqual([]);
    });

    it('answers 400 for a code that is not three digits and 404 for a municipality that does not exist', async () => {
      expectProblem(await put('/api/v1/municipalities/75x/reporting', admin).send({ sorCode: SOR }), 400, 'invalid_input', 'code');
      expectProblem(await put('/api/v1/municipalities/999/reporting', admin).send({ sorCode: SOR }), 404, 'not_found');
    });

    it.each([
      ['a manager', () => manager],
      ['a caseworker', () => caseworker],
      ['an evaluator', () => evaluator],
    ])('is the administrator’s alone: %s gets 403', async (_who, auth) => {
      expectProblem(await put('/api/v1/municipalities/101/reporting', auth()).send({ sorCode: SOR }), 403, 'forbidden');
    });

    it('shows a municipality’s settings to its manager, not to another municipality’s', async () => {
      expectProblem(await get('/api/v1/municipalities/751/reporting', manager101), 403, 'forbidden');
      expectProblem(await get('/api/v1/municipalities/751/reporting', caseworker), 403, 'forbidden');
      await get('/api/v1/municipalities/751/reporting', admin).expect(200);
      expect((await sut.http.get('/api/v1/municipalities/751/reporting')).status).toBe(401);
    });
  });

  describe('the outbox and GET /api/v1/kl/deliveries', () => {
    beforeAll(async () => {
      // What the queued re-plan does (the delivery worker is off here): the held-back courses planned.
      await sut.app.get(KlReplanner).replanMunicipality('751');
      const course = await courseFactory(sut, caseworker).newCourse({ firstContact: '2026-03-05', cpr: cprFor('2015-06-07', 'male') });
      ids.later = course.id;
    });

    it('has a report for a change once the code is set, pending without a gateway, and counts per state', async () => {
      const res = await get('/api/v1/kl/deliveries?municipality=751', manager).expect(200);
      const mine = res.body.items.filter((i: { courseId: string }) => i.courseId === ids.later);
      expect(mine).toEqual([
        expect.objectContaining({
          municipalityCode: '751',
          state: 'pending',
          cause: 'change',
          tries: 0,
          lastStatus: null,
          rejection: null,
          blockedBy: null,
          reason: null,
        }),
      ]);
      expect(mine[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
      expect(res.body.counts).toEqual({
        pending: res.body.total,
        sent: 0,
        accepted: 0,
        rejected: 0,
        exported: 0,
        superseded: 0,
        heldBack: 1,
      });
      // Never a CPR in the ledger.
      expect(JSON.stringify(res.body)).not.toContain(cpr);
    });

    it('filters by state, course and period, and pages', async () => {
      const pending = await get('/api/v1/kl/deliveries?state=pending&pageSize=1', admin).expect(200);
      expect(pending.body.items).toHaveLength(1);
      expect(pending.body.total).toBeGreaterThan(1);
      expect((await get(`/api/v1/kl/deliveries?course=${ids.later}`, admin).expect(200)).body.total).toBe(1);
      expect((await get('/api/v1/kl/deliveries?state=accepted', admin).expect(200)).body.items).toEqual([]);
      expect((await get('/api/v1/kl/deliveries?from=2026-03-15', admin).expect(200)).body.total).toBe(0);
      expect((await get('/api/v1/kl/deliveries?from=2026-03-14&to=2026-03-14', admin).expect(200)).body.total).toBeGreaterThan(0);
    });

    it('lists held-back courses with state=held_back and their reason', async () => {
      const res = await get('/api/v1/kl/deliveries?state=held_back&municipality=751', manager).expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ id: null, courseId: ids.noCpr, state: 'held_back', reason: 'missing_cpr', cause: null }),
      ]);
    });

    it('shows a manager their own municipalities only: another municipality’s gets nothing, and asking for one is a 403', async () => {
      const theirs = await get('/api/v1/kl/deliveries', manager101).expect(200);
      expect(theirs.body.items.filter((i: { municipalityCode: string }) => i.municipalityCode !== '101')).toEqual([]);
      expect(theirs.body.counts.pending).toBe(0);
      expectProblem(await get('/api/v1/kl/deliveries?municipality=751', manager101), 403, 'forbidden');
    });

    it.each([
      ['state=bogus', 'state'],
      ['from=2026-02-30', 'from'],
      ['course=not-a-uuid', 'course'],
      ['pageSize=0', 'pageSize'],
      ['municipality=75', 'municipality'],
      ['bogus=1', 'bogus'],
    ])('answers 400 for ?%s naming %s', async (query, field) => {
      expectProblem(await get(`/api/v1/kl/deliveries?${query}`, admin), 400, 'validation', field);
    });

    it('answers 400 when from is after to', async () => {
      expectProblem(await get('/api/v1/kl/deliveries?from=2026-03-10&to=2026-03-01', admin), 400, 'invalid_input', 'from');
    });

    it.each([
      ['a caseworker', () => caseworker],
      ['an evaluator', () => evaluator],
    ])('is for managers and administrators: %s gets 403', async (_who, auth) => {
      expectProblem(await get('/api/v1/kl/deliveries', auth()), 403, 'forbidden');
    });

    it('audits who read the ledger', async () => {
      const audit = await get('/api/v1/audit?resourceType=kl_delivery', admin).expect(200);
      expect(audit.body.items.some((i: { actorSub: string; action: string }) => i.actorSub === 'm-751' && i.action === 'read')).toBe(true);
    });
  });

  describe('GET /api/v1/kl/held-back', () => {
    it('lists a manager’s courses without CPR and whether their municipality lacks a SOR code, and audits each course shown', async () => {
      const res = await get('/api/v1/kl/held-back', manager).expect(200);
      expect(res.body).toMatchObject({
        municipalitiesWithoutSor: [],
        counts: { missing_cpr: 1, missing_sor: 0 },
        total: 1,
        items: [{ courseId: ids.noCpr, municipalityCode: '751', reason: 'missing_cpr', firstContactDate: '2026-03-03', status: 'open' }],
      });
      const theirs = await get('/api/v1/kl/held-back', manager101).expect(200);
      expect(theirs.body.municipalitiesWithoutSor).toEqual([{ code: '101', name: 'København', courses: 1 }]);
      expect(theirs.body.items).toEqual([expect.objectContaining({ courseId: ids.copenhagen, reason: 'missing_sor' })]);
      const audit = await get(`/api/v1/audit?resourceType=course&resourceId=${ids.noCpr}`, admin).expect(200);
      expect(audit.body.items.some((i: { action: string; actorSub: string }) => i.action === 'search' && i.actorSub === 'm-751')).toBe(
        true,
      );
    });

    it('reports a course once its CPR is added, with everything held so far', async () => {
      const course = await get(`/api/v1/courses/${ids.noCpr}`, caseworker).expect(200);
      await sut.http
        .patch(`/api/v1/courses/${ids.noCpr}`)
        .set('Authorization', caseworker)
        .set('If-Match', course.headers.etag)
        .send({ cpr: cprFor('2012-11-11', 'female') })
        .expect(200);
      expect((await get('/api/v1/kl/held-back', manager).expect(200)).body.counts.missing_cpr).toBe(0);
      const ledger = await get(`/api/v1/kl/deliveries?course=${ids.noCpr}`, manager).expect(200);
      expect(ledger.body.items).toEqual([expect.objectContaining({ state: 'pending', cause: 'change' })]);
    });

    it.each([
      ['reason=bogus', 'reason'],
      ['to=2026-13-01', 'to'],
    ])('answers 400 for ?%s', async (query, field) => {
      expectProblem(await get(`/api/v1/kl/held-back?${query}`, manager), 400, 'validation', field);
    });

    it('is for managers and administrators', async () => {
      expectProblem(await get('/api/v1/kl/held-back', caseworker), 403, 'forbidden');
      expectProblem(await get('/api/v1/kl/held-back?municipality=751', manager101), 403, 'forbidden');
    });
  });

  describe('POST /api/v1/kl/deliveries/redeliveries', () => {
    it('re-delivers a period: each course with everything KL should hold now, under new Bundle ids, the older pending superseded; audited', async () => {
      const before = await owner<{ id: string }>(`SELECT id FROM kl_report WHERE course_id = $1 AND state = 'pending'`, [ids.early]);
      const res = await post('/api/v1/kl/deliveries/redeliveries', manager)
        .send({ kind: 'period', from: '2026-03-14', to: '2026-03-14', municipality: '751', reason: 'KL lost the day' })
        .expect(200);
      expect(res.body).toMatchObject({ kind: 'period' });
      expect(res.body.courses).toBeGreaterThanOrEqual(2);
      expect(res.body.reports).toBe(res.body.courses);
      const after = await owner<{ id: string; state: string; superseded_by: string | null }>(
        `SELECT id, state, superseded_by FROM kl_report WHERE course_id = $1 ORDER BY seq`,
        [ids.early],
      );
      const fresh = after[after.length - 1];
      expect(fresh).toMatchObject({ state: 'pending', superseded_by: null });
      expect(before.map((b) => b.id)).not.toContain(fresh.id);
      for (const old of after.slice(0, -1)) expect(old).toMatchObject({ state: 'superseded', superseded_by: fresh.id });
      const audit = await get('/api/v1/audit?resourceType=kl_delivery', admin).expect(200);
      expect(audit.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'redeliver', actorSub: 'm-751', purpose: 'KL lost the day', municipalityCode: '751' }),
        ]),
      );
    });

    it('re-delivers rejected reports: nothing when none is rejected', async () => {
      const res = await post('/api/v1/kl/deliveries/redeliveries', admin)
        .send({ kind: 'rejected', reason: 'the gateway was fixed' })
        .expect(200);
      expect(res.body).toEqual({ kind: 'rejected', courses: 0, reports: 0, superseded: 0 });
    });

    it.each([
      [{ kind: 'period', reason: 'x' }, 'invalid_input', 'from'],
      [{ kind: 'period', from: '2026-03-01', reason: 'x' }, 'invalid_input', 'to'],
      [{ kind: 'period', from: '2026-03-10', to: '2026-03-01', reason: 'x' }, 'invalid_input', 'from'],
      [{ kind: 'everything', reason: 'x' }, 'validation', 'kind'],
      [{ kind: 'rejected' }, 'validation', 'reason'],
      [{ kind: 'rejected', reason: '' }, 'validation', 'reason'],
      [{ kind: 'rejected', reason: 'x', municipality: '7510' }, 'validation', 'municipality'],
    ])('answers 400 for %j', async (body, code, field) => {
      expectProblem(await post('/api/v1/kl/deliveries/redeliveries', admin).send(body), 400, code, field);
    });

    it('answers 404 for a municipality that does not exist, 403 for another municipality’s manager and for other roles', async () => {
      expectProblem(
        await post('/api/v1/kl/deliveries/redeliveries', admin).send({ kind: 'rejected', municipality: '999', reason: 'x' }),
        404,
        'not_found',
      );
      expectProblem(
        await post('/api/v1/kl/deliveries/redeliveries', manager101).send({ kind: 'rejected', municipality: '751', reason: 'x' }),
        403,
        'forbidden',
      );
      expectProblem(await post('/api/v1/kl/deliveries/redeliveries', caseworker).send({ kind: 'rejected', reason: 'x' }), 403, 'forbidden');
      expectProblem(await post('/api/v1/kl/deliveries/redeliveries', evaluator).send({ kind: 'rejected', reason: 'x' }), 403, 'forbidden');
    });

    it('re-delivers for another municipality’s manager only what RLS lets them see: nothing of 751', async () => {
      const res = await post('/api/v1/kl/deliveries/redeliveries', manager101)
        .send({ kind: 'period', from: '2026-03-01', to: '2026-03-14', reason: 'x' })
        .expect(200);
      // 101 has no SOR code: its course is held back, so planned again it makes no report.
      expect(res.body).toEqual({ kind: 'period', courses: 0, reports: 0, superseded: 0 });
    });
  });
});
