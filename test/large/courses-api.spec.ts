import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { withClient } from '../support/test-database.js';
import { dayOffset, todayDk } from '../support/dates.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testRequestId } from '../support/request-id.js';

const COURSES = '/api/v1/courses';
const AUDIT = '/api/v1/audit';

type Method = 'get' | 'post' | 'patch';
type Body = Record<string, unknown>;

/** A date `years` whole years and `days` days before `date` (for children of a given age). */
function yearsBefore(date: string, years: number, days = 0): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

let serial = 100;
/**
 * A valid CPR for a birth date (the 7th digit chosen from docs/domain.md's century table), each call a
 * different child. `hyphen` writes it DDMMYY-SSSS.
 */
function cprFor(birthDate: string, hyphen = false): string {
  const [y, m, d] = birthDate.split('-');
  const year = Number(y);
  const seventh = year >= 2000 && year <= 2036 ? '4' : year >= 1900 && year <= 1999 ? '2' : '5';
  serial += 1;
  if (serial > 999) throw new Error('out of test serials');
  return `${d}${m}${y.slice(2)}${hyphen ? '-' : ''}${seventh}${String(serial).padStart(3, '0')}`;
}

/** A CPR of a child aged about 10 at a first contact 20 days ago. */
const childCpr = (hyphen = false) => cprFor(yearsBefore(dayOffset(-20), 10, 40), hyphen);

/** Every CPR-shaped way a number could show up in a response or an audit entry. */
const cprForms = (cpr: string) => {
  const digits = cpr.replace('-', '');
  return [digits, `${digits.slice(0, 6)}-${digits.slice(6)}`];
};

/** A 422/409/... problem that names its rule: `type` ends with the code, `errors[0].field` names the field. */
function expectRule(res: Response, status: number, code: string, field?: string) {
  expect({ status: res.status, type: res.body.type }).toEqual({ status, type: PROBLEM_BASE + code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (field !== undefined) expect(res.body.errors?.[0]?.field).toBe(field);
}

describe('courses API (comprehensive)', () => {
  let sut: TestApp;
  let cw: string;
  let cw2: string;
  let manager: string;
  let other: string;
  let evaluator: string;
  let admin: string;
  let odense: string;
  let odenseManager: string;

  beforeAll(async () => {
    sut = await startTestApp();
    cw = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    cw2 = await sut.bearer({ sub: 'cw2-751', roles: ['caseworker'], municipalities: ['751'] });
    manager = await sut.bearer({ sub: 'mgr-751', roles: ['manager'], municipalities: ['751'] });
    other = await sut.bearer({ sub: 'cw-101', roles: ['caseworker', 'manager'], municipalities: ['101'] });
    evaluator = await sut.bearer({ sub: 'sst-1', roles: ['evaluator'], municipalities: [] });
    admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
    odense = await sut.bearer({ sub: 'cw-461', roles: ['caseworker'], municipalities: ['461'] });
    odenseManager = await sut.bearer({ sub: 'mgr-461', roles: ['manager'], municipalities: ['461'] });
  });
  afterAll(() => sut.close());

  const send = (method: Method, path: string, token: string, body?: Body, headers: Record<string, string> = {}) => {
    const req = sut.http[method](path).set('Authorization', token).set(headers);
    return body === undefined ? req : req.send(body);
  };

  const newCourse = (overrides: Body = {}): Body => ({
    municipalityCode: '751',
    firstContact: { date: dayOffset(-20), time: '09:30', channel: 'phone', contactedBy: 'parent' },
    clearlyInTargetGroup: true,
    focusAreas: ['worry'],
    ...overrides,
  });

  const create = async (overrides: Body = {}, token = cw) => {
    const res = await send('post', COURSES, token, newCourse(overrides));
    expect(res.status).toBe(201);
    return res.body;
  };
  const get = async (id: string, token = cw) => {
    const res = await send('get', `${COURSES}/${id}`, token);
    expect(res.status).toBe(200);
    return res.body;
  };
  const addContact = async (id: string, body: Body, token = cw) => {
    const res = await send('post', `${COURSES}/${id}/contacts`, token, body);
    expect(res.status).toBe(201);
    return res;
  };
  const close = async (id: string, date = dayOffset(0), reason = 'completed') => {
    const res = await send('post', `${COURSES}/${id}/close`, cw, { date, reason });
    expect(res.status).toBe(200);
    return res.body;
  };
  const auditOf = async (resourceId: string, token = manager) => {
    const res = await send('get', `${AUDIT}?resourceId=${resourceId}&pageSize=500`, token);
    expect(res.status).toBe(200);
    return res.body.items as {
      action: string;
      outcome: string;
      purpose: string | null;
      details: Record<string, unknown> | null;
      requestId: string;
    }[];
  };
  const auditByRequest = async (requestId: string, token = manager) => {
    const res = await send('get', `${AUDIT}?resourceType=course&pageSize=500`, token);
    expect(res.status).toBe(200);
    return (res.body.items as { requestId: string }[]).filter((i) => i.requestId === requestId);
  };
  const preHeld = { type: 'pre_conversation', date: dayOffset(-15), status: 'held', outcome: 'proceed_to_screening' };
  const screeningOffer = {
    type: 'screening',
    date: dayOffset(-10),
    status: 'held',
    outcome: 'offer_treatment',
    programme: 'Cool Kids',
    delivery: 'group',
  };
  const treatmentHeld = {
    type: 'treatment',
    date: dayOffset(-5),
    status: 'held',
    participants: 'child_present',
    delivery: 'group',
    programme: 'Cool Kids',
  };

  describe('POST /courses', () => {
    it('registers a first contact, records it as a held first_contact, and answers with the course shape and an ETag', async () => {
      const birthDate = yearsBefore(dayOffset(-20), 11, 3);
      const cpr = cprFor(birthDate, true);
      const res = await send('post', COURSES, cw, newCourse({ cpr }));
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.headers.location).toBe(`${COURSES}/${res.body.id}`);
      const masked = `${birthDate.slice(8, 10)}${birthDate.slice(5, 7)}${birthDate.slice(2, 4)}-xxxx`;
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        municipalityCode: '751',
        status: 'open',
        firstContactDate: dayOffset(-20),
        clearlyInTargetGroup: true,
        focusAreas: ['worry'],
        child: { cprKnown: true, cprMasked: masked, birthDate, sex: Number(cpr.slice(-1)) % 2 ? 'male' : 'female', ageAtFirstContact: 11 },
        referrals: [],
        version: 1,
      });
      expect(res.body.contacts).toEqual([
        expect.objectContaining({ id: expect.any(String), type: 'first_contact', status: 'held', date: dayOffset(-20), time: '09:30' }),
      ]);
      expect(res.body).not.toHaveProperty('closure');
      expect(res.body.child).not.toHaveProperty('cpr');
      for (const form of cprForms(cpr)) expect(JSON.stringify(res.body)).not.toContain(form);
    });

    it('registers a course without CPR, flags it missing_cpr and lists it with missingCpr=true', async () => {
      const { body: course } = await send('post', COURSES, odense, newCourse({ municipalityCode: '461' })).expect(201);
      expect(course.child).toEqual(
        expect.objectContaining({ cprKnown: false, cprMasked: null, birthDate: null, sex: null, ageAtFirstContact: null }),
      );
      expect(course.flags).toContain('missing_cpr');
      const withCpr = await create({ municipalityCode: '461', cpr: childCpr() }, odense);
      expect(withCpr.flags).not.toContain('missing_cpr');

      const missing = await send('get', `${COURSES}?missingCpr=true`, odense).expect(200);
      const ids = missing.body.items.map((i: { id: string }) => i.id);
      expect(ids).toContain(course.id);
      expect(ids).not.toContain(withCpr.id);
      expect(missing.body.items.every((i: { child: { cprKnown: boolean } }) => !i.child.cprKnown)).toBe(true);
      const known = await send('get', `${COURSES}?missingCpr=false`, odense).expect(200);
      expect(known.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([withCpr.id]));
      expect(known.body.items.map((i: { id: string }) => i.id)).not.toContain(course.id);
    });

    it.each<[string, number, number, boolean]>([
      ['a 4-year-old is accepted and flagged outside_age_range', 4, 100, true],
      ['a 5-year-old (first day of the range) is not flagged', 5, 0, false],
      ['a 17-year-old is not flagged', 17, 300, false],
      ['an 18-year-old (on the 18th birthday) is accepted and flagged outside_age_range', 18, 0, true],
    ])('%s', async (_name, years, days, flagged) => {
      const birthDate = yearsBefore(dayOffset(-20), years, days);
      const course = await create({ cpr: cprFor(birthDate) });
      expect(course.child.ageAtFirstContact).toBe(years);
      if (flagged) expect(course.flags).toContain('outside_age_range');
      else expect(course.flags).not.toContain('outside_age_range');
    });

    it('refuses a first contact dated after today (Danish local date)', async () => {
      const res = await send(
        'post',
        COURSES,
        cw,
        newCourse({ firstContact: { date: dayOffset(1), channel: 'phone', contactedBy: 'child' } }),
      );
      expectRule(res, 422, 'first_contact_in_future', 'firstContact.date');
      const today = await send(
        'post',
        COURSES,
        cw,
        newCourse({ firstContact: { date: todayDk(), channel: 'digital', contactedBy: 'child' } }),
      );
      expect(today.status).toBe(201);
    });

    it.each<[string, string]>([
      ['31 February', '310214-4001'],
      ['29 February in a non-leap year', '290213-4001'],
      ['day 45', '4505149996'],
    ])('refuses a CPR that is not a real date (%s) with 422 cpr_invalid', async (_name, cpr) => {
      expectRule(await send('post', COURSES, cw, newCourse({ cpr })), 422, 'cpr_invalid', 'cpr');
    });

    it.each<[string, string]>([
      ['letters', '05051A9996'],
      ['9 digits', '050514999'],
      ['11 digits', '05051499961'],
      ['the hyphen in the wrong place', '05051-49996'],
    ])('refuses a malformed CPR (%s) as invalid input (400)', async (_name, cpr) => {
      const res = await send('post', COURSES, cw, newCourse({ cpr }));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'cpr' })]));
      expect(JSON.stringify(res.body)).not.toContain(cpr);
    });

    it('accepts a CPR that fails modulus 11 (1 January numbers)', async () => {
      // 010116-4000: weights 4 3 2 7 6 5 4 3 2 1 give 3+7+6+30+16 = 62, not divisible by 11.
      const res = await send('post', COURSES, cw, newCourse({ cpr: '010116-4000' }));
      expect(res.status).toBe(201);
      expect(res.body.child).toMatchObject({ birthDate: '2016-01-01', sex: 'female' });
    });

    it('refuses unknown fields and bad enums (400 with field errors)', async () => {
      const res = await send('post', COURSES, cw, newCourse({ name: 'Josefine', focusAreas: ['anxiety'] }));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['name', 'focusAreas']));
    });

    it('refuses a course in a municipality the caller does not work for (403)', async () => {
      const res = await send('post', COURSES, cw, newCourse({ municipalityCode: '101' }));
      expect(res.status).toBe(403);
    });
  });

  describe('GET /courses/{id}', () => {
    it('returns the course with an ETag of its version, and audits the read', async () => {
      const course = await create({ cpr: childCpr() });
      const res = await send('get', `${COURSES}/${course.id}`, cw).expect(200);
      expect(res.headers.etag).toBe(`"${res.body.version}"`);
      expect(res.body.child).not.toHaveProperty('cpr');
      expect((await auditOf(course.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'read']));
    });

    it('shows the CPR only with reveal=cpr, and audits that as reveal_cpr', async () => {
      const cpr = childCpr(true);
      const course = await create({ cpr });
      const plain = await send('get', `${COURSES}/${course.id}`, cw).expect(200);
      for (const form of cprForms(cpr)) expect(JSON.stringify(plain.body)).not.toContain(form);
      expect((await auditOf(course.id)).map((a) => a.action)).not.toContain('reveal_cpr');

      const revealed = await send('get', `${COURSES}/${course.id}?reveal=cpr`, cw).expect(200);
      expect(revealed.body.child.cpr).toBe(cpr.replace('-', ''));
      const audit = await auditOf(course.id);
      expect(audit.filter((a) => a.action === 'reveal_cpr')).toHaveLength(1);
      for (const form of cprForms(cpr)) expect(JSON.stringify(audit)).not.toContain(form);
    });

    it('keeps the purpose the caller gives (X-Purpose) in the audit', async () => {
      const course = await create();
      await send('get', `${COURSES}/${course.id}?reveal=cpr`, cw, undefined, { 'X-Purpose': 'journal lookup' }).expect(200);
      expect(await auditOf(course.id)).toEqual(
        expect.arrayContaining([expect.objectContaining({ action: 'reveal_cpr', purpose: 'journal lookup' })]),
      );
    });

    it('refuses an unknown reveal value and a malformed id (400), and an unknown id is 404', async () => {
      const course = await create();
      expect((await send('get', `${COURSES}/${course.id}?reveal=name`, cw)).status).toBe(400);
      expect((await send('get', `${COURSES}/not-a-uuid`, cw)).status).toBe(400);
      expectRule(await send('get', `${COURSES}/${randomUUID()}`, cw), 404, 'not_found');
    });
  });

  describe('GET /courses (list and search)', () => {
    // Municipality 147 is used by this block only, so its list is exactly what the block made.
    let fb: string;
    let fbManager: string;
    const fbCourse = (overrides: Body = {}) => newCourse({ municipalityCode: '147', ...overrides });
    const ids = (res: Response) => res.body.items.map((i: { id: string }) => i.id);
    let early: { id: string };
    let mid: { id: string };
    let late: { id: string };
    const midCpr = childCpr(true);

    beforeAll(async () => {
      fb = await sut.bearer({ sub: 'cw-147', roles: ['caseworker'], municipalities: ['147'] });
      fbManager = await sut.bearer({ sub: 'mgr-147', roles: ['manager'], municipalities: ['147'] });
      early = (
        await send(
          'post',
          COURSES,
          fb,
          fbCourse({ firstContact: { date: dayOffset(-60), channel: 'email', contactedBy: 'parent' } }),
        ).expect(201)
      ).body;
      mid = (
        await send(
          'post',
          COURSES,
          fb,
          fbCourse({ cpr: midCpr, firstContact: { date: dayOffset(-40), channel: 'email', contactedBy: 'parent' } }),
        ).expect(201)
      ).body;
      late = (
        await send(
          'post',
          COURSES,
          fb,
          fbCourse({ firstContact: { date: dayOffset(-20), channel: 'email', contactedBy: 'child' } }),
        ).expect(201)
      ).body;
      await send('post', `${COURSES}/${early.id}/close`, fb, { date: dayOffset(-50), reason: 'dropped_out' }).expect(200);
    });

    it('lists the caller’s courses, newest first contact first, without CPRs', async () => {
      const res = await send('get', COURSES, fb).expect(200);
      expect(ids(res)).toEqual([late.id, mid.id, early.id]);
      expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 50 });
      for (const form of cprForms(midCpr)) expect(JSON.stringify(res.body)).not.toContain(form);
    });

    it('filters by status', async () => {
      expect(ids(await send('get', `${COURSES}?status=open`, fb).expect(200))).toEqual([late.id, mid.id]);
      expect(ids(await send('get', `${COURSES}?status=closed`, fb).expect(200))).toEqual([early.id]);
      expect((await send('get', `${COURSES}?status=entered_in_error`, fb)).status).toBe(400);
    });

    it('filters by first-contact date, both ends inclusive', async () => {
      expect(ids(await send('get', `${COURSES}?firstContactFrom=${dayOffset(-40)}`, fb).expect(200))).toEqual([late.id, mid.id]);
      expect(ids(await send('get', `${COURSES}?firstContactTo=${dayOffset(-40)}`, fb).expect(200))).toEqual([mid.id, early.id]);
      expect(
        ids(await send('get', `${COURSES}?firstContactFrom=${dayOffset(-40)}&firstContactTo=${dayOffset(-40)}`, fb).expect(200)),
      ).toEqual([mid.id]);
      expect((await send('get', `${COURSES}?firstContactFrom=2026-02-30`, fb)).status).toBe(400);
    });

    it('pages', async () => {
      const p1 = await send('get', `${COURSES}?pageSize=2&page=1`, fb).expect(200);
      const p2 = await send('get', `${COURSES}?pageSize=2&page=2`, fb).expect(200);
      expect(ids(p1)).toEqual([late.id, mid.id]);
      expect(ids(p2)).toEqual([early.id]);
      expect(p2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect((await send('get', `${COURSES}?page=0`, fb)).status).toBe(400);
    });

    it.each<[string, (cpr: string) => [string, Record<string, string>]]>([
      ['the X-CPR header with hyphen', (cpr) => [COURSES, { 'X-CPR': cpr }]],
      ['the X-CPR header without hyphen', (cpr) => [COURSES, { 'X-CPR': cpr.replace('-', '') }]],
      ['?cpr= with hyphen', (cpr) => [`${COURSES}?cpr=${cpr}`, {}]],
      ['?cpr= without hyphen', (cpr) => [`${COURSES}?cpr=${cpr.replace('-', '')}`, {}]],
    ])('finds a course by CPR via %s, and audits the search without the CPR', async (_name, build) => {
      const [path, headers] = build(midCpr);
      const requestId = testRequestId('search');
      const res = await send('get', path, fb, undefined, { ...headers, 'X-Request-Id': requestId }).expect(200);
      expect(ids(res)).toEqual([mid.id]);
      const [entry, ...more] = await auditByRequest(requestId, fbManager);
      expect(more).toEqual([]);
      expect(entry).toMatchObject({
        action: 'search',
        resourceType: 'course',
        resourceId: mid.id,
        details: expect.objectContaining({ byCpr: true }),
      });
      const text = JSON.stringify(entry);
      for (const form of cprForms(midCpr)) expect(text).not.toContain(form);
      expect(text).not.toContain(midCpr.slice(7));
    });

    it('finds nothing for a CPR the municipality does not have', async () => {
      expect(ids(await send('get', COURSES, fb, undefined, { 'X-CPR': childCpr() }).expect(200))).toEqual([]);
    });

    it('does not find another municipality’s child by CPR', async () => {
      expect(ids(await send('get', COURSES, odense, undefined, { 'X-CPR': midCpr }).expect(200))).toEqual([]);
      expect(ids(await send('get', COURSES, odense).expect(200))).not.toContain(mid.id);
      expect(ids(await send('get', `${COURSES}?municipality=147`, odense).expect(200))).toEqual([]);
    });

    it('refuses a CPR search that is not a CPR', async () => {
      expectRule(await send('get', COURSES, fb, undefined, { 'X-CPR': '310214-4001' }), 422, 'cpr_invalid', 'cpr');
      expectRule(await send('get', COURSES, fb, undefined, { 'X-CPR': 'abc' }), 422, 'cpr_invalid', 'cpr');
      expect((await send('get', `${COURSES}?cpr=abc`, fb)).status).toBe(400);
    });
  });

  describe('PATCH /courses/{id}', () => {
    it('needs If-Match (428) and refuses a stale one (412) without changing anything', async () => {
      const course = await create();
      expectRule(await send('patch', `${COURSES}/${course.id}`, cw, { focusAreas: ['sadness'] }), 428, 'if_match_required');
      expectRule(
        await send('patch', `${COURSES}/${course.id}`, cw, { focusAreas: ['sadness'] }, { 'If-Match': '"7"' }),
        412,
        'version_mismatch',
      );
      const after = await get(course.id);
      expect(after).toMatchObject({ version: 1, focusAreas: ['worry'] });
    });

    it('adds a CPR later: the missing_cpr flag goes, the version and ETag move on', async () => {
      const course = await create();
      expect(course.flags).toContain('missing_cpr');
      const birthDate = yearsBefore(dayOffset(-20), 8, 10);
      const res = await send('patch', `${COURSES}/${course.id}`, cw, { cpr: cprFor(birthDate) }, { 'If-Match': '"1"' }).expect(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ version: 2, child: { cprKnown: true, birthDate, ageAtFirstContact: 8 } });
      expect(res.body.flags).not.toContain('missing_cpr');
      expect((await auditOf(course.id)).find((a) => a.action === 'update')?.details).toEqual({ fields: ['cpr'] });
    });

    it('corrects the CPR, clearlyInTargetGroup and focus areas (W/ tags accepted)', async () => {
      const course = await create({ cpr: childCpr() });
      const birthDate = yearsBefore(dayOffset(-20), 12, 1);
      const res = await send(
        'patch',
        `${COURSES}/${course.id}`,
        cw,
        { cpr: cprFor(birthDate, true), clearlyInTargetGroup: false, focusAreas: ['sadness', 'self_harm'] },
        { 'If-Match': 'W/"1"' },
      ).expect(200);
      expect(res.body).toMatchObject({
        clearlyInTargetGroup: false,
        focusAreas: ['sadness', 'self_harm'],
        child: { birthDate },
        version: 2,
      });
    });

    it('refuses an invalid CPR with 422 and leaves the course as it was', async () => {
      const course = await create();
      expectRule(
        await send('patch', `${COURSES}/${course.id}`, cw, { cpr: '300214-4001', focusAreas: ['other'] }, { 'If-Match': '"1"' }),
        422,
        'cpr_invalid',
        'cpr',
      );
      expect(await get(course.id)).toMatchObject({ version: 1, focusAreas: ['worry'], child: { cprKnown: false } });
      // The refused change is audited as a failed attempt only (never as a change that happened).
      const updates = (await auditOf(course.id)).filter((a) => a.action === 'update');
      expect(updates.map((u) => [u.outcome, u.details?.failure])).toEqual([['failed', { status: 422, code: 'cpr_invalid' }]]);
    });

    it('refuses a CPR whose child already has an open course (409) and changes nothing', async () => {
      const cpr = childCpr();
      await create({ cpr });
      const course = await create();
      expectRule(
        await send('patch', `${COURSES}/${course.id}`, cw, { cpr, focusAreas: ['other'] }, { 'If-Match': '"1"' }),
        409,
        'open_course_exists',
      );
      expect(await get(course.id)).toMatchObject({ version: 1, focusAreas: ['worry'], child: { cprKnown: false } });
    });

    it('refuses unknown fields (status cannot be patched)', async () => {
      const course = await create();
      expect((await send('patch', `${COURSES}/${course.id}`, cw, { status: 'closed' }, { 'If-Match': '"1"' })).status).toBe(400);
    });
  });

  describe('contacts', () => {
    let course: { id: string };
    beforeEach(async () => {
      course = await create({ cpr: childCpr() });
    });
    const post = (body: Body) => send('post', `${COURSES}/${course.id}/contacts`, cw, body);

    it('walks pre-conversation, screening and treatment; each answer carries the contact’s ETag and the course version', async () => {
      const pre = await addContact(course.id, preHeld);
      expect(pre.headers.etag).toBe('"1"');
      expect(pre.headers.location).toBe(`${COURSES}/${course.id}/contacts/${pre.body.id}`);
      expect(pre.body).toMatchObject({
        type: 'pre_conversation',
        status: 'held',
        outcome: 'proceed_to_screening',
        courseId: course.id,
        courseVersion: 2,
        version: 1,
      });
      await addContact(course.id, screeningOffer);
      const treat = await addContact(course.id, treatmentHeld);
      expect(treat.body).toMatchObject({ participants: 'child_present', delivery: 'group', programme: 'Cool Kids', courseVersion: 4 });
      const after = await get(course.id);
      expect(after.contacts.map((c: { type: string }) => c.type)).toEqual(['first_contact', 'pre_conversation', 'screening', 'treatment']);
      expect(after.version).toBe(4);
    });

    it.each<[string, Body, number, string, string]>([
      ['a contact dated before the first contact', { ...preHeld, date: dayOffset(-21) }, 422, 'contact_before_first_contact', 'date'],
      ['a held contact dated tomorrow', { ...preHeld, date: dayOffset(1) }, 422, 'held_in_future', 'date'],
      ['a planned contact booked yesterday', { type: 'screening', date: dayOffset(-1), status: 'planned' }, 422, 'planned_in_past', 'date'],
      [
        'a held treatment without participants',
        { ...treatmentHeld, participants: undefined, reason: 'BUP advice' },
        422,
        'treatment_needs_participants_and_delivery',
        'participants',
      ],
      [
        'a held treatment without delivery',
        { ...treatmentHeld, delivery: undefined, reason: 'BUP advice' },
        422,
        'treatment_needs_participants_and_delivery',
        'delivery',
      ],
      [
        'a held treatment without programme',
        { ...treatmentHeld, programme: undefined, reason: 'BUP advice' },
        422,
        'treatment_needs_programme',
        'programme',
      ],
      ['a held pre-conversation without outcome', { ...preHeld, outcome: undefined }, 422, 'pre_conversation_needs_outcome', 'outcome'],
      [
        'a held pre-conversation with a screening outcome',
        { ...preHeld, outcome: 'offer_treatment' },
        422,
        'outcome_not_allowed',
        'outcome',
      ],
      ['a held screening without outcome', { ...screeningOffer, outcome: undefined }, 422, 'screening_needs_outcome', 'outcome'],
      [
        'a screening offering treatment without programme',
        { ...screeningOffer, programme: undefined },
        422,
        'treatment_offer_needs_programme_and_delivery',
        'programme',
      ],
      [
        'a screening offering treatment without delivery',
        { ...screeningOffer, delivery: undefined },
        422,
        'treatment_offer_needs_programme_and_delivery',
        'delivery',
      ],
      [
        'a planned contact with an outcome',
        { type: 'screening', date: dayOffset(3), status: 'planned', outcome: 'other_help' },
        422,
        'outcome_needs_held_contact',
        'outcome',
      ],
      ['a treatment without an earlier screening offering it', treatmentHeld, 422, 'treatment_without_screening_offer', 'reason'],
    ])('refuses %s, naming the rule, and changes nothing', async (_name, body, status, code, field) => {
      const before = await get(course.id);
      expectRule(await post(body), status, code, field);
      const after = await get(course.id);
      expect(after.version).toBe(before.version);
      expect(after.contacts).toEqual(before.contacts);
    });

    it('accepts a treatment without screening when a reason is given', async () => {
      const res = await addContact(course.id, { ...treatmentHeld, reason: 'Screened by BUP before the course' });
      expect(res.body.reason).toBe('Screened by BUP before the course');
    });

    it('accepts a treatment on the same day as the screening that offered it', async () => {
      await addContact(course.id, screeningOffer);
      await addContact(course.id, { ...treatmentHeld, date: screeningOffer.date });
    });

    it('refuses a treatment dated before the screening that offered it', async () => {
      await addContact(course.id, screeningOffer);
      expectRule(await post({ ...treatmentHeld, date: dayOffset(-11) }), 422, 'treatment_without_screening_offer', 'reason');
    });

    it('refuses the first contact type and unknown fields (400)', async () => {
      expect((await post({ type: 'first_contact', date: dayOffset(-1), status: 'held' })).status).toBe(400);
      expect((await post({ ...preHeld, note: 'free text' })).status).toBe(400);
      expect((await post({ ...preHeld, status: 'entered_in_error' })).status).toBe(400);
    });

    describe('PATCH /courses/{id}/contacts/{contactId}', () => {
      const patch = (contactId: string, body: Body, ifMatch?: string) =>
        send('patch', `${COURSES}/${course.id}/contacts/${contactId}`, cw, body, ifMatch ? { 'If-Match': ifMatch } : {});

      it('a planned contact becomes held with If-Match; the course version moves too', async () => {
        const planned = await addContact(course.id, { type: 'pre_conversation', date: todayDk(), status: 'planned' });
        const courseVersion = planned.body.courseVersion;
        const held = await patch(planned.body.id, { status: 'held', outcome: 'proceed_to_screening' }, planned.headers.etag).expect(200);
        expect(held.headers.etag).toBe('"2"');
        expect(held.body).toMatchObject({ status: 'held', outcome: 'proceed_to_screening', version: 2, courseVersion: courseVersion + 1 });
      });

      it('needs If-Match (428) and refuses a stale one (412)', async () => {
        const planned = await addContact(course.id, { type: 'pre_conversation', date: todayDk(), status: 'planned' });
        expectRule(await patch(planned.body.id, { status: 'no_show' }), 428, 'if_match_required');
        expectRule(await patch(planned.body.id, { status: 'no_show' }, '"2"'), 412, 'version_mismatch');
        expect((await get(course.id)).contacts.find((c: { id: string }) => c.id === planned.body.id).status).toBe('planned');
      });

      it.each<[string, Body, Body, string]>([
        ['held → planned', preHeld, { status: 'planned' }, 'invalid_transition'],
        ['held → no_show', preHeld, { status: 'no_show' }, 'invalid_transition'],
        [
          'no_show → held',
          { type: 'pre_conversation', date: dayOffset(-3), status: 'no_show' },
          { status: 'held', outcome: 'proceed_to_screening' },
          'invalid_transition',
        ],
        [
          'cancelled_by_family → planned',
          { type: 'pre_conversation', date: dayOffset(-3), status: 'cancelled_by_family' },
          { status: 'planned', date: dayOffset(2) },
          'invalid_transition',
        ],
      ])('refuses the transition %s with 409', async (_name, created, change, code) => {
        const contact = await addContact(course.id, created);
        expectRule(await patch(contact.body.id, change, contact.headers.etag), 409, code);
        expect((await get(course.id)).contacts.find((c: { id: string }) => c.id === contact.body.id)).toEqual(
          expect.objectContaining({ status: created.status, version: 1 }),
        );
      });

      it('checks the rules on a change too (a held screening needs an outcome)', async () => {
        const planned = await addContact(course.id, { type: 'screening', date: todayDk(), status: 'planned' });
        expectRule(await patch(planned.body.id, { status: 'held' }, planned.headers.etag), 422, 'screening_needs_outcome', 'outcome');
        expectRule(
          await patch(planned.body.id, { status: 'held', outcome: 'proceed_to_screening' }, planned.headers.etag),
          422,
          'outcome_not_allowed',
          'outcome',
        );
      });

      it('refuses a planned contact rebooked to a past date', async () => {
        const planned = await addContact(course.id, { type: 'screening', date: dayOffset(2), status: 'planned' });
        expectRule(await patch(planned.body.id, { date: dayOffset(-2) }, planned.headers.etag), 422, 'planned_in_past', 'date');
        const moved = await patch(planned.body.id, { date: dayOffset(5) }, planned.headers.etag).expect(200);
        expect(moved.body).toMatchObject({ status: 'planned', date: dayOffset(5) });
      });

      it('corrects a held contact within its status', async () => {
        const pre = await addContact(course.id, preHeld);
        const res = await patch(
          pre.body.id,
          { date: dayOffset(-14), outcome: 'not_in_target_group', mode: 'video' },
          pre.headers.etag,
        ).expect(200);
        expect(res.body).toMatchObject({ status: 'held', date: dayOffset(-14), outcome: 'not_in_target_group', mode: 'video' });
      });

      it('marks a contact entered in error only with a reason, and that is final', async () => {
        const pre = await addContact(course.id, preHeld);
        expect((await patch(pre.body.id, { status: 'entered_in_error' }, pre.headers.etag)).status).toBe(400);
        const gone = await patch(pre.body.id, { status: 'entered_in_error', enteredInErrorReason: 'Wrong child' }, pre.headers.etag).expect(
          200,
        );
        expect(gone.body).toMatchObject({ status: 'entered_in_error', enteredInErrorReason: 'Wrong child' });
        expectRule(await patch(pre.body.id, { status: 'held' }, gone.headers.etag), 409, 'invalid_transition');
        expectRule(await patch(pre.body.id, { programme: 'x' }, gone.headers.etag), 409, 'invalid_transition');
        expect(await auditOf(pre.body.id)).toEqual(
          expect.arrayContaining([expect.objectContaining({ action: 'entered_in_error', purpose: 'Wrong child' })]),
        );
      });

      it('the first contact cannot be changed as a contact (409)', async () => {
        const first = (await get(course.id)).contacts[0];
        expectRule(await patch(first.id, { time: '10:00' }, `"${first.version}"`), 409, 'first_contact_fixed');
      });

      it('an unknown contact id is 404', async () => {
        expectRule(await patch(randomUUID(), { status: 'held' }, '"1"'), 404, 'not_found');
      });
    });
  });

  describe('referrals and consents', () => {
    it('records a referral', async () => {
      const course = await create({ cpr: childCpr() });
      const res = await send('post', `${COURSES}/${course.id}/referrals`, cw, {
        date: dayOffset(-2),
        destination: 'civil_society',
        note: 'Headspace',
      }).expect(201);
      expect(res.body).toMatchObject({ id: expect.any(String), date: dayOffset(-2), destination: 'civil_society', note: 'Headspace' });
      const after = await get(course.id);
      expect(after.referrals).toEqual([
        { id: res.body.id, date: dayOffset(-2), time: null, destination: 'civil_society', note: 'Headspace', status: 'active' },
      ]);
      expect(after.version).toBe(2);
    });

    it.each<[string, string, Body, number, string, string | undefined]>([
      ['referrals', 'referrals', { date: dayOffset(-21), destination: 'gp' }, 422, 'date_before_first_contact', 'date'],
      ['referrals', 'referrals', { date: dayOffset(1), destination: 'gp' }, 422, 'date_in_future', 'date'],
      [
        'consents',
        'consents',
        { date: dayOffset(-21), givenBy: 'custodial_parent', scope: 'treatment' },
        422,
        'date_before_first_contact',
        'date',
      ],
      ['consents', 'consents', { date: dayOffset(1), givenBy: 'custodial_parent', scope: 'treatment' }, 422, 'date_in_future', 'date'],
    ])('refuses %s dated outside the course (%#)', async (_name, path, body, status, code, field) => {
      const course = await create({ cpr: childCpr() });
      expectRule(await send('post', `${COURSES}/${course.id}/${path}`, cw, body), status, code, field);
      expect((await get(course.id)).version).toBe(1);
    });

    it('refuses a bad destination or scope (400)', async () => {
      const course = await create();
      expect((await send('post', `${COURSES}/${course.id}/referrals`, cw, { date: dayOffset(-2), destination: 'school' })).status).toBe(
        400,
      );
      expect(
        (await send('post', `${COURSES}/${course.id}/consents`, cw, { date: dayOffset(-2), givenBy: 'grandparent', scope: 'treatment' }))
          .status,
      ).toBe(400);
    });

    describe('consent by age at the consent date (sundhedsloven § 17)', () => {
      // A child whose 15th birthday was 10 days ago (11 if that would be a 29 February).
      const daysAgo = dayOffset(-10).endsWith('-02-29') ? 11 : 10;
      const birthday = dayOffset(-daysAgo);
      const birthDate = `${Number(birthday.slice(0, 4)) - 15}${birthday.slice(4)}`;
      let course: { id: string };
      beforeAll(async () => {
        course = await create({ cpr: cprFor(birthDate) });
      });
      const consent = (date: string, givenBy: string, scope = 'treatment') =>
        send('post', `${COURSES}/${course.id}/consents`, cw, { date, givenBy, scope });

      it('on the 15th birthday the young person must consent, not a parent', async () => {
        expectRule(await consent(birthday, 'custodial_parent'), 422, 'consent_by_young_person_required', 'givenBy');
        expectRule(await consent(birthday, 'both_custodial_parents'), 422, 'consent_by_young_person_required', 'givenBy');
        const ok = await consent(birthday, 'young_person').expect(201);
        expect(ok.body).toMatchObject({ date: birthday, givenBy: 'young_person', scope: 'treatment' });
      });

      it('the day before the 15th birthday a parent must consent, not the young person', async () => {
        const dayBefore = dayOffset(-1, birthday);
        expectRule(await consent(dayBefore, 'young_person'), 422, 'consent_by_parent_required', 'givenBy');
        await consent(dayBefore, 'custodial_parent').expect(201);
        await consent(dayBefore, 'both_custodial_parents').expect(201);
      });

      it('the age rule applies to every consent scope', async () => {
        expectRule(await consent(birthday, 'custodial_parent', 'share_with_gp'), 422, 'consent_by_young_person_required', 'givenBy');
        expectRule(await consent(birthday, 'custodial_parent', 'share_with_school'), 422, 'consent_by_young_person_required', 'givenBy');
        expectRule(await consent(dayOffset(-1, birthday), 'young_person', 'share_with_gp'), 422, 'consent_by_parent_required', 'givenBy');
      });
    });

    it('without a CPR the age is unknown and any consent giver is accepted', async () => {
      const course = await create();
      await send('post', `${COURSES}/${course.id}/consents`, cw, {
        date: dayOffset(-1),
        givenBy: 'young_person',
        scope: 'treatment',
      }).expect(201);
      await send('post', `${COURSES}/${course.id}/consents`, cw, {
        date: dayOffset(-1),
        givenBy: 'custodial_parent',
        scope: 'treatment',
      }).expect(201);
    });

    it('a held treatment without treatment consent is accepted and flagged missing_treatment_consent until consent is recorded', async () => {
      const course = await create({ cpr: childCpr() });
      await addContact(course.id, preHeld);
      await addContact(course.id, screeningOffer);
      await addContact(course.id, { type: 'treatment', date: dayOffset(1), status: 'planned' });
      expect((await get(course.id)).flags).not.toContain('missing_treatment_consent');
      await addContact(course.id, treatmentHeld);
      expect((await get(course.id)).flags).toContain('missing_treatment_consent');
      await send('post', `${COURSES}/${course.id}/consents`, cw, {
        date: dayOffset(-5),
        givenBy: 'custodial_parent',
        scope: 'share_with_gp',
      }).expect(201);
      expect((await get(course.id)).flags).toContain('missing_treatment_consent');
      await send('post', `${COURSES}/${course.id}/consents`, cw, {
        date: dayOffset(-5),
        givenBy: 'custodial_parent',
        scope: 'treatment',
      }).expect(201);
      const after = await get(course.id);
      expect(after.flags).not.toContain('missing_treatment_consent');
      expect(after.consents).toEqual([
        expect.objectContaining({ scope: 'share_with_gp' }),
        expect.objectContaining({ scope: 'treatment', givenBy: 'custodial_parent' }),
      ]);
    });
  });

  describe('close, reopen, entered in error', () => {
    it('closes a course; closing again is 409; a closed course takes no contacts, referrals or consents (409)', async () => {
      const course = await create({ cpr: childCpr() });
      await addContact(course.id, preHeld);
      const closed = await send('post', `${COURSES}/${course.id}/close`, cw, { date: dayOffset(-1), reason: 'referred_elsewhere' }).expect(
        200,
      );
      expect(closed.headers.etag).toBe(`"${closed.body.version}"`);
      expect(closed.body).toMatchObject({ status: 'closed', closure: { date: dayOffset(-1), reason: 'referred_elsewhere' } });
      expectRule(
        await send('post', `${COURSES}/${course.id}/close`, cw, { date: dayOffset(0), reason: 'completed' }),
        409,
        'course_closed',
      );
      expectRule(
        await send('post', `${COURSES}/${course.id}/contacts`, cw, { type: 'screening', date: dayOffset(2), status: 'planned' }),
        409,
        'course_closed',
      );
      expectRule(
        await send('post', `${COURSES}/${course.id}/referrals`, cw, { date: dayOffset(-1), destination: 'gp' }),
        409,
        'course_closed',
      );
      expectRule(
        await send('post', `${COURSES}/${course.id}/consents`, cw, {
          date: dayOffset(-1),
          givenBy: 'custodial_parent',
          scope: 'treatment',
        }),
        409,
        'course_closed',
      );
      expect((await get(course.id)).version).toBe(closed.body.version);
    });

    it('refuses a closure before the last held contact or after today', async () => {
      const course = await create();
      await addContact(course.id, preHeld);
      expectRule(
        await send('post', `${COURSES}/${course.id}/close`, cw, { date: dayOffset(-16), reason: 'completed' }),
        422,
        'closure_before_last_held_contact',
        'date',
      );
      expectRule(
        await send('post', `${COURSES}/${course.id}/close`, cw, { date: dayOffset(1), reason: 'completed' }),
        422,
        'closure_in_future',
        'date',
      );
      await send('post', `${COURSES}/${course.id}/close`, cw, { date: preHeld.date, reason: 'completed' }).expect(200);
    });

    it('refuses a stale If-Match on close (412)', async () => {
      const course = await create();
      expectRule(
        await send('post', `${COURSES}/${course.id}/close`, cw, { date: dayOffset(0), reason: 'completed' }, { 'If-Match': '"9"' }),
        412,
        'version_mismatch',
      );
      await send('post', `${COURSES}/${course.id}/close`, cw, { date: dayOffset(0), reason: 'completed' }, { 'If-Match': '"1"' }).expect(
        200,
      );
    });

    it('reopens within 90 days of closure with a reason, audited with that reason', async () => {
      const course = await create({ cpr: childCpr(), firstContact: { date: dayOffset(-150), channel: 'phone', contactedBy: 'parent' } });
      await close(course.id, dayOffset(-90));
      expect((await send('post', `${COURSES}/${course.id}/reopen`, cw, {})).status).toBe(400);
      expect((await send('post', `${COURSES}/${course.id}/reopen`, cw, { reason: '' })).status).toBe(400);
      const res = await send('post', `${COURSES}/${course.id}/reopen`, cw, { reason: 'Family asked to resume' }).expect(200);
      expect(res.body.status).toBe('open');
      expect(res.body).not.toHaveProperty('closure');
      expect(await auditOf(course.id)).toEqual(
        expect.arrayContaining([expect.objectContaining({ action: 'reopen', purpose: 'Family asked to resume' })]),
      );
      expectRule(await send('post', `${COURSES}/${course.id}/reopen`, cw, { reason: 'again' }), 409, 'course_not_closed');
    });

    it('refuses to reopen 91 days after closure', async () => {
      const course = await create({ firstContact: { date: dayOffset(-150), channel: 'phone', contactedBy: 'parent' } });
      await close(course.id, dayOffset(-91));
      expectRule(await send('post', `${COURSES}/${course.id}/reopen`, cw, { reason: 'Too late' }), 422, 'reopen_window_passed');
      expect((await get(course.id)).status).toBe('closed');
    });

    it('refuses to reopen when the child has another open course', async () => {
      const cpr = childCpr();
      const first = await create({ cpr });
      await close(first.id, dayOffset(-1));
      await create({ cpr, firstContact: { date: dayOffset(0), channel: 'phone', contactedBy: 'parent' } });
      expectRule(await send('post', `${COURSES}/${first.id}/reopen`, cw, { reason: 'Mistake' }), 409, 'open_course_exists');
      expect((await get(first.id)).status).toBe('closed');
    });

    it('marks a course entered in error with a reason: gone from lists and CPR search, kept in the audit, takes nothing more', async () => {
      const cpr = childCpr();
      const course = await create({ cpr });
      expect((await send('post', `${COURSES}/${course.id}/entered-in-error`, cw, {})).status).toBe(400);
      const res = await send('post', `${COURSES}/${course.id}/entered-in-error`, cw, { reason: 'Registered on the wrong child' }).expect(
        200,
      );
      expect(res.body).toMatchObject({ status: 'entered_in_error', enteredInError: { reason: 'Registered on the wrong child' } });

      const list = await send('get', `${COURSES}?pageSize=200`, cw).expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(course.id);
      expect((await send('get', COURSES, cw, undefined, { 'X-CPR': cpr }).expect(200)).body.items).toEqual([]);
      expect(await get(course.id)).toMatchObject({
        status: 'entered_in_error',
        enteredInError: { reason: 'Registered on the wrong child' },
      });
      expect(await auditOf(course.id)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: 'create' }),
          expect.objectContaining({ action: 'entered_in_error', purpose: 'Registered on the wrong child' }),
        ]),
      );
      expectRule(await send('post', `${COURSES}/${course.id}/entered-in-error`, cw, { reason: 'again' }), 409, 'course_entered_in_error');
      expectRule(
        await send('post', `${COURSES}/${course.id}/contacts`, cw, { type: 'screening', date: dayOffset(2), status: 'planned' }),
        409,
        'course_entered_in_error',
      );
      expectRule(
        await send('post', `${COURSES}/${course.id}/close`, cw, { date: dayOffset(0), reason: 'completed' }),
        409,
        'course_entered_in_error',
      );
      expectRule(
        await send('patch', `${COURSES}/${course.id}`, cw, { focusAreas: ['other'] }, { 'If-Match': res.headers.etag }),
        409,
        'course_entered_in_error',
      );
      // The child is free for a new course.
      await create({ cpr });
    });
  });

  describe('one open course per child per municipality', () => {
    it('refuses a second open course for the same child (409), in either CPR spelling', async () => {
      const cpr = childCpr(true);
      await create({ cpr });
      expectRule(await send('post', COURSES, cw, newCourse({ cpr })), 409, 'open_course_exists');
      expectRule(await send('post', COURSES, cw2, newCourse({ cpr: cpr.replace('-', '') })), 409, 'open_course_exists');
    });

    it('after closing the first course, a second course for the child links to the same child', async () => {
      const cpr = childCpr();
      const first = await create({ cpr });
      await close(first.id, dayOffset(-1));
      const second = await create({ cpr, firstContact: { date: dayOffset(0), channel: 'phone', contactedBy: 'parent' } });
      expect(second.child).toEqual(first.child);
      const found = await send('get', COURSES, cw, undefined, { 'X-CPR': cpr }).expect(200);
      expect(found.body.items.map((i: { id: string }) => i.id).sort()).toEqual([first.id, second.id].sort());
      // Row-level security binds the owner too (FORCE), so look as the superuser.
      const rows = await withClient(
        sut.db.superuserUrl,
        async (c) => (await c.query(`SELECT DISTINCT child_id FROM course WHERE id = ANY($1::uuid[])`, [[first.id, second.id]])).rows,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].child_id).toBeTruthy();
    });

    it('the same child in another municipality is another child record, and may have its own open course', async () => {
      const cpr = childCpr();
      await create({ cpr });
      const elsewhere = await send('post', COURSES, other, newCourse({ municipalityCode: '101', cpr })).expect(201);
      expect(elsewhere.body.child.cprKnown).toBe(true);
    });

    const race = (cpr: string) => Promise.all([cw, cw2, cw, cw2].map((token) => send('post', COURSES, token, newCourse({ cpr }))));

    it('simultaneous first contacts for the same new child give one course and 409s, never a 500', async () => {
      const cpr = childCpr();
      const results = await race(cpr);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      for (const r of results.filter((r) => r.status === 409)) expectRule(r, 409, 'open_course_exists');
      expect((await send('get', COURSES, cw, undefined, { 'X-CPR': cpr }).expect(200)).body.total).toBe(1);
    });

    it('simultaneous first contacts for a known child (earlier course closed) give one course and 409s', async () => {
      const cpr = childCpr();
      const first = await create({ cpr });
      await close(first.id, dayOffset(-1));
      const results = await race(cpr);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      for (const r of results.filter((r) => r.status === 409)) expectRule(r, 409, 'open_course_exists');
    });
  });

  describe('Idempotency-Key on every POST', () => {
    interface Case {
      name: string;
      /** Makes what the POST needs and returns its path, body, another body and how to count its effect. */
      setup: () => Promise<{ path: string; body: Body; otherBody: Body; count: () => Promise<unknown>; status: number }>;
    }
    const versionOf = (id: string) => async () => {
      const course = await get(id);
      return {
        version: course.version,
        status: course.status,
        contacts: course.contacts.length,
        referrals: course.referrals.length,
        consents: course.consents.length,
      };
    };
    const cases: Case[] = [
      {
        name: 'POST /courses',
        setup: async () => ({
          path: COURSES,
          body: newCourse({ focusAreas: ['behaviour'] }),
          otherBody: newCourse({ focusAreas: ['sadness'] }),
          count: async () => (await send('get', `${COURSES}?pageSize=1`, cw).expect(200)).body.total,
          status: 201,
        }),
      },
      {
        name: 'POST /courses/{id}/contacts',
        setup: async () => {
          const c = await create();
          return {
            path: `${COURSES}/${c.id}/contacts`,
            body: preHeld,
            otherBody: { ...preHeld, outcome: 'no_further_help' },
            count: versionOf(c.id),
            status: 201,
          };
        },
      },
      {
        name: 'POST /courses/{id}/referrals',
        setup: async () => {
          const c = await create();
          const body = { date: dayOffset(-1), destination: 'gp' };
          return {
            path: `${COURSES}/${c.id}/referrals`,
            body,
            otherBody: { ...body, destination: 'child_psychiatry' },
            count: versionOf(c.id),
            status: 201,
          };
        },
      },
      {
        name: 'POST /courses/{id}/consents',
        setup: async () => {
          const c = await create({ cpr: childCpr() });
          const body = { date: dayOffset(-1), givenBy: 'custodial_parent', scope: 'treatment' };
          return {
            path: `${COURSES}/${c.id}/consents`,
            body,
            otherBody: { ...body, scope: 'share_with_gp' },
            count: versionOf(c.id),
            status: 201,
          };
        },
      },
      {
        name: 'POST /courses/{id}/close',
        setup: async () => {
          const c = await create();
          const body = { date: dayOffset(0), reason: 'completed' };
          return {
            path: `${COURSES}/${c.id}/close`,
            body,
            otherBody: { ...body, reason: 'dropped_out' },
            count: versionOf(c.id),
            status: 200,
          };
        },
      },
      {
        name: 'POST /courses/{id}/reopen',
        setup: async () => {
          const c = await create();
          await close(c.id);
          return {
            path: `${COURSES}/${c.id}/reopen`,
            body: { reason: 'Resumed' },
            otherBody: { reason: 'Other reason' },
            count: versionOf(c.id),
            status: 200,
          };
        },
      },
      {
        name: 'POST /courses/{id}/entered-in-error',
        setup: async () => {
          const c = await create();
          return {
            path: `${COURSES}/${c.id}/entered-in-error`,
            body: { reason: 'Duplicate' },
            otherBody: { reason: 'Wrong child' },
            count: versionOf(c.id),
            status: 200,
          };
        },
      },
    ];

    it.each(cases.map((c) => [c.name, c] as const))('%s: a retry returns the first response and does nothing again', async (_name, c) => {
      const { path, body, count, status } = await c.setup();
      const key = randomUUID();
      const before = await count();
      const first = await send('post', path, cw, body, { 'Idempotency-Key': key });
      expect(first.status).toBe(status);
      const afterFirst = await count();
      expect(afterFirst).not.toEqual(before);
      const retry = await send('post', path, cw, body, { 'Idempotency-Key': key });
      expect(retry.status).toBe(status);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      // Our ETags are strong version tags; Express's own weak body hash is not ours to compare.
      if (first.headers.etag && !first.headers.etag.startsWith('W/')) expect(retry.headers.etag).toBe(first.headers.etag);
      if (first.headers.location) expect(retry.headers.location).toBe(first.headers.location);
      expect(await count()).toEqual(afterFirst);
    });

    it.each(cases.map((c) => [c.name, c] as const))(
      '%s: the same key with a different body is 422 and changes nothing',
      async (_name, c) => {
        const { path, body, otherBody, count } = await c.setup();
        const key = randomUUID();
        await send('post', path, cw, body, { 'Idempotency-Key': key });
        const afterFirst = await count();
        expectRule(await send('post', path, cw, otherBody, { 'Idempotency-Key': key }), 422, 'idempotency_key_reused', 'Idempotency-Key');
        expect(await count()).toEqual(afterFirst);
      },
    );

    it('a key belongs to its caller: another caseworker’s same key is a new request', async () => {
      const key = randomUUID();
      const a = await send('post', COURSES, cw, newCourse(), { 'Idempotency-Key': key }).expect(201);
      const b = await send('post', COURSES, cw2, newCourse(), { 'Idempotency-Key': key }).expect(201);
      expect(b.body.id).not.toBe(a.body.id);
    });

    it('a failed attempt stores nothing: the corrected retry with the same key goes through', async () => {
      const key = randomUUID();
      expectRule(
        await send('post', COURSES, cw, newCourse({ firstContact: { date: dayOffset(1), channel: 'phone', contactedBy: 'parent' } }), {
          'Idempotency-Key': key,
        }),
        422,
        'first_contact_in_future',
      );
      expectRule(
        await send('post', COURSES, cw, newCourse({ firstContact: { date: dayOffset(1), channel: 'phone', contactedBy: 'parent' } }), {
          'Idempotency-Key': key,
        }),
        422,
        'first_contact_in_future',
      );
    });

    it('two simultaneous attempts with the same key create one course', async () => {
      const key = randomUUID();
      const before = (await send('get', `${COURSES}?pageSize=1`, cw).expect(200)).body.total;
      const [a, b] = await Promise.all([
        send('post', COURSES, cw, newCourse(), { 'Idempotency-Key': key }),
        send('post', COURSES, cw, newCourse(), { 'Idempotency-Key': key }),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).toBe(b.body.id);
      expect((await send('get', `${COURSES}?pageSize=1`, cw).expect(200)).body.total).toBe(before + 1);
    });

    it('refuses a malformed key (400)', async () => {
      expect((await send('post', COURSES, cw, newCourse(), { 'Idempotency-Key': 'ü'.repeat(3) })).status).toBe(400);
    });
  });

  describe('isolation between municipalities and roles', () => {
    let course: { id: string; contacts: { id: string }[] };
    let closedCourse: { id: string };
    beforeAll(async () => {
      course = await create({ cpr: childCpr() });
      closedCourse = await create();
      await close(closedCourse.id);
    });

    const routes = (): [Method, string, Body | undefined, Record<string, string>][] => [
      ['get', `${COURSES}/${course.id}`, undefined, {}],
      ['get', `${COURSES}/${course.id}?reveal=cpr`, undefined, {}],
      ['patch', `${COURSES}/${course.id}`, { focusAreas: ['other'] }, { 'If-Match': '"1"' }],
      ['post', `${COURSES}/${course.id}/contacts`, { type: 'screening', date: dayOffset(2), status: 'planned' }, {}],
      ['patch', `${COURSES}/${course.id}/contacts/${course.contacts[0].id}`, { time: '10:00' }, { 'If-Match': '"1"' }],
      ['post', `${COURSES}/${course.id}/referrals`, { date: dayOffset(-1), destination: 'gp' }, {}],
      ['post', `${COURSES}/${course.id}/consents`, { date: dayOffset(-1), givenBy: 'custodial_parent', scope: 'treatment' }, {}],
      ['post', `${COURSES}/${course.id}/close`, { date: dayOffset(0), reason: 'completed' }, {}],
      ['post', `${COURSES}/${closedCourse.id}/reopen`, { reason: 'x' }, {}],
      ['post', `${COURSES}/${course.id}/entered-in-error`, { reason: 'x' }, {}],
    ];

    it('another municipality’s caseworker/manager gets 404 on every route of the course, and nothing changes', async () => {
      for (const [method, path, body, headers] of routes()) {
        const res = await send(method, path, other, body, headers);
        expect({ route: `${method} ${path}`, status: res.status }).toEqual({ route: `${method} ${path}`, status: 404 });
        expect(JSON.stringify(res.body)).not.toContain(course.id);
      }
      expect(await get(course.id)).toMatchObject({ version: 1, status: 'open', focusAreas: ['worry'] });
      expect((await get(closedCourse.id)).status).toBe('closed');
      expect((await send('get', COURSES, other).expect(200)).body.items.map((i: { id: string }) => i.id)).not.toContain(course.id);
    });

    it.each([
      ['an evaluator', () => evaluator],
      ['an administrator', () => admin],
    ])('%s gets 403 on every course route', async (_name, token) => {
      const all: [Method, string, Body | undefined, Record<string, string>][] = [
        ['post', COURSES, newCourse(), {}],
        ['get', COURSES, undefined, {}],
        ['get', `${COURSES}?cpr=0505149996`, undefined, {}],
        ...routes(),
      ];
      for (const [method, path, body, headers] of all) {
        const res = await send(method, path, token(), body, headers);
        expect({ route: `${method} ${path}`, status: res.status }).toEqual({ route: `${method} ${path}`, status: 403 });
      }
      expect(await get(course.id)).toMatchObject({ version: 1, status: 'open' });
    });

    it('a request without a bearer token is 401', async () => {
      expect((await sut.http.get(`${COURSES}/${course.id}`)).status).toBe(401);
    });

    it('a manager of the municipality may do what a caseworker may', async () => {
      const mine = await create({}, manager);
      await send('get', `${COURSES}/${mine.id}`, manager).expect(200);
      await send('post', `${COURSES}/${mine.id}/contacts`, manager, preHeld).expect(201);
      expect((await send('get', `${COURSES}/${mine.id}`, odenseManager)).status).toBe(404);
    });
  });
});
