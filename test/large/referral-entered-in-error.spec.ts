import type { Bundle, CarePlan } from '@medplum/fhirtypes';
import type { Response } from 'supertest';
import { PROBLEM_BASE } from '../../src/common/problem.filter.js';
import { KL_PROFILE } from '../../src/kl-reporting/kl-codes.js';
import { validateReport } from '../../src/kl-reporting/validation/kl-validation.js';
import { dayOffset } from '../support/dates.js';
import { cprFor } from '../support/fixtures.js';
import { ownerQuery } from '../support/kl-delivery.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const COURSES = '/api/v1/courses';
const SOR = '451000016003';

function expectProblem(res: Response, status: number, code: string, field?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.type).toBe(PROBLEM_BASE + code);
  if (field) expect(res.body.errors?.map((e: { field: string }) => e.field)).toContain(field);
}

/**
 * A referral made in error (KL-LTT "Corrections"): withdrawn through
 * POST /courses/{id}/referrals/{referralId}/entered-in-error, kept on the course with its reason,
 * counted nowhere (the course's summary, which reports, extracts and indicators read), audited,
 * and reported to KL as a Referral `entered-in-error` that passes KL's profiles.
 */
describe('a referral entered in error', () => {
  let sut: TestApp;
  let sara: string;
  let copenhagen: string;

  beforeAll(async () => {
    sut = await startTestApp();
    sara = await sut.bearer({ sub: 'sara', roles: ['caseworker'], municipalities: ['751'] });
    copenhagen = await sut.bearer({ sub: 'sara', roles: ['caseworker'], municipalities: ['101'] });
    const admin = await sut.bearer({ roles: ['admin'], municipalities: [] });
    await sut.http.put('/api/v1/municipalities/751/reporting').set('Authorization', admin).send({ sorCode: SOR }).expect(200);
  });
  afterAll(() => sut?.close());

  /** A course with a CPR and two referrals (civil society, then the GP): its id, the GP referral's id and the course's ETag. */
  async function courseWithReferrals(): Promise<{ id: string; gp: string; civil: string; etag: string }> {
    const created = await sut.http
      .post(COURSES)
      .set('Authorization', sara)
      .send({
        municipalityCode: '751',
        cpr: cprFor('2012-04-05', 'female'),
        firstContact: { date: dayOffset(-10), channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: true,
      })
      .expect(201);
    const id = created.body.id as string;
    const civil = await sut.http
      .post(`${COURSES}/${id}/referrals`)
      .set('Authorization', sara)
      .send({ date: dayOffset(-5), destination: 'civil_society' })
      .expect(201);
    const gp = await sut.http
      .post(`${COURSES}/${id}/referrals`)
      .set('Authorization', sara)
      .send({ date: dayOffset(-4), destination: 'gp', note: 'Ring til lægen' })
      .expect(201);
    expect(gp.body.status).toBe('active');
    const course = await sut.http.get(`${COURSES}/${id}`).set('Authorization', sara).expect(200);
    return { id, gp: gp.body.id, civil: civil.body.id, etag: course.headers.etag };
  }

  const withdraw = (id: string, referralId: string, who: string, body: object, etag?: string) => {
    const req = sut.http.post(`${COURSES}/${id}/referrals/${referralId}/entered-in-error`).set('Authorization', who);
    return (etag ? req.set('If-Match', etag) : req).send(body);
  };

  it('keeps the referral on the course as entered in error, with its reason, as a new version of the course', async () => {
    const { id, gp, etag } = await courseWithReferrals();
    const res = await withdraw(id, gp, sara, { reason: 'Registreret på det forkerte barn' }, etag);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(`"${res.body.version}"`);
    expect(res.headers.etag).not.toBe(etag);
    expect(res.body.referrals).toEqual([
      expect.objectContaining({ destination: 'civil_society', status: 'active' }),
      expect.objectContaining({
        id: gp,
        destination: 'gp',
        status: 'entered_in_error',
        enteredInErrorReason: 'Registreret på det forkerte barn',
      }),
    ]);
    expect(res.body.referrals[0]).not.toHaveProperty('enteredInErrorReason');
    const read = await sut.http.get(`${COURSES}/${id}`).set('Authorization', sara).expect(200);
    expect(read.body.referrals[1].status).toBe('entered_in_error');
  });

  it('counts it nowhere: the course summary that reports, extracts and indicators read holds only the referral that stands', async () => {
    const { id, gp, etag } = await courseWithReferrals();
    const summary = () =>
      ownerQuery<{ referrals: { destination: string }[] }>(sut.db.ownerUrl, `SELECT referrals FROM course_summary WHERE course_id = $1`, [
        id,
      ]);
    expect((await summary())[0].referrals.map((r) => r.destination)).toEqual(['civil_society', 'gp']);
    await withdraw(id, gp, sara, { reason: 'Forkert' }, etag).expect(200);
    expect((await summary())[0].referrals.map((r) => r.destination)).toEqual(['civil_society']);
  });

  it('is audited with its reason, as is an attempt that fails', async () => {
    const { id, gp, etag } = await courseWithReferrals();
    await withdraw(id, gp, sara, { reason: 'Dobbeltregistreret' }, etag).expect(200);
    expectProblem(await withdraw(id, gp, sara, { reason: 'Igen' }), 409, 'referral_entered_in_error');
    const rows = await ownerQuery<{ outcome: string; purpose: string }>(
      sut.db.ownerUrl,
      `SELECT outcome, purpose FROM audit_log WHERE action = 'entered_in_error' AND resource_type = 'referral' AND resource_id = $1 ORDER BY id`,
      [gp],
    );
    expect(rows.map((r) => r.purpose)).toEqual(expect.arrayContaining(['Dobbeltregistreret', 'Igen']));
    expect(rows.some((r) => r.outcome !== 'success')).toBe(true);
  });

  it('is reported to KL as the same Referral, now entered-in-error, in a report that passes KL’s profiles', async () => {
    const { id, gp, etag } = await courseWithReferrals();
    const reports = () =>
      ownerQuery<{ bundle: Bundle }>(sut.db.ownerUrl, `SELECT bundle FROM kl_report WHERE course_id = $1 ORDER BY seq`, [id]);
    const referralsIn = (bundle: Bundle) =>
      (bundle.entry ?? [])
        .map((e) => e.resource as CarePlan)
        .filter((r) => r.resourceType === 'CarePlan' && r.meta?.profile?.includes(KL_PROFILE.referral));
    const before = await reports();
    const sentGp = referralsIn(before[before.length - 1].bundle).find(
      (r) => r.status === 'completed' && r.activity?.[0]?.detail?.code?.coding?.[0],
    );
    expect(sentGp).toBeDefined();

    await withdraw(id, gp, sara, { reason: 'Forkert barn' }, etag).expect(200);
    const after = await reports();
    expect(after).toHaveLength(before.length + 1);
    const last = after[after.length - 1].bundle;
    expect(validateReport(last)).toEqual({ valid: true, issues: [] });
    const withdrawn = referralsIn(last).filter((r) => r.status === 'entered-in-error');
    expect(withdrawn).toHaveLength(1);
    // The same FHIR id as the referral KL was sent before: an update, not a new one.
    const earlierIds = before.flatMap((r) => referralsIn(r.bundle).map((x) => x.id));
    expect(earlierIds).toContain(withdrawn[0].id);
  });

  it('refuses a missing or empty reason, a stale If-Match, an unknown referral and another municipality, changing nothing', async () => {
    const { id, gp, civil, etag } = await courseWithReferrals();
    expectProblem(await withdraw(id, gp, sara, {}), 400, 'validation', 'reason');
    expectProblem(await withdraw(id, gp, sara, { reason: '' }), 400, 'validation', 'reason');
    expectProblem(await withdraw(id, gp, sara, { reason: 'x'.repeat(1001) }), 400, 'validation', 'reason');
    expectProblem(await withdraw(id, gp, sara, { reason: 'Forkert' }, '"1"'), 412, 'version_mismatch');
    expectProblem(await withdraw(id, '00000000-0000-4000-8000-000000000000', sara, { reason: 'Forkert' }), 404, 'not_found');
    expectProblem(await withdraw(id, 'not-a-uuid', sara, { reason: 'Forkert' }), 400, 'invalid_input', 'referralId');
    expectProblem(await withdraw(id, gp, copenhagen, { reason: 'Forkert' }), 404, 'not_found');
    const read = await sut.http.get(`${COURSES}/${id}`).set('Authorization', sara).expect(200);
    expect(read.headers.etag).toBe(etag);
    expect(read.body.referrals.map((r: { status: string }) => r.status)).toEqual(['active', 'active']);
    // A referral of another course of the same municipality is not this course's.
    const other = await courseWithReferrals();
    expectProblem(await withdraw(other.id, civil, sara, { reason: 'Forkert' }), 404, 'not_found');
  });

  it('takes the correction on a closed course, and none on a course entered in error', async () => {
    const closed = await courseWithReferrals();
    const closing = await sut.http
      .post(`${COURSES}/${closed.id}/close`)
      .set('Authorization', sara)
      .send({ date: dayOffset(-1), reason: 'family_declined' });
    expect(closing.status).toBe(200);
    await withdraw(closed.id, closed.gp, sara, { reason: 'Fundet ved gennemgang' }).expect(200);

    const withdrawn = await courseWithReferrals();
    await sut.http
      .post(`${COURSES}/${withdrawn.id}/entered-in-error`)
      .set('Authorization', sara)
      .send({ reason: 'Forkert barn' })
      .expect(200);
    expectProblem(await withdraw(withdrawn.id, withdrawn.gp, sara, { reason: 'Forkert' }), 409, 'course_entered_in_error');
  });
});
