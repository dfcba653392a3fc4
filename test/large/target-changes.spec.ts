/**
 * Changing a municipality's targets while other writes run (issue 11, defect 8): two PUTs at once
 * both complete (they used to deadlock), and a course changed or created while a PUT rewrites the
 * summaries ends up summarised with its newest facts under the new targets, never overwritten by
 * an older computation. The PUT is held still at a chosen point by a row lock a test connection
 * takes on one course's target rows, so each interleaving is made on purpose, not hoped for.
 */
import { courseFactory, cprFor, pre, screening, treatment, type CourseFactory } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const URL = '/api/v1/municipalities/751/service-targets';

const START_28 = { name: 'treatment_start', kind: 'treatment_start_after_screening', limitDays: 28, validFrom: '2025-01-01' };
const START_21 = { ...START_28, limitDays: 21 };
const GAP_21 = { name: 'session_gap_21d', kind: 'max_days_between_treatment_sessions', limitDays: 21, validFrom: '2025-01-01' };
const GAP_14 = { ...GAP_21, name: 'session_gap_14d', limitDays: 14 };

interface StoredTarget {
  target: string;
  limit_days: number;
  held_on: string | null;
}

describe('changing targets while other writes run', () => {
  let sut: TestApp;
  let manager: string;
  let caseworker: string;
  let courses: CourseFactory;
  /** In the order they were registered. */
  const ids: string[] = [];

  const put = (targets: object[]) => sut.http.put(URL).set('Authorization', manager).send({ targets });

  /** The municipal target rows stored for a course, as the reports read them. */
  const storedTargets = (courseId: string): Promise<StoredTarget[]> =>
    withClient(sut.db.superuserUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT target, limit_days, to_char(held_on, 'YYYY-MM-DD') AS held_on FROM course_target
          WHERE course_id = $1 AND NOT national ORDER BY target`,
        [courseId],
      );
      return rows;
    });

  /** Until `done` says so, or five seconds have passed. */
  const until = async (done: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  /** How many of this database's sessions wait for a lock (a row lock or an advisory lock). */
  const lockWaiters = () =>
    withClient(sut.db.superuserUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return rows[0].n as number;
    });

  /**
   * Runs `during` while a PUT of `targets` is held still on the target rows of course `held` (it
   * has read that course's facts and waits to replace its target rows), then lets it go. Returns
   * both answers, and whether `during` was still waiting when the PUT was let go.
   */
  async function whilePutIsHeld<T extends { status: number }>(held: string, targets: object[], during: () => Promise<T>) {
    return withClient(sut.db.superuserUrl, async (db) => {
      await db.query('BEGIN');
      await db.query('SELECT 1 FROM course_target WHERE course_id = $1 FOR UPDATE', [held]);
      const putting = put(targets).then((r) => r);
      await until(async () => (await lockWaiters()) >= 1);
      let finished = false;
      const change = during().then((r) => {
        finished = true;
        return r;
      });
      // The change either completes (it did not need what the PUT holds) or waits for the PUT.
      await until(async () => finished || (await lockWaiters()) >= 2);
      const waitedForThePut = !finished;
      await db.query('COMMIT');
      return { put: await putting, change: await change, waitedForThePut };
    });
  }

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW });
    manager = await sut.bearer({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    courses = courseFactory(sut, caseworker);
    for (let i = 0; i < 8; i++) {
      const day = String(5 + i).padStart(2, '0');
      const course = await courses.newCourse({
        firstContact: `2026-02-${day}`,
        cpr: cprFor(`2013-03-${day}`, i % 2 ? 'male' : 'female'),
        contacts: [pre(`2026-02-${String(10 + i).padStart(2, '0')}`), screening(`2026-02-${String(15 + i).padStart(2, '0')}`)],
      });
      ids.push(course.id);
    }
  });
  afterAll(() => sut.close());

  it('completes two PUTs sent at once, and leaves the summaries judged by the targets that were stored last', async () => {
    for (let round = 0; round < 6; round++) {
      await put([]).expect(200);
      // The same versions in opposite orders, and a third set: each PUT replaces every version.
      const answers = await Promise.all([put([START_28, GAP_21]), put([GAP_21, START_28]), put([START_21, GAP_14])]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      const { body } = await sut.http.get(URL).set('Authorization', manager).expect(200);
      const stored = body.municipal.map((t: { name: string; limitDays: number }) => [t.name, t.limitDays]).sort();
      for (const id of ids) {
        expect((await storedTargets(id)).map((t) => [t.target, t.limit_days])).toEqual(stored);
      }
    }
  });

  it('summarises a course changed during a PUT with its new facts under the new targets', async () => {
    await put([START_28]).expect(200);
    const first = ids[0];
    expect(await storedTargets(first)).toEqual([{ target: 'treatment_start', limit_days: 28, held_on: null }]);
    const {
      put: answer,
      change,
      waitedForThePut,
    } = await whilePutIsHeld(first, [START_21], () =>
      sut.http.post(`/api/v1/courses/${first}/contacts`).set('Authorization', caseworker).send(treatment('2026-03-02')),
    );
    expect([answer.status, change.status]).toEqual([200, 201]);
    // It could not summarise the course under targets that were being replaced: it waited.
    expect(waitedForThePut).toBe(true);
    expect(await storedTargets(first)).toEqual([{ target: 'treatment_start', limit_days: 21, held_on: '2026-03-02' }]);
  });

  it('summarises a course created during a PUT under the new targets', async () => {
    await put([START_28]).expect(200);
    const {
      put: answer,
      change,
      waitedForThePut,
    } = await whilePutIsHeld(ids[0], [START_28, GAP_14], () =>
      sut.http
        .post('/api/v1/courses')
        .set('Authorization', caseworker)
        .send({
          municipalityCode: '751',
          firstContact: { date: '2026-06-01', channel: 'phone', contactedBy: 'parent' },
          clearlyInTargetGroup: true,
        }),
    );
    expect([answer.status, change.status]).toEqual([200, 201]);
    // It could not summarise the course under targets that were being replaced: it waited.
    expect(waitedForThePut).toBe(true);
    expect((await storedTargets(change.body.id)).map((t) => [t.target, t.limit_days])).toEqual([
      ['session_gap_14d', 14],
      ['treatment_start', 28],
    ]);
  });
});
