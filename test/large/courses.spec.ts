import { startTestApp, type TestApp } from '../support/test-app.js';
import { dayOffset } from '../support/dates.js';
import { withClient } from '../support/test-database.js';

describe('courses API', () => {
  let sut: TestApp;
  let caseworker: string;
  let other: string;

  beforeAll(async () => {
    sut = await startTestApp();
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    other = await sut.bearer({ sub: 'cw-101', roles: ['caseworker'], municipalities: ['101'] });
  });
  afterAll(() => sut.close());

  const newCourse = (overrides: Record<string, unknown> = {}) => ({
    municipalityCode: '751',
    firstContact: { date: dayOffset(-20), time: '23:30', channel: 'phone', contactedBy: 'parent' },
    clearlyInTargetGroup: true,
    focusAreas: ['worry'],
    ...overrides,
  });

  it('registers a first contact and opens a course', async () => {
    const res = await sut.http
      .post('/api/v1/courses')
      .set('Authorization', caseworker)
      .send(newCourse({ cpr: '050514-9996' }))
      .expect(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      municipalityCode: '751',
      status: 'open',
      firstContactDate: dayOffset(-20),
      clearlyInTargetGroup: true,
      focusAreas: ['worry'],
      child: { cprKnown: true, cprMasked: '050514-xxxx', birthDate: '2014-05-05', sex: 'female' },
      version: 1,
    });
    expect(res.body.contacts).toEqual([expect.objectContaining({ type: 'first_contact', status: 'held', date: dayOffset(-20) })]);
    expect(JSON.stringify(res.body)).not.toContain('9996');
  });

  it('walks a course from pre-conversation to closure', async () => {
    const { body: course } = await sut.http.post('/api/v1/courses').set('Authorization', caseworker).send(newCourse()).expect(201);
    const id = course.id;
    const pre = await sut.http
      .post(`/api/v1/courses/${id}/contacts`)
      .set('Authorization', caseworker)
      .send({ type: 'pre_conversation', date: dayOffset(-10), status: 'held', outcome: 'proceed_to_screening' })
      .expect(201);
    expect(pre.body.type).toBe('pre_conversation');
    await sut.http
      .post(`/api/v1/courses/${id}/contacts`)
      .set('Authorization', caseworker)
      .send({
        type: 'screening',
        date: dayOffset(-5),
        status: 'held',
        outcome: 'offer_treatment',
        programme: 'Cool Kids',
        delivery: 'group',
      })
      .expect(201);
    const planned = await sut.http
      .post(`/api/v1/courses/${id}/contacts`)
      .set('Authorization', caseworker)
      .send({ type: 'treatment', date: dayOffset(0), status: 'planned' })
      .expect(201);
    await sut.http
      .patch(`/api/v1/courses/${id}/contacts/${planned.body.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', planned.headers.etag)
      .send({ status: 'held', participants: 'child_present', delivery: 'group', programme: 'Cool Kids' })
      .expect(200);
    const closed = await sut.http
      .post(`/api/v1/courses/${id}/close`)
      .set('Authorization', caseworker)
      .send({ date: dayOffset(0), reason: 'completed' })
      .expect(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closure).toEqual({ date: dayOffset(0), time: null, reason: 'completed' });
    expect(closed.body.flags).toContain('missing_treatment_consent');
    await sut.http
      .post(`/api/v1/courses/${id}/contacts`)
      .set('Authorization', caseworker)
      .send({ type: 'treatment', date: dayOffset(0), status: 'planned' })
      .expect(409);
  });

  it('hides another municipality’s course behind a 404', async () => {
    const { body } = await sut.http.post('/api/v1/courses').set('Authorization', caseworker).send(newCourse()).expect(201);
    await sut.http.get(`/api/v1/courses/${body.id}`).set('Authorization', other).expect(404);
    const list = await sut.http.get('/api/v1/courses').set('Authorization', other).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('replays an idempotent retry and rejects the key reused for another body', async () => {
    const first = await sut.http
      .post('/api/v1/courses')
      .set('Authorization', caseworker)
      .set('Idempotency-Key', 'k-1')
      .send(newCourse())
      .expect(201);
    const again = await sut.http
      .post('/api/v1/courses')
      .set('Authorization', caseworker)
      .set('Idempotency-Key', 'k-1')
      .send(newCourse())
      .expect(201);
    expect(again.body.id).toBe(first.body.id);
    await sut.http
      .post('/api/v1/courses')
      .set('Authorization', caseworker)
      .set('Idempotency-Key', 'k-1')
      .send(newCourse({ clearlyInTargetGroup: false }))
      .expect(422);
  });

  it('needs If-Match to change a course and refuses a stale one', async () => {
    const { body } = await sut.http.post('/api/v1/courses').set('Authorization', caseworker).send(newCourse()).expect(201);
    await sut.http
      .patch(`/api/v1/courses/${body.id}`)
      .set('Authorization', caseworker)
      .send({ focusAreas: ['sadness'] })
      .expect(428);
    await sut.http
      .patch(`/api/v1/courses/${body.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', '"7"')
      .send({ focusAreas: ['sadness'] })
      .expect(412);
    const ok = await sut.http
      .patch(`/api/v1/courses/${body.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', '"1"')
      .send({ focusAreas: ['sadness'], cpr: '1111111118' })
      .expect(200);
    expect(ok.body.focusAreas).toEqual(['sadness']);
    expect(ok.headers.etag).toBe('"2"');
  });

  it('corrects the first contact, moving the course and its first-contact contact, within the rules', async () => {
    const { body } = await sut.http.post('/api/v1/courses').set('Authorization', caseworker).send(newCourse()).expect(201);
    await sut.http
      .post(`/api/v1/courses/${body.id}/contacts`)
      .set('Authorization', caseworker)
      .send({ type: 'pre_conversation', date: dayOffset(-15), status: 'held', outcome: 'proceed_to_screening' })
      .expect(201);
    const after = await sut.http.get(`/api/v1/courses/${body.id}`).set('Authorization', caseworker).expect(200);
    const late = await sut.http
      .patch(`/api/v1/courses/${body.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', after.headers.etag)
      .send({ firstContact: { date: dayOffset(-14) } })
      .expect(422);
    expect(late.body.errors[0]).toMatchObject({ field: 'firstContact.date', code: 'first_contact_after_contact' });
    const ok = await sut.http
      .patch(`/api/v1/courses/${body.id}`)
      .set('Authorization', caseworker)
      .set('If-Match', after.headers.etag)
      .send({ firstContact: { date: dayOffset(-25), channel: 'email' } })
      .expect(200);
    expect(ok.body.firstContactDate).toBe(dayOffset(-25));
    expect(ok.body.firstContact).toMatchObject({ date: dayOffset(-25), channel: 'email', contactedBy: 'parent' });
    expect(ok.body.contacts[0]).toMatchObject({ type: 'first_contact', date: dayOffset(-25) });
    expect(ok.body.targets[0]).toMatchObject({ target: 'pre_conversation_14d', state: 'met', daysWaited: 10 });
  });

  it('keeps stored idempotent responses no longer than 24 hours', async () => {
    await withClient(sut.db.ownerUrl, async (db) => {
      await db.query('BEGIN');
      await db.query(`SELECT set_config('app.sub', 'cw-751', true), set_config('app.municipalities', '751', true)`);
      await db.query(
        `INSERT INTO idempotency_key (actor_sub, municipalities, method, route, key, path, request_hash, status, response_body, created_at)
         VALUES ('cw-751', '751', 'POST', '/api/v1/courses', 'old-key', '/api/v1/courses', 'x', 201, '{}', now() - interval '2 days')`,
      );
      await db.query('COMMIT');
    });
    await sut.http.post('/api/v1/courses').set('Authorization', caseworker).set('Idempotency-Key', 'new-key').send(newCourse()).expect(201);
    const keys = await withClient(sut.db.ownerUrl, async (db) => {
      await db.query('BEGIN');
      await db.query(`SELECT set_config('app.sub', 'cw-751', true), set_config('app.municipalities', '751', true)`);
      const { rows } = await db.query(`SELECT key FROM idempotency_key ORDER BY key`);
      await db.query('COMMIT');
      return rows.map((r: { key: string }) => r.key);
    });
    expect(keys).toContain('new-key');
    expect(keys).not.toContain('old-key');
  });
});
