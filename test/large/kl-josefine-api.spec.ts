/**
 * The guide's worked example (KL-LTT, the Josefine series) replayed through the API: each event of
 * the story as the requests staff make, and the reports the outbox holds afterwards compared,
 * report by report, with KL's nine (`test/fixtures/kl-ltt/Bundle-DeliveryReport-Josefine-*.json`):
 * the same resources in the same order, with the same profiles, codes, statuses, references and
 * periods — ids by role, times as instants cut to the minute (staff record HH:mm; KL's examples
 * carry seconds), Bundle ids and timestamps aside.
 *
 * Where one of KL's reports covers events the API records in separate requests (report 4: a focus
 * area added, a treatment session and a referral), the requests' reports are taken together: each
 * resource in its last version, in the order it first appeared. A focus area changed before a
 * contact is carried by the contact's report (the CarePlan travels with every Encounter).
 */
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { canonicalJson } from '../../src/kl-reporting/kl-ids.js';
import { validateReport } from '../../src/kl-reporting/validation/kl-validation.js';
import { FULL_URL_BASE, SOR } from '../support/kl-courses.js';
import { example, Normaliser } from '../support/kl-josefine.js';
import { ownerQuery } from '../support/kl-delivery.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2025-11-10T09:00:00Z');
const PROGRAMME = { programme: 'Cool Kids' };

/** The reports taken together (as the last of them, with): each resource in its last version, at the place it first appeared. */
function together(bundles: Bundle[]): Bundle {
  const entries = new Map<string, BundleEntry>();
  for (const bundle of bundles) for (const entry of bundle.entry ?? []) entries.set(entry.resource!.id!, entry);
  return { ...bundles[bundles.length - 1], entry: [...entries.values()] };
}

const withoutPeriods = (entries: unknown[]) => JSON.parse(JSON.stringify(entries, (k, v) => (k === 'period' ? undefined : v)));

describe('the Josefine story through the API (KL-LTT worked example)', () => {
  let sut: TestApp;
  let caseworker: string;
  let courseId: string;
  let seen = 0;

  const send = async (method: 'post' | 'patch', path: string, body: object, expected: number, headers: Record<string, string> = {}) => {
    let req = sut.http[method](path).set('Authorization', caseworker);
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    const res = await req.send(body);
    if (res.status !== expected) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  };
  const contact = (body: object) => send('post', `/api/v1/courses/${courseId}/contacts`, { status: 'held', ...body }, 201);
  const focusAreas = async (areas: string[]) => {
    const current = await sut.http.get(`/api/v1/courses/${courseId}`).set('Authorization', caseworker).expect(200);
    await send('patch', `/api/v1/courses/${courseId}`, { focusAreas: areas }, 200, { 'If-Match': current.headers.etag });
  };
  /** The reports the outbox received since the last look, in order. */
  const newReports = async (): Promise<Bundle[]> => {
    const rows = await ownerQuery<{ bundle: Bundle }>(sut.db.ownerUrl, `SELECT bundle FROM kl_report WHERE course_id = $1 ORDER BY seq`, [
      courseId,
    ]);
    const fresh = rows.slice(seen).map((r) => r.bundle);
    seen = rows.length;
    return fresh;
  };
  const compare = (mine: Bundle, name: string, options: { periods: boolean } = { periods: true }) => {
    expect(validateReport(mine)).toEqual({ valid: true, issues: [] });
    const ours = new Normaliser({ toMinute: true }).bundle(mine);
    const theirs = new Normaliser({ toMinute: true }).bundle(example(name));
    if (options.periods) expect(canonicalJson(ours)).toBe(canonicalJson(theirs));
    else expect(canonicalJson(withoutPeriods(ours))).toBe(canonicalJson(withoutPeriods(theirs)));
  };

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW, env: { KL_FHIR_BASE: FULL_URL_BASE } });
    const admin = await sut.bearer({ sub: 'admin-1', roles: ['admin'], municipalities: [] });
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    await sut.http.put('/api/v1/municipalities/751/reporting').set('Authorization', admin).send({ sorCode: SOR }).expect(200);
  });
  afterAll(() => sut?.close());

  it('report 1: her mother’s first contact, 14 May 11:12', async () => {
    const created = await send(
      'post',
      '/api/v1/courses',
      {
        municipalityCode: '751',
        firstContact: { date: '2025-05-14', time: '11:12', channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: true,
        cpr: '0505149996',
        focusAreas: [],
      },
      201,
    );
    courseId = created.body.id;
    const reports = await newReports();
    expect(reports).toHaveLength(1);
    compare(reports[0], '1');
  });

  it('report 2: the focus area Krop og mad, and the pre-conversation 2 June 15:06', async () => {
    await focusAreas(['body_and_food']);
    await contact({ type: 'pre_conversation', date: '2025-06-02', time: '15:06', outcome: 'proceed_to_screening' });
    const reports = await newReports();
    expect(reports).toHaveLength(2);
    compare(reports[1], '2');
  });

  it('report 3: the screening 23 June 12:35', async () => {
    await contact({
      type: 'screening',
      date: '2025-06-23',
      time: '12:35',
      outcome: 'offer_treatment',
      delivery: 'individual',
      ...PROGRAMME,
    });
    const reports = await newReports();
    expect(reports).toHaveLength(1);
    compare(reports[0], '3');
  });

  it('report 4: Bekymring added, the first treatment 7 July 15:28, the referral to civil society 16:28', async () => {
    await focusAreas(['body_and_food', 'worry']);
    await contact({
      type: 'treatment',
      date: '2025-07-07',
      time: '15:28',
      participants: 'child_present',
      delivery: 'individual',
      ...PROGRAMME,
    });
    const referral = await send(
      'post',
      `/api/v1/courses/${courseId}/referrals`,
      { date: '2025-07-07', time: '16:28', destination: 'civil_society' },
      201,
    );
    expect(referral.body).toMatchObject({ date: '2025-07-07', time: '16:28', destination: 'civil_society' });
    const reports = await newReports();
    expect(reports).toHaveLength(3);
    for (const report of reports) expect(validateReport(report)).toEqual({ valid: true, issues: [] });
    compare(together(reports), '4');
  });

  it.each([
    ['2025-07-28', '10:00', false],
    ['2025-08-18', '12:56', true],
    ['2025-09-08', '10:00', false],
  ])('reports 5–7: a treatment session %s %s', async (date, time, shownByKl) => {
    await contact({ type: 'treatment', date, time, participants: 'child_present', delivery: 'individual', ...PROGRAMME });
    const reports = await newReports();
    expect(reports).toHaveLength(1);
    // KL's file 5-6-7 shows one of the three sessions (18 August); the other two are compared without periods.
    compare(reports[0], '5-6-7', { periods: shownByKl });
  });

  it('report 8: the closing conversation 6 November 12:00', async () => {
    await contact({ type: 'closing_conversation', date: '2025-11-06', time: '12:00' });
    const reports = await newReports();
    expect(reports).toHaveLength(1);
    compare(reports[0], '8');
  });

  it('report 9: the closure 8 November 16:36, with its Afslutning', async () => {
    const closed = await send('post', `/api/v1/courses/${courseId}/close`, { date: '2025-11-08', time: '16:36', reason: 'completed' }, 200);
    expect(closed.body.closure).toEqual({ date: '2025-11-08', time: '16:36', reason: 'completed' });
    const reports = await newReports();
    expect(reports).toHaveLength(1);
    compare(reports[0], '9');
    // Danish local time with the offset of the day: summer +02:00, November +01:00.
    const carePlan = reports[0].entry![1].resource as { period: unknown };
    expect(carePlan.period).toEqual({ start: '2025-05-14T11:12:00+02:00', end: '2025-11-08T16:36:00+01:00' });
  });

  it('keeps one Citizen id and one CarePlan id through every report, each report under its own Bundle id', async () => {
    const rows = await ownerQuery<{ bundle: Bundle }>(sut.db.ownerUrl, `SELECT bundle FROM kl_report WHERE course_id = $1 ORDER BY seq`, [
      courseId,
    ]);
    expect(new Set(rows.map((r) => r.bundle.entry![0].resource!.id)).size).toBe(1);
    expect(new Set(rows.map((r) => r.bundle.entry![1].resource!.id)).size).toBe(1);
    expect(new Set(rows.map((r) => r.bundle.id)).size).toBe(rows.length);
  });
});
