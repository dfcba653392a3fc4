import { randomUUID } from 'node:crypto';
import { dayOffset } from '../support/dates.js';
import { cprFor } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';
import { testRequestId } from '../support/request-id.js';

const COURSES = '/api/v1/courses';

interface AuditItem {
  action: string;
  outcome: string;
  actorSub: string;
  municipalityCode: string | null;
  resourceType: string;
  resourceId: string | null;
  requestId: string;
  purpose: string | null;
  details: Record<string, unknown> | null;
}

/**
 * A request that touched personal data and then failed must leave an audit entry, although its
 * transaction (and every audit row written in it) rolled back: otherwise a CPR can be probed
 * (the 409 "already has an open course") or course ids tried (404s) without a trace.
 */
describe('failed attempts are audited', () => {
  let sut: TestApp;
  let caseworker: string;
  let manager: string;
  let admin: string;
  let copenhagen: string;

  beforeAll(async () => {
    sut = await startTestApp();
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    manager = await sut.bearer({ sub: 'mgr-751', roles: ['manager'], municipalities: ['751'] });
    admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
    copenhagen = await sut.bearer({ sub: 'cw-101', roles: ['caseworker'], municipalities: ['101'] });
  });
  afterAll(() => sut.close());

  const course = (extra: Record<string, unknown> = {}) => ({
    municipalityCode: '751',
    firstContact: { date: dayOffset(-5), channel: 'phone', contactedBy: 'parent' },
    clearlyInTargetGroup: true,
    focusAreas: ['worry'],
    ...extra,
  });
  /** The audit entries of one request, as an administrator reads them. */
  const entriesOf = async (requestId: string): Promise<AuditItem[]> => {
    const res = await sut.http.get('/api/v1/audit?pageSize=500').set('Authorization', admin).expect(200);
    return (res.body.items as AuditItem[]).filter((i) => i.requestId === requestId);
  };
  const counts = () =>
    withClient(sut.db.superuserUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM course)::int AS courses, (SELECT count(*) FROM child)::int AS children`,
      );
      return rows[0];
    });

  it('a CPR look-up that ends in 409 open_course_exists leaves a failed entry naming the course it disclosed', async () => {
    const cpr = cprFor('2014-02-03', 'male');
    const open = await sut.http.post(COURSES).set('Authorization', caseworker).send(course({ cpr })).expect(201);
    const before = await counts();

    const requestId = testRequestId('probe');
    const probe = await sut.http.post(COURSES).set('Authorization', caseworker).set('X-Request-Id', requestId).send(course({ cpr }));
    expect(probe.status).toBe(409);
    expect(probe.body.type).toMatch(/open_course_exists$/);
    expect(await counts()).toEqual(before);

    const entries = await entriesOf(requestId);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          outcome: 'failed',
          action: 'read',
          actorSub: 'cw-751',
          municipalityCode: '751',
          resourceType: 'course',
          resourceId: open.body.id,
          details: expect.objectContaining({ byCpr: true, failure: { status: 409, code: 'open_course_exists' } }),
        }),
        expect.objectContaining({
          outcome: 'failed',
          action: 'create',
          resourceType: 'course',
          resourceId: null,
          municipalityCode: '751',
          details: expect.objectContaining({ byCpr: true, failure: { status: 409, code: 'open_course_exists' } }),
        }),
      ]),
    );
    // The municipality's managers see it in the trail of the course that was disclosed.
    const trail = await sut.http.get(`/api/v1/audit?resourceId=${open.body.id}`).set('Authorization', manager).expect(200);
    expect(trail.body.items.map((i: AuditItem) => i.requestId)).toContain(requestId);
  });

  it('PATCH adding the CPR of a child with an open course: 409, nothing changed, a failed entry', async () => {
    const cpr = cprFor('2013-06-07', 'female');
    const open = await sut.http.post(COURSES).set('Authorization', caseworker).send(course({ cpr })).expect(201);
    const target = await sut.http.post(COURSES).set('Authorization', caseworker).send(course()).expect(201);
    const requestId = testRequestId('patch-probe');
    const res = await sut.http
      .patch(`${COURSES}/${target.body.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', target.headers.etag)
      .set('X-Request-Id', requestId)
      .send({ cpr });
    expect(res.status).toBe(409);
    const after = await sut.http.get(`${COURSES}/${target.body.id}`).set('Authorization', caseworker).expect(200);
    expect(after.body.version).toBe(target.body.version);
    expect(after.body.child).toEqual(target.body.child);

    const entries = await entriesOf(requestId);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ outcome: 'failed', action: 'read', resourceId: open.body.id }),
        expect.objectContaining({
          outcome: 'failed',
          action: 'update',
          resourceType: 'course',
          resourceId: target.body.id,
          municipalityCode: '751',
          details: expect.objectContaining({ failure: { status: 409, code: 'open_course_exists' } }),
        }),
      ]),
    );
  });

  it('a course read that 404s leaves a failed entry with the id that was tried', async () => {
    const foreign = await sut.http
      .post(COURSES)
      .set('Authorization', copenhagen)
      .send(course({ municipalityCode: '101' }))
      .expect(201);
    for (const id of [randomUUID(), foreign.body.id]) {
      const requestId = testRequestId('miss');
      const res = await sut.http.get(`${COURSES}/${id}`).set('Authorization', caseworker).set('X-Request-Id', requestId);
      expect(res.status).toBe(404);
      expect(await entriesOf(requestId)).toEqual([
        expect.objectContaining({
          outcome: 'failed',
          action: 'read',
          actorSub: 'cw-751',
          resourceType: 'course',
          resourceId: id,
          // The caller's municipality: which municipality the course belongs to is not theirs to learn.
          municipalityCode: '751',
          details: expect.objectContaining({ failure: { status: 404, code: 'not_found' } }),
        }),
      ]);
    }
  });

  it('an update rejected by a rule leaves a failed entry and changes nothing', async () => {
    const created = await sut.http.post(COURSES).set('Authorization', caseworker).send(course()).expect(201);
    const requestId = testRequestId('rule');
    const res = await sut.http
      .patch(`${COURSES}/${created.body.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', created.headers.etag)
      .set('X-Request-Id', requestId)
      .send({ firstContact: { date: dayOffset(3) }, focusAreas: ['sadness'] });
    expect(res.status).toBe(422);
    const after = await sut.http.get(`${COURSES}/${created.body.id}`).set('Authorization', caseworker).expect(200);
    expect(after.body).toMatchObject({ version: created.body.version, focusAreas: ['worry'] });
    expect(await entriesOf(requestId)).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        action: 'update',
        resourceId: created.body.id,
        municipalityCode: '751',
        details: expect.objectContaining({
          fields: ['firstContact', 'focusAreas'],
          failure: { status: 422, code: 'first_contact_in_future' },
        }),
      }),
    ]);
  });

  it('successful requests are marked succeeded, and a malformed request that touched nothing leaves nothing', async () => {
    const requestId = testRequestId('ok');
    const created = await sut.http.post(COURSES).set('Authorization', caseworker).set('X-Request-Id', requestId).send(course()).expect(201);
    expect(await entriesOf(requestId)).toEqual([
      expect.objectContaining({ outcome: 'succeeded', action: 'create', resourceId: created.body.id }),
    ]);
    const bad = testRequestId('bad');
    await sut.http.post(COURSES).set('Authorization', caseworker).set('X-Request-Id', bad).send({ bogus: 1 }).expect(400);
    expect(await entriesOf(bad)).toEqual([]);
  });

  it('never stores a CPR in the audit log', async () => {
    const rows = await withClient(
      sut.db.superuserUrl,
      async (db) => (await db.query(`SELECT row_to_json(a)::text AS row FROM audit_log a`)).rows,
    );
    expect(rows.length).toBeGreaterThan(0);
    // Standing alone: a UUID's last group holds ten digits in a row about once in forty.
    for (const { row } of rows) expect(row).not.toMatch(/(?<![0-9A-Za-z])[0-3][0-9][01][0-9]{3}-?[0-9]{4}(?![0-9A-Za-z])/);
  });
});
