/**
 * A municipality's own service targets (GET/PUT /api/v1/municipalities/{code}/service-targets)
 * end to end: who may read and set them, validation as problem+json naming the field, the audit
 * entry, and courses judged by the version in force on their first-contact date.
 */
import { courseFactory, cprFor, pre, screening, treatment } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const URL = '/api/v1/municipalities/751/service-targets';

/** Two versions of the first-treatment target (28 days in 2025, 14 from 2026) and a session-gap target. */
const TARGETS = [
  { name: 'treatment_start', kind: 'treatment_start_after_screening', limitDays: 28, validFrom: '2025-01-01', validTo: '2025-12-31' },
  { name: 'treatment_start', kind: 'treatment_start_after_screening', limitDays: 14, validFrom: '2026-01-01' },
  { name: 'session_gap_21d', kind: 'max_days_between_treatment_sessions', limitDays: 21, validFrom: '2025-01-01' },
];

describe('municipal service targets', () => {
  let sut: TestApp;
  let manager: string;
  let caseworker: string;
  let otherManager: string;

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW });
    manager = await sut.bearer({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    otherManager = await sut.bearer({ sub: 'm-101', roles: ['manager'], municipalities: ['101'] });
  });
  afterAll(() => sut.close());

  it('lets a manager of the municipality set them, and shows them with the national targets', async () => {
    const { body } = await sut.http.put(URL).set('Authorization', manager).send({ targets: TARGETS }).expect(200);
    expect(body.municipalityCode).toBe('751');
    expect(body.national.map((t: { name: string; limitDays: number }) => [t.name, t.limitDays])).toEqual([
      ['pre_conversation_14d', 14],
      ['screening_30d', 30],
    ]);
    expect(body.municipal).toEqual([
      expect.objectContaining({
        name: 'session_gap_21d',
        kind: 'max_days_between_treatment_sessions',
        limitDays: 21,
        validFrom: '2025-01-01',
        validTo: null,
        createdBy: 'm-751',
      }),
      expect.objectContaining({ name: 'treatment_start', limitDays: 28, validFrom: '2025-01-01', validTo: '2025-12-31' }),
      expect.objectContaining({ name: 'treatment_start', limitDays: 14, validFrom: '2026-01-01', validTo: null }),
    ]);
    const read = await sut.http.get(URL).set('Authorization', caseworker).expect(200);
    expect(read.body.municipal).toEqual(body.municipal);
  });

  it("is for that municipality's managers only", async () => {
    await sut.http.put(URL).set('Authorization', caseworker).send({ targets: TARGETS }).expect(403);
    const other = await sut.http.put(URL).set('Authorization', otherManager).send({ targets: [] }).expect(403);
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
    await sut.http.get(URL).set('Authorization', otherManager).expect(403);
    const evaluator = await sut.bearer({ sub: 'sst-1', roles: ['evaluator'], municipalities: [] });
    await sut.http.get(URL).set('Authorization', evaluator).expect(403);
    // Nothing changed.
    const { body } = await sut.http.get(URL).set('Authorization', manager).expect(200);
    expect(body.municipal).toHaveLength(3);
  });

  it.each([
    ['a bad name', [{ ...TARGETS[2], name: 'Session gap' }], 400, 'targets.0.name'],
    ['an unknown kind', [{ ...TARGETS[2], kind: 'waiting_list_within' }], 400, 'targets.0.kind'],
    ['a negative limit', [{ ...TARGETS[2], limitDays: -1 }], 400, 'targets.0.limitDays'],
    ['a limit that is not a whole number', [{ ...TARGETS[2], limitDays: 7.5 }], 400, 'targets.0.limitDays'],
    ['a date that does not exist', [{ ...TARGETS[2], validFrom: '2026-02-30' }], 400, 'targets.0.validFrom'],
    ['validTo before validFrom', [{ ...TARGETS[2], validTo: '2024-12-31' }], 422, 'targets.0.validTo'],
    ['a duplicate version (same name and validFrom)', [TARGETS[2], { ...TARGETS[2], limitDays: 14 }], 422, 'targets.1'],
    [
      'one name with two kinds',
      [TARGETS[2], { ...TARGETS[2], kind: 'treatment_start_after_screening', validFrom: '2026-01-01' }],
      422,
      'targets.1.kind',
    ],
    ["a national target's name", [{ ...TARGETS[2], name: 'screening_30d' }], 422, 'targets.0.name'],
  ])('rejects %s as problem+json naming the field', async (_name, targets, status, field) => {
    const res = await sut.http.put(URL).set('Authorization', manager).send({ targets }).expect(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status, errors: expect.arrayContaining([expect.objectContaining({ field })]) });
    const { body } = await sut.http.get(URL).set('Authorization', manager).expect(200);
    expect(body.municipal).toHaveLength(3);
  });

  it('audits the change with the targets before and after', async () => {
    const { body } = await sut.http.get('/api/v1/audit?resourceType=service_targets').set('Authorization', manager).expect(200);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ action: 'update', resourceType: 'service_targets', resourceId: '751', municipalityCode: '751' });
    expect(JSON.stringify(body.items[0])).toContain('m-751');
    expect(body.items[0].details).toEqual({
      before: [],
      after: TARGETS.map((t) => ({ validTo: undefined, ...t })).map((t) => JSON.parse(JSON.stringify(t))),
    });
  });

  it('judges a course by the version in force on its first-contact date, and shows the municipal names', async () => {
    const courses = courseFactory(sut, caseworker);
    // First contact in 2025: the 28-day version. Screening offered treatment 2026-01-05, first session 01-25: 20 days, met.
    const before = await courses.newCourse({
      firstContact: '2025-12-15',
      cpr: cprFor('2014-01-01', 'female'),
      contacts: [pre('2025-12-20'), screening('2026-01-05'), treatment('2026-01-25'), treatment('2026-02-20')],
    });
    // First contact in 2026: the 14-day version. Screening 01-20, first session 02-09: 20 days, breached.
    const after = await courses.newCourse({
      firstContact: '2026-01-05',
      cpr: cprFor('2013-02-02', 'male'),
      contacts: [pre('2026-01-12'), screening('2026-01-20'), treatment('2026-02-09'), treatment('2026-02-23')],
    });
    const targets = async (id: string) =>
      (await sut.http.get(`/api/v1/courses/${id}`).set('Authorization', caseworker).expect(200)).body.targets.map(
        (t: { target: string; state: string; limitDays: number; daysWaited: number | null }) => [
          t.target,
          t.limitDays,
          t.state,
          t.daysWaited,
        ],
      );
    expect(await targets(before.id)).toEqual([
      ['pre_conversation_14d', 14, 'met', 5],
      ['screening_30d', 30, 'met', 21],
      // gap 01-25 → 02-20 = 26 days > 21
      ['session_gap_21d', 21, 'breached', 26],
      ['treatment_start', 28, 'met', 20],
    ]);
    expect(await targets(after.id)).toEqual([
      ['pre_conversation_14d', 14, 'met', 7],
      ['screening_30d', 30, 'met', 15],
      // gap 02-09 → 02-23 = 14 days, and running since 02-23 (course open): 112 days > 21
      ['session_gap_21d', 21, 'overdue', 112],
      ['treatment_start', 14, 'breached', 20],
    ]);
    // The compliance report counts each course against its own version.
    const report = await sut.http.get('/api/v1/reports/compliance?from=2025-12-01&to=2026-01-31').set('Authorization', manager).expect(200);
    const start = report.body.targets.find((t: { target: string }) => t.target === 'treatment_start');
    expect(start).toMatchObject({ national: false, groups: [expect.objectContaining({ key: 'all', met: 1, breached: 1, rate: 0.5 })] });
  });

  it('judges existing courses again when the targets change', async () => {
    const list = await sut.http
      .get('/api/v1/courses?firstContactFrom=2026-01-05&firstContactTo=2026-01-05')
      .set('Authorization', caseworker)
      .expect(200);
    const id = list.body.items[0].id;
    await sut.http
      .put(URL)
      .set('Authorization', manager)
      .send({ targets: [{ ...TARGETS[1], limitDays: 21 }] })
      .expect(200);
    const { body } = await sut.http.get(`/api/v1/courses/${id}`).set('Authorization', caseworker).expect(200);
    expect(body.targets.map((t: { target: string; state: string }) => `${t.target}:${t.state}`)).toEqual([
      'pre_conversation_14d:met',
      'screening_30d:met',
      'treatment_start:met',
    ]);
    const report = await sut.http.get('/api/v1/reports/compliance?from=2026-01-01&to=2026-01-31').set('Authorization', manager).expect(200);
    expect(report.body.targets.map((t: { target: string }) => t.target)).toEqual([
      'pre_conversation_14d',
      'screening_30d',
      'treatment_start',
    ]);
  });
});
