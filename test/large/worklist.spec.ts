/**
 * The working list (GET /api/v1/worklist) end to end: running clocks of open courses, soonest
 * deadline first, with what staff can still do about each (docs/metrics.md, "Working list").
 * The service's "today" is pinned to 2026-06-15.
 */
import { Clock } from '../../src/common/clock.js';
import { courseFactory, cprFor, pre, screening, treatment, type CourseFactory } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-06-15T10:00:00Z');

interface Item {
  courseId: string;
  target: string;
  deadline: string;
  daysLeft: number;
  firstContactDate: string;
  clockStart: string;
  nextPlannedDate: string | null;
  flags: string[];
}

describe('working list', () => {
  let sut: TestApp;
  let caseworker: string;
  let manager: string;
  let copenhagen: string;
  let courses: CourseFactory;
  const ids: Record<string, string> = {};

  const list = (auth: string, query = '?municipality=751&dueWithinDays=3') =>
    sut.http.get(`/api/v1/worklist${query}`).set('Authorization', auth);
  const summary = (items: Item[]) =>
    items.map((i) => `${nameOf(i.courseId)} ${i.target} ${i.deadline} ${i.daysLeft} [${i.flags.join(' ')}]`);
  const nameOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW });
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    manager = await sut.bearer({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
    copenhagen = await sut.bearer({ sub: 'cw-101', roles: ['caseworker'], municipalities: ['101'] });
    await sut.http
      .put('/api/v1/municipalities/751/service-targets')
      .set('Authorization', manager)
      .send({ targets: [{ name: 'session_gap_14d', kind: 'max_days_between_treatment_sessions', limitDays: 14, validFrom: '2026-01-01' }] })
      .expect(200);
    courses = courseFactory(sut, caseworker);
    const make = async (name: string, spec: Parameters<CourseFactory['newCourse']>[0]) => {
      ids[name] = (await courses.newCourse({ clearlyInTargetGroup: false, ...spec })).id;
    };
    // Not clearly in the target group: only target 1 (and Aarhus' session gap) can run.
    // W4: deadline 06-03 passed, nothing booked, 20 years old.
    await make('W4', { firstContact: '2026-05-20', cpr: cprFor('2006-01-01', 'male') });
    // W2: deadline 06-08 passed, booked 06-18: after the deadline.
    await make('W2', { firstContact: '2026-05-25', cpr: cprFor('2016-02-02', 'female'), contacts: [pre('2026-06-18', 'planned')] });
    // W6: target 1 met; one treatment session 05-31 without a treatment consent: the gap's deadline 06-14 passed.
    await make('W6', {
      firstContact: '2026-05-01',
      cpr: cprFor('2014-03-03', 'female'),
      contacts: [pre('2026-05-05'), screening('2026-05-12'), treatment('2026-05-31')],
    });
    // W1: no CPR; deadline 06-15 is today; nothing booked.
    await make('W1', { firstContact: '2026-06-01' });
    // W7: deadline 06-16, booked today: held below, which takes it off the list.
    await make('W7', { firstContact: '2026-06-02', cpr: cprFor('2015-04-04', 'male'), contacts: [pre('2026-06-15', 'planned')] });
    // W3: deadline 06-17, booked 06-16 in time.
    await make('W3', { firstContact: '2026-06-03', cpr: cprFor('2013-05-05', 'female'), contacts: [pre('2026-06-16', 'planned')] });
    // W5: booked on 06-10 (registered on 06-05) and never recorded as held, cancelled or a no-show.
    const clock = sut.app.get(Clock);
    clock.now = () => new Date('2026-06-05T10:00:00Z');
    await make('W5', { firstContact: '2026-06-04', cpr: cprFor('2012-06-06', 'male'), contacts: [pre('2026-06-10', 'planned')] });
    clock.now = () => NOW;
    // W10: deadline 06-26: not within 3 days.
    await make('W10', { firstContact: '2026-06-12', cpr: cprFor('2011-07-07', 'female') });
    // Closed and entered in error: never listed.
    await make('closed', {
      firstContact: '2026-06-01',
      cpr: cprFor('2014-08-08', 'male'),
      close: { date: '2026-06-05', reason: 'family_declined' },
    });
    await make('withdrawn', { firstContact: '2026-06-01', enteredInError: 'Registered twice' });
    // København.
    ids.K1 = (
      await courseFactory(sut, copenhagen).newCourse({ municipality: '101', firstContact: '2026-06-01', clearlyInTargetGroup: false })
    ).id;
  }, 60_000);
  afterAll(() => sut.close());

  it('lists the running clocks due within 3 days or overdue, soonest deadline first, with their flags', async () => {
    const { body } = await list(caseworker).expect(200);
    expect(body).toMatchObject({ municipality: '751', today: '2026-06-15', dueWithinDays: 3 });
    expect(summary(body.items)).toEqual([
      'W4 pre_conversation_14d 2026-06-03 -12 [overdue not_booked outside_age_range]',
      'W2 pre_conversation_14d 2026-06-08 -7 [overdue booked_after_deadline]',
      'W6 session_gap_14d 2026-06-14 -1 [overdue not_booked missing_treatment_consent]',
      'W1 pre_conversation_14d 2026-06-15 0 [due_soon not_booked missing_cpr]',
      'W7 pre_conversation_14d 2026-06-16 1 [due_soon]',
      'W3 pre_conversation_14d 2026-06-17 2 [due_soon]',
      'W5 pre_conversation_14d 2026-06-18 3 [due_soon not_booked unrecorded_planned_contact]',
    ]);
    const deadlines = (body.items as Item[]).map((i) => i.deadline);
    expect([...deadlines].sort()).toEqual(deadlines);
    const byName = Object.fromEntries((body.items as Item[]).map((i) => [nameOf(i.courseId), i]));
    expect(byName.W2).toMatchObject({ firstContactDate: '2026-05-25', clockStart: '2026-05-25', nextPlannedDate: '2026-06-18' });
    expect(byName.W6).toMatchObject({ firstContactDate: '2026-05-01', clockStart: '2026-05-31', nextPlannedDate: null });
    expect(byName.W5.nextPlannedDate).toBeNull();
    expect(byName.W3.nextPlannedDate).toBe('2026-06-16');
    // The manager sees the same list.
    expect(summary((await list(manager).expect(200)).body.items)).toEqual(summary(body.items));
  });

  it('lists every running clock without dueWithinDays, and never closed or withdrawn courses', async () => {
    const { body } = await list(caseworker, '').expect(200);
    const names = (body.items as Item[]).map((i) => nameOf(i.courseId));
    expect(names).toEqual(['W4', 'W2', 'W6', 'W1', 'W7', 'W3', 'W5', 'W10']);
    expect((body.items as Item[])[7]).toMatchObject({ deadline: '2026-06-26', daysLeft: 11, flags: [] });
  });

  it('takes a clock off the list once its step is held', async () => {
    const course = await sut.http.get(`/api/v1/courses/${ids.W7}`).set('Authorization', caseworker).expect(200);
    const booking = (course.body.contacts as { id: string; type: string }[]).find((c) => c.type === 'pre_conversation')!;
    await courses.updateContact(ids.W7, booking.id, { status: 'held', outcome: 'proceed_to_screening' });
    const { body } = await list(caseworker).expect(200);
    expect((body.items as Item[]).map((i) => nameOf(i.courseId))).toEqual(['W4', 'W2', 'W6', 'W1', 'W3', 'W5']);
  });

  it("refuses another municipality's list and shows each municipality only its own courses", async () => {
    const refused = await list(copenhagen).expect(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    const own = await list(copenhagen, '?dueWithinDays=3').expect(200);
    expect(own.body.municipality).toBe('101');
    expect((own.body.items as Item[]).map((i) => nameOf(i.courseId))).toEqual(['K1']);
  });

  it('is not for evaluators', async () => {
    const evaluator = await sut.bearer({ sub: 'sst-1', roles: ['evaluator'], municipalities: [] });
    await list(evaluator).expect(403);
  });
});
