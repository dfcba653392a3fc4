import { randomUUID } from 'node:crypto';
import { dayOffset } from '../support/dates.js';
import { cprFor } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';
import { testRequestId } from '../support/request-id.js';

const COURSES = '/api/v1/courses';

/**
 * Idempotency-Key scope: a stored response belongs to the caller (sub) *and* the municipalities
 * of their token, the method and the route. Identity providers (and the development issuer,
 * `dev-<role>`) may reuse a subject across municipalities; a replay must never cross them.
 */
describe('Idempotency-Key is scoped to the caller and their municipalities', () => {
  let sut: TestApp;
  /** The same subject, once for Aarhus (751), once for Copenhagen (101), once for both. */
  let aarhus: string;
  let copenhagen: string;
  let both: string;
  let aarhusManager: string;

  beforeAll(async () => {
    sut = await startTestApp();
    aarhus = await sut.bearer({ sub: 'dev-caseworker', roles: ['caseworker'], municipalities: ['751'] });
    copenhagen = await sut.bearer({ sub: 'dev-caseworker', roles: ['caseworker'], municipalities: ['101'] });
    both = await sut.bearer({ sub: 'dev-caseworker', roles: ['caseworker'], municipalities: ['751', '101'] });
    aarhusManager = await sut.bearer({ sub: 'mgr-751', roles: ['manager'], municipalities: ['751'] });
  });
  afterAll(() => sut.close());

  const course = (municipalityCode = '751') => ({
    municipalityCode,
    firstContact: { date: dayOffset(-3), channel: 'phone', contactedBy: 'parent' },
    clearlyInTargetGroup: true,
    cpr: cprFor('2014-05-05', 'female'),
    focusAreas: ['worry', 'sadness'],
  });
  const post = (token: string, key: string, body: object, path = COURSES) =>
    sut.http.post(path).set('Authorization', token).set('Idempotency-Key', key).send(body);

  it('does not replay another municipality’s response to the same subject and key: the request is authorised afresh', async () => {
    const key = randomUUID();
    const body = course('751');
    const original = await post(aarhus, key, body);
    expect(original.status).toBe(201);

    // The very same request (same body, so the same request hash) from the 101 token.
    const probe = await post(copenhagen, key, body);
    expect(probe.headers['idempotent-replayed']).toBeUndefined();
    expect(probe.status).toBe(403);
    expect(probe.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(probe.body)).not.toContain(original.body.id);
    expect(probe.body.child).toBeUndefined();
  });

  it('treats the same subject and key in another municipality as a new request', async () => {
    const key = randomUUID();
    const a = await post(aarhus, key, course('751')).expect(201);
    const b = await post(copenhagen, key, course('101')).expect(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.municipalityCode).toBe('101');
  });

  it('treats a token for another set of municipalities as another tenant, even when it includes the first', async () => {
    const key = randomUUID();
    const a = await post(aarhus, key, course('751')).expect(201);
    const b = await post(both, key, course('751')).expect(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('keeps keys apart per route, and still refuses a key reused for another request on the same route', async () => {
    const key = randomUUID();
    const a = await post(aarhus, key, { ...course(), cpr: undefined }).expect(201);
    const b = await post(aarhus, key, { ...course(), cpr: undefined }).expect(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    const other = await post(aarhus, randomUUID(), { ...course(), cpr: undefined }).expect(201);
    const contact = { type: 'pre_conversation', date: dayOffset(0), status: 'planned' };
    // Same key on another route: its own key space.
    await post(aarhus, key, contact, `${COURSES}/${a.body.id}/contacts`).expect(201);
    // Same key, same route, another course: a different request under a used key.
    const reused = await post(aarhus, key, contact, `${COURSES}/${other.body.id}/contacts`);
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0]).toMatchObject({ field: 'Idempotency-Key', code: 'idempotency_key_reused' });
  });

  it('audits a replay that shows personal data as a read of what it shows', async () => {
    const key = randomUUID();
    const body = course('751');
    const original = await post(aarhus, key, body).expect(201);
    const requestId = testRequestId('replay');
    const replay = await post(aarhus, key, body).set('X-Request-Id', requestId).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(original.body);

    const audit = await sut.http
      .get(`/api/v1/audit?resourceId=${original.body.id}&pageSize=50`)
      .set('Authorization', aarhusManager)
      .expect(200);
    const replayed = audit.body.items.filter((i: { requestId: string }) => i.requestId === requestId);
    expect(replayed).toEqual([
      expect.objectContaining({
        action: 'read',
        actorSub: 'dev-caseworker',
        municipalityCode: '751',
        resourceType: 'course',
        resourceId: original.body.id,
        details: expect.objectContaining({ idempotentReplay: true, originalAction: 'create' }),
      }),
    ]);
  });

  it('is enforced by row-level security too: stored responses of another set of municipalities are invisible', async () => {
    const key = randomUUID();
    await post(aarhus, key, course('751')).expect(201);
    const visible = (municipalities: string) =>
      withClient(sut.db.appUrl, async (db) => {
        await db.query('BEGIN');
        await db.query(`SELECT set_config('app.sub', 'dev-caseworker', true), set_config('app.municipalities', $1, true)`, [
          municipalities,
        ]);
        const { rows } = await db.query(`SELECT key FROM idempotency_key WHERE key = $1`, [key]);
        await db.query('ROLLBACK');
        return rows.length;
      });
    expect(await visible('751')).toBe(1);
    expect(await visible('101')).toBe(0);
    expect(await visible('101,751')).toBe(0);
  });
});
