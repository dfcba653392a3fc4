import type { Response } from 'supertest';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { dayOffset } from '../support/dates.js';
import { withClient } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const COURSES = '/api/v1/courses';

function expectProblem(res: Response, status: number, code?: string, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (code) expect(res.body.type).toBe(PROBLEM_BASE + code);
  if (field) expect(res.body.errors?.map((e: { field: string }) => e.field)).toContain(field);
}

/**
 * A course's responsible worker (ansvarlig behandler): set, changed and cleared with If-Match,
 * audited, shown on the course, the course list and the working list, and the "mine" filter of
 * both lists. Also: contacts, referrals and consents take an optional If-Match like close does.
 */
describe('responsible worker', () => {
  let sut: TestApp;
  let sara: string;
  let kim: string;
  let manager: string;
  let copenhagen: string;
  let evaluator: string;
  let admin: string;

  beforeAll(async () => {
    sut = await startTestApp();
    sara = await sut.bearer({ sub: 'sara', name: 'Sara Sagsbehandler', roles: ['caseworker'], municipalities: ['751'] });
    kim = await sut.bearer({ sub: 'kim', name: 'Kim Kristensen', roles: ['caseworker'], municipalities: ['751'] });
    manager = await sut.bearer({ sub: 'mona', name: 'Mona Leder', roles: ['manager'], municipalities: ['751'] });
    copenhagen = await sut.bearer({ sub: 'sara', name: 'Sara Sagsbehandler', roles: ['caseworker', 'manager'], municipalities: ['101'] });
    evaluator = await sut.bearer({ roles: ['evaluator'], municipalities: [] });
    admin = await sut.bearer({ roles: ['admin'], municipalities: [] });
  });
  afterAll(() => sut?.close());

  async function newCourse(): Promise<{ id: string; etag: string }> {
    const res = await sut.http
      .post(COURSES)
      .set('Authorization', sara)
      .send({
        municipalityCode: '751',
        firstContact: { date: dayOffset(-3), channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: true,
      });
    expect(res.status).toBe(201);
    return { id: res.body.id, etag: res.headers.etag };
  }

  const put = (id: string, who: string, etag: string | undefined, body: object) => {
    const req = sut.http.put(`${COURSES}/${id}/responsible`).set('Authorization', who);
    return (etag ? req.set('If-Match', etag) : req).send(body);
  };
  const del = (id: string, who: string, etag?: string) => {
    const req = sut.http.delete(`${COURSES}/${id}/responsible`).set('Authorization', who);
    return etag ? req.set('If-Match', etag) : req;
  };

  it('sets, changes and clears the responsible worker, each change a new version, and shows it on the course', async () => {
    const { id, etag } = await newCourse();
    expect((await sut.http.get(`${COURSES}/${id}`).set('Authorization', sara)).body.responsible).toBeNull();

    const set = await put(id, sara, etag, { sub: 'sara', name: '  Sara Sagsbehandler ' });
    expect(set.status).toBe(200);
    expect(set.body.responsible).toEqual({ sub: 'sara', name: 'Sara Sagsbehandler', since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(set.headers.etag).toBe(`"${set.body.version}"`);
    expect(set.headers.etag).not.toBe(etag);

    // The same worker again keeps "since"; another worker starts anew.
    const again = await put(id, sara, set.headers.etag, { sub: 'sara', name: 'Sara S.' });
    expect(again.status).toBe(200);
    expect(again.body.responsible).toEqual({ sub: 'sara', name: 'Sara S.', since: set.body.responsible.since });
    const changed = await put(id, manager, again.headers.etag, { sub: 'kim', name: 'Kim Kristensen' });
    expect(changed.status).toBe(200);
    expect(changed.body.responsible.sub).toBe('kim');

    const cleared = await del(id, kim, changed.headers.etag);
    expect(cleared.status).toBe(200);
    expect(cleared.body.responsible).toBeNull();
    expect(cleared.body.version).toBe(changed.body.version + 1);
    expect((await sut.http.get(`${COURSES}/${id}`).set('Authorization', sara)).body.responsible).toBeNull();
  });

  it('audits every change with who was responsible before and after', async () => {
    const { id, etag } = await newCourse();
    const set = await put(id, sara, etag, { sub: 'sara', name: 'Sara Sagsbehandler' });
    await del(id, manager, set.headers.etag).expect(200);
    const audit = await sut.http.get(`/api/v1/audit?resourceId=${id}`).set('Authorization', manager);
    expect(audit.status).toBe(200);
    const changes = audit.body.items
      .filter((e: { details: { fields?: string[] } | null }) => e.details?.fields?.includes('responsible'))
      .map((e: { actorSub: string; action: string; outcome: string; details: { responsible: unknown } }) => ({
        actor: e.actorSub,
        action: e.action,
        outcome: e.outcome,
        responsible: e.details.responsible,
      }));
    expect(changes).toEqual(
      expect.arrayContaining([
        { actor: 'sara', action: 'update', outcome: 'succeeded', responsible: { from: null, to: 'sara' } },
        { actor: 'mona', action: 'update', outcome: 'succeeded', responsible: { from: 'sara', to: null } },
      ]),
    );
    expect(changes).toHaveLength(2);
  });

  it('needs If-Match (428) and refuses a stale one (412), changing nothing', async () => {
    const { id, etag } = await newCourse();
    expectProblem(await put(id, sara, undefined, { sub: 'sara', name: 'Sara' }), 428, 'if_match_required');
    expectProblem(await del(id, sara), 428, 'if_match_required');
    const set = await put(id, sara, etag, { sub: 'sara', name: 'Sara' });
    expectProblem(await put(id, kim, etag, { sub: 'kim', name: 'Kim' }), 412, 'version_mismatch');
    expectProblem(await del(id, kim, etag), 412, 'version_mismatch');
    const now = await sut.http.get(`${COURSES}/${id}`).set('Authorization', sara);
    expect(now.body.responsible.sub).toBe('sara');
    expect(now.body.version).toBe(set.body.version);
  });

  it.each([
    [{}, ['sub', 'name']],
    [{ sub: 'sara' }, ['name']],
    [{ sub: '', name: 'Sara' }, ['sub']],
    [{ sub: '   ', name: 'Sara' }, ['sub']],
    [{ sub: 'sara', name: '  ' }, ['name']],
    [{ sub: 's'.repeat(256), name: 'Sara' }, ['sub']],
    [{ sub: 'sara', name: 'n'.repeat(201) }, ['name']],
    [{ sub: 42, name: 'Sara' }, ['sub']],
    [{ sub: 'sa\nra', name: 'Sara' }, ['sub']],
    [{ sub: 'sara', name: 'Sara\u0007' }, ['name']],
    [{ sub: 'sara', name: 'Sara', role: 'boss' }, ['role']],
  ])('refuses %p naming %p, and changes nothing', async (body, fields) => {
    const { id, etag } = await newCourse();
    const res = await put(id, sara, etag, body);
    expectProblem(res, 400);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([...fields].sort());
    const now = await sut.http.get(`${COURSES}/${id}`).set('Authorization', sara);
    expect(now.body.responsible).toBeNull();
    expect(now.headers.etag).toBe(etag);
  });

  it('takes a closed course, but not one entered in error (409)', async () => {
    const closed = await newCourse();
    const close = await sut.http
      .post(`${COURSES}/${closed.id}/close`)
      .set('Authorization', sara)
      .send({ date: dayOffset(0), reason: 'completed' });
    expect(close.status).toBe(200);
    expect((await put(closed.id, sara, close.headers.etag, { sub: 'sara', name: 'Sara' })).status).toBe(200);

    const mistaken = await newCourse();
    const withdrawn = await sut.http
      .post(`${COURSES}/${mistaken.id}/entered-in-error`)
      .set('Authorization', sara)
      .send({ reason: 'Twice' });
    expect(withdrawn.status).toBe(200);
    expectProblem(await put(mistaken.id, sara, withdrawn.headers.etag, { sub: 'sara', name: 'Sara' }), 409, 'course_entered_in_error');
    expectProblem(await del(mistaken.id, sara, withdrawn.headers.etag), 409, 'course_entered_in_error');
  });

  it('is for caseworkers and managers only, and another municipality gets 404 (and changes nothing)', async () => {
    const { id, etag } = await newCourse();
    expectProblem(await put(id, evaluator, etag, { sub: 'x', name: 'X' }), 403);
    expectProblem(await put(id, admin, etag, { sub: 'x', name: 'X' }), 403);
    expectProblem(await del(id, evaluator, etag), 403);
    expectProblem(await put(id, copenhagen, etag, { sub: 'sara', name: 'Sara' }), 404, 'not_found');
    expectProblem(await del(id, copenhagen, etag), 404, 'not_found');
    expectProblem(await put('6f1c1a52-0000-4000-8000-00000000c0de', sara, '"1"', { sub: 'sara', name: 'Sara' }), 404, 'not_found');
    expect((await sut.http.get(`${COURSES}/${id}`).set('Authorization', sara)).headers.etag).toBe(etag);
    // Aarhus' course, once it has a responsible worker, is nowhere for the same sub in Copenhagen.
    await put(id, sara, etag, { sub: 'sara', name: 'Sara Sagsbehandler' }).expect(200);
    expectProblem(await sut.http.get(`${COURSES}/${id}`).set('Authorization', copenhagen), 404, 'not_found');
    for (const query of ['', '?responsible=me', '?responsible=none']) {
      const courses = await sut.http.get(`${COURSES}${query}`).set('Authorization', copenhagen);
      expect(courses.status).toBe(200);
      expect(courses.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
      const worklist = await sut.http.get(`/api/v1/worklist${query}`).set('Authorization', copenhagen);
      expect(worklist.status).toBe(200);
      expect(worklist.body.items.map((i: { courseId: string }) => i.courseId)).not.toContain(id);
    }
    expectProblem(await sut.http.get('/api/v1/worklist?municipality=751&responsible=me').set('Authorization', copenhagen), 403);
    // The failed attempt from Copenhagen is audited under the caller's own municipality, never the course's.
    await withClient(sut.db.superuserUrl, async (c) => {
      const { rows } = await c.query(
        `SELECT municipality_code, outcome FROM audit_log WHERE actor_sub = 'sara' AND municipality_code = '101' AND details->'fields' ? 'responsible'`,
      );
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(rows.every((r) => r.outcome === 'failed')).toBe(true);
    });
  });

  it('shows the responsible worker on the course list and the working list, with a "mine" filter on both', async () => {
    const mine = await newCourse();
    const kims = await newCourse();
    const nobodys = await newCourse();
    await put(mine.id, sara, mine.etag, { sub: 'sara', name: 'Sara Sagsbehandler' }).expect(200);
    await put(kims.id, sara, kims.etag, { sub: 'kim', name: 'Kim Kristensen' }).expect(200);

    const list = async (who: string, query: string) => {
      const res = await sut.http.get(`${COURSES}?${query}`).set('Authorization', who);
      expect(res.status).toBe(200);
      return res.body.items as { id: string; responsible: { sub: string; name: string } | null }[];
    };
    const all = await list(sara, 'pageSize=200');
    expect(all.find((c) => c.id === mine.id)?.responsible).toMatchObject({ sub: 'sara', name: 'Sara Sagsbehandler' });
    expect(all.find((c) => c.id === nobodys.id)?.responsible).toBeNull();
    const sarasOwn = (await list(sara, 'responsible=me&pageSize=200')).map((c) => c.id);
    expect(sarasOwn).toContain(mine.id);
    expect(sarasOwn).not.toContain(kims.id);
    expect(sarasOwn).not.toContain(nobodys.id);
    const kimsOwn = (await list(kim, 'responsible=me&pageSize=200')).map((c) => c.id);
    expect(kimsOwn).toContain(kims.id);
    expect(kimsOwn).not.toContain(mine.id);
    const unassigned = (await list(sara, 'responsible=none&pageSize=200')).map((c) => c.id);
    expect(unassigned).toContain(nobodys.id);
    expect(unassigned).not.toContain(mine.id);
    // "Me" is the token's sub and municipalities: the same sub in Copenhagen has none of Aarhus' courses.
    expect(await list(copenhagen, 'responsible=me')).toEqual([]);

    const worklist = async (who: string, query = '') => {
      const res = await sut.http.get(`/api/v1/worklist?municipality=751${query}`).set('Authorization', who);
      expect(res.status).toBe(200);
      return res.body.items as { courseId: string; responsible: { sub: string } | null }[];
    };
    const items = await worklist(sara);
    expect(items.filter((i) => i.courseId === mine.id).map((i) => i.responsible?.sub)).toEqual(['sara', 'sara']);
    expect(items.find((i) => i.courseId === nobodys.id)?.responsible).toBeNull();
    const sarasList = (await worklist(sara, '&responsible=me')).map((i) => i.courseId);
    expect(sarasList).toContain(mine.id);
    expect(sarasList).not.toContain(kims.id);
    expect(sarasList).not.toContain(nobodys.id);
    const kimsList = (await worklist(kim, '&responsible=me')).map((i) => i.courseId);
    expect(kimsList).toContain(kims.id);
    expect(kimsList).not.toContain(mine.id);
    const nobodysList = (await worklist(sara, '&responsible=none')).map((i) => i.courseId);
    expect(nobodysList).toContain(nobodys.id);
    expect(nobodysList).not.toContain(mine.id);
    expectProblem(await sut.http.get(`${COURSES}?responsible=kim`).set('Authorization', sara), 400, undefined, 'responsible');
    expectProblem(await sut.http.get('/api/v1/worklist?responsible=all').set('Authorization', sara), 400, undefined, 'responsible');
  });
});

describe('If-Match on contacts, referrals and consents', () => {
  let sut: TestApp;
  let caseworker: string;

  beforeAll(async () => {
    sut = await startTestApp();
    caseworker = await sut.bearer({ roles: ['caseworker'], municipalities: ['751'] });
  });
  afterAll(() => sut?.close());

  it.each([
    ['contacts', { type: 'pre_conversation', date: dayOffset(0), status: 'planned' }],
    ['referrals', { date: dayOffset(0), destination: 'gp' }],
    ['consents', { date: dayOffset(0), givenBy: 'custodial_parent', scope: 'treatment' }],
  ])(
    'POST …/%s takes the course’s ETag: the current one succeeds, a stale one is 412 and adds nothing, none is allowed',
    async (part, body) => {
      const created = await sut.http
        .post(COURSES)
        .set('Authorization', caseworker)
        .send({
          municipalityCode: '751',
          firstContact: { date: dayOffset(-2), channel: 'phone', contactedBy: 'parent' },
          clearlyInTargetGroup: true,
        });
      const { id } = created.body;
      const first = await sut.http
        .post(`${COURSES}/${id}/${part}`)
        .set('Authorization', caseworker)
        .set('If-Match', created.headers.etag)
        .send(body);
      expect(first.status).toBe(201);
      const stale = await sut.http
        .post(`${COURSES}/${id}/${part}`)
        .set('Authorization', caseworker)
        .set('If-Match', created.headers.etag)
        .send(body);
      expectProblem(stale, 412, 'version_mismatch');
      const without = await sut.http.post(`${COURSES}/${id}/${part}`).set('Authorization', caseworker).send(body);
      expect(without.status).toBe(201);
      const course = await sut.http.get(`${COURSES}/${id}`).set('Authorization', caseworker);
      const count = part === 'contacts' ? course.body.contacts.length - 1 : course.body[part].length;
      expect(count).toBe(2);
    },
  );
});
